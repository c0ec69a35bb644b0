package io.lakehouse.server;

import io.lakehouse.jdbc.LakehouseDriver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.server.HttpServer;
import org.apache.calcite.avatica.server.ServerCustomizer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An Avatica HTTP server over one warehouse. Every remote connection is a {@code jdbc:lakehouse:}
 * connection to that warehouse with the configured properties.
 */
public final class LakehouseServer implements AutoCloseable {

  /** The port the server listens on when none is given. */
  public static final int DEFAULT_PORT = 8765;

  private final HttpServer server;

  private LakehouseServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts a server.
   *
   * @param warehouse the warehouse location (a path or file: URI)
   * @param bindAddress the address to listen on, such as 127.0.0.1
   * @param port the port, or 0 for any free port
   * @param connectionProperties connection properties for every remote connection
   * @param serialization PROTOBUF or JSON
   */
  public static LakehouseServer start(
      String warehouse,
      String bindAddress,
      int port,
      Map<String, String> connectionProperties,
      Driver.Serialization serialization)
      throws SQLException {
    Properties properties = new Properties();
    properties.putAll(connectionProperties);
    String url = LakehouseDriver.PREFIX + warehouse;
    // Fail at start, not at the first client, when the warehouse or a property is wrong.
    new LakehouseDriver().connect(url, properties).close();
    JdbcMeta meta = new JdbcMeta(url, properties);
    ServerCustomizer<Server> bind =
        jetty -> {
          for (Connector connector : jetty.getConnectors()) {
            if (connector instanceof ServerConnector serverConnector) {
              serverConnector.setHost(bindAddress);
            }
          }
        };
    HttpServer server =
        new HttpServer.Builder<Server>()
            .withHandler(new LocalService(meta), serialization)
            .withPort(port)
            .withServerCustomizers(List.of(bind), Server.class)
            .build();
    server.start();
    return new LakehouseServer(server);
  }

  /** The port the server listens on. */
  public int port() {
    return server.getPort();
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() {
    server.stop();
  }

  /**
   * Runs a server: {@code --warehouse <location> [--port 8765] [--bind 127.0.0.1]
   * [--serialization PROTOBUF|JSON] [--property key=value]...}.
   */
  public static void main(String[] args) throws Exception {
    String warehouse = null;
    String bind = "127.0.0.1";
    int port = DEFAULT_PORT;
    Driver.Serialization serialization = Driver.Serialization.PROTOBUF;
    Map<String, String> properties = new TreeMap<>();
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String flag = rest.remove(0);
      if (rest.isEmpty()) {
        usage("missing value after " + flag);
      }
      String value = rest.remove(0);
      switch (flag) {
        case "--warehouse" -> warehouse = value;
        case "--bind" -> bind = value;
        case "--port" -> port = Integer.parseInt(value);
        case "--serialization" -> serialization = Driver.Serialization.valueOf(value.toUpperCase(java.util.Locale.ROOT));
        case "--property" -> {
          int eq = value.indexOf('=');
          if (eq <= 0) {
            usage("--property takes key=value, got " + value);
          }
          properties.put(value.substring(0, eq), value.substring(eq + 1));
        }
        default -> usage("unknown flag " + flag);
      }
    }
    if (warehouse == null) {
      usage("--warehouse is required");
    }
    try (LakehouseServer server = start(warehouse, bind, port, properties, serialization)) {
      System.out.printf(
          "Lakehouse JDBC server on http://%s:%d — connect with jdbc:avatica:remote:url=http://%s:%d;serialization=%s%n",
          bind, server.port(), bind, server.port(), serialization);
      server.join();
    }
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println(
        "usage: serve --warehouse <location> [--port 8765] [--bind 127.0.0.1]"
            + " [--serialization PROTOBUF|JSON] [--property key=value]...");
    System.exit(2);
  }
}
