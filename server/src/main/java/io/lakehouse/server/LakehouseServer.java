package io.lakehouse.server;

import io.lakehouse.jdbc.LakehouseDriver;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.calcite.avatica.server.HttpServer;
import org.apache.calcite.avatica.server.ServerCustomizer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Avatica HTTP server over one warehouse, for Avatica's thin JDBC driver
 * ({@code jdbc:avatica:remote:url=http://host:8765;serialization=PROTOBUF}). Every remote
 * connection is a read-only {@code jdbc:lakehouse:} connection confined to the warehouse (and any
 * allowed roots), with the server's memory limit and query timeout; see {@link ServerConfig}.
 */
public final class LakehouseServer implements AutoCloseable {

  /** The port the server listens on when none is given. */
  public static final int DEFAULT_PORT = 8765;

  private static final Logger LOG = LoggerFactory.getLogger(LakehouseServer.class);
  /** How long requests cancelled at shutdown get to send their error. */
  private static final java.time.Duration ANSWER_TIME = java.time.Duration.ofSeconds(5);

  private final HttpServer server;
  private final LakehouseMeta meta;
  private final ScheduledExecutorService timer;
  private final ServerConfig config;
  private boolean closed;

  private LakehouseServer(HttpServer server, LakehouseMeta meta, ScheduledExecutorService timer, ServerConfig config) {
    this.server = server;
    this.meta = meta;
    this.timer = timer;
    this.config = config;
  }

  /** Starts a server; fails at once, with the reason, when the configuration or warehouse is wrong. */
  public static LakehouseServer start(ServerConfig config) throws SQLException {
    config.validate();
    Properties properties = new Properties();
    properties.putAll(config.properties);
    properties.setProperty("memoryLimit", config.memoryLimit);
    properties.setProperty("confineToWarehouse", "true");
    if (!config.allowedRoots.isBlank()) {
      properties.setProperty("allowedRoots", config.allowedRoots);
    }
    String url = LakehouseDriver.PREFIX + config.warehouse;
    // Fail at start, not at the first client, when the warehouse or a property is wrong.
    new LakehouseDriver().connect(url, properties).close();
    warnAboutLinksOut(Path.of(config.warehouse), config.allowedRoots);

    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "lakehouse-server-timer");
              thread.setDaemon(true);
              return thread;
            });
    LakehouseMeta meta;
    try {
      meta =
          new LakehouseMeta(
              url,
              new SessionPolicy(properties, config.queryTimeout),
              config.maxConnections,
              config.idleTimeout,
              timer);
    } catch (SQLException | RuntimeException e) {
      timer.shutdownNow();
      throw e;
    }
    HttpServer.Builder<Server> builder =
        new HttpServer.Builder<Server>()
            .withHandler(SqlStateService.wrap(meta.service()), config.serialization)
            .withPort(config.port)
            .withServerCustomizers(List.of(bindAndDrain(config)), Server.class);
    String[] roles = config.roles.isEmpty() ? new String[] {"**"} : config.roles.toArray(new String[0]);
    switch (config.authentication) {
      case BASIC -> builder.withBasicAuthentication(config.users.toString(), roles);
      case DIGEST -> builder.withDigestAuthentication(config.users.toString(), roles);
      case NONE -> { }
    }
    if (config.keystore != null) {
      File keystore = config.keystore.toFile();
      builder.withTLS(keystore, config.keystorePassword, keystore, config.keystorePassword, config.keystoreType);
    }
    HttpServer server = builder.build();
    try {
      server.start();
    } catch (RuntimeException e) {
      meta.closeAll();
      timer.shutdownNow();
      throw e;
    }
    return new LakehouseServer(server, meta, timer, config);
  }

  /** Listens on the configured address only, and lets requests under way answer on shutdown. */
  private static ServerCustomizer<Server> bindAndDrain(ServerConfig config) {
    return jetty -> {
      for (Connector connector : jetty.getConnectors()) {
        if (connector instanceof ServerConnector serverConnector) {
          serverConnector.setHost(config.bind);
        }
      }
      StatisticsHandler drain = new StatisticsHandler();
      drain.setHandler(jetty.getHandler());
      jetty.setHandler(drain);
      // the grace period was given by close() before the server stops listening
      jetty.setStopTimeout(ANSWER_TIME.toMillis());
    };
  }

  /** Says which entries of the warehouse are links out of the roots, and so are not served. */
  private static void warnAboutLinksOut(Path warehouse, String allowedRoots) {
    try {
      List<Path> roots = new ArrayList<>();
      roots.add(warehouse.toRealPath());
      for (String root : allowedRoots.split(java.util.regex.Pattern.quote(File.pathSeparator))) {
        if (!root.isBlank()) {
          roots.add(Path.of(root.trim()).toRealPath());
        }
      }
      try (DirectoryStream<Path> children = Files.newDirectoryStream(warehouse)) {
        for (Path child : children) {
          Path real = child.toRealPath();
          if (roots.stream().noneMatch(real::startsWith)) {
            LOG.warn(
                "{} links to {}, outside the warehouse: it is not served (add its directory to allowed-roots to serve it)",
                child.getFileName(), real);
          }
        }
      }
    } catch (IOException e) {
      LOG.warn("Cannot check the warehouse for links out of it: {}", e.toString());
    }
  }

  /** The port the server listens on. */
  public int port() {
    return server.getPort();
  }

  /** The thin-driver URL of this server, e.g. {@code jdbc:avatica:remote:url=http://127.0.0.1:8765;serialization=PROTOBUF}. */
  public String url() {
    String host = config.bind.contains(":") ? "[" + config.bind + "]" : config.bind;
    return "jdbc:avatica:remote:url=" + config.scheme() + "://" + host + ":" + port()
        + ";serialization=" + config.serialization;
  }

  /** The number of remote connections open now. */
  public int openConnections() {
    return meta.openConnections();
  }

  /**
   * The bytes of Arrow memory the connections' queries hold now, counting closed connections that
   * did not give all of theirs back.
   */
  public long allocatedBytes() {
    return meta.allocatedBytes();
  }

  /** The number of result sets open on the server: queries running or not yet closed by clients. */
  public int openResultSets() {
    return meta.openResultSets();
  }

  /** The number of requests under way now. */
  int runningRequests() {
    return meta.runningRequests();
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  /**
   * Stops gracefully. New connections and new queries are refused at once (SQLState 57P01);
   * running queries, including result sets still being fetched, get the grace period to finish;
   * those still running then are cancelled and fail with SQLState 57P01. Then the server stops
   * listening and every connection is closed and its memory freed.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      meta.drain("The server is shutting down: it takes no new connections or queries");
      long deadline = System.nanoTime() + config.gracePeriod.toNanos();
      awaitIdle(deadline);
      if (meta.busy()) {
        LOG.warn("Shutting down: ending the queries still running after the grace period of {}",
            QueryDeadlines.format(config.gracePeriod));
        meta.endAll("The server shut down and ended this query after its grace period of "
            + QueryDeadlines.format(config.gracePeriod));
        // Let the requests under way answer with that error before the server stops listening.
        long answered = System.nanoTime() + ANSWER_TIME.toNanos();
        while (meta.runningRequests() > 0 && System.nanoTime() < answered) {
          sleep();
        }
      }
      server.stop();
    } finally {
      meta.closeAll();
      timer.shutdownNow();
    }
  }

  private void awaitIdle(long deadline) {
    while (meta.busy() && System.nanoTime() < deadline) {
      sleep();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while shutting down", e);
    }
  }

  /** Runs a server; see {@link ServerConfig} for the flags. */
  public static void main(String[] args) throws Exception {
    ServerConfig config;
    try {
      config = ServerConfig.parse(args);
      config.validate();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(ServerConfig.USAGE);
      System.exit(2);
      return;
    }
    LakehouseServer server = start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "lakehouse-server-shutdown"));
    System.out.printf("Lakehouse JDBC server: connect with %s%s%n",
        server.url(), config.authentication == ServerConfig.Authentication.NONE
            ? "" : ";authentication=" + config.authentication + ";avatica_user=...;avatica_password=...");
    server.join();
  }
}
