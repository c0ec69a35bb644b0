package io.lakehouse.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakehouse.engine.io.S3ProxyServer;
import io.lakehouse.engine.io.S3Settings;
import io.lakehouse.engine.io.Storage;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.RESTCatalogAdapter;
import org.apache.iceberg.rest.RESTCatalogServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real Iceberg REST catalog server for tests: iceberg-core's reference implementation
 * ({@link RESTCatalogAdapter} over a backing catalog, served by {@link RESTCatalogServlet}) on Jetty,
 * on a free port of 127.0.0.1. A filter in front of it does what the reference server leaves to
 * deployments:
 *
 * <ul>
 *   <li>authentication: every request but the OAuth2 token request needs {@code Authorization:
 *       Bearer <token>} with {@link #TOKEN} or the token issued for {@link #CREDENTIAL}; else 401.
 *       The token endpoint checks the client's id and secret (the reference one does not);
 *   <li>vended credentials: each table's load result gets the S3Proxy endpoint, path-style access
 *       and keys ({@link Vending}), so clients need no S3 settings of their own.
 * </ul>
 *
 * <p>{@link #overJdbcCatalog} serves a new Iceberg JDBC catalog on SQLite whose tables lie in
 * S3Proxy, for tests to write through {@link #catalog()}.
 */
final class RestCatalogServer implements AutoCloseable {

  static final String TOKEN = "static-test-token";
  static final String CLIENT_ID = "lakehouse-client";
  static final String CLIENT_SECRET = "lakehouse-secret";
  static final String CREDENTIAL = CLIENT_ID + ":" + CLIENT_SECRET;
  private static final String ISSUED_TOKEN = "issued-for-" + CLIENT_ID;

  /** What the server hands out with a table. */
  enum Vending {
    /** endpoint, path-style and keys in the load result's {@code config} */
    CONFIG,
    /** endpoint and path-style in {@code config}, keys in {@code storage-credentials} for the bucket */
    STORAGE_CREDENTIALS,
    /** as {@link #CONFIG}, with a wrong secret */
    WRONG_SECRET,
    /** the keys only, in {@code config}: clients must know the endpoint */
    KEYS_ONLY
  }

  /** A table's load: GET [/v1][/prefix]/namespaces/{ns}/tables/{table}. */
  private static final Pattern LOAD_TABLE = Pattern.compile(".*/namespaces/[^/]+/tables/[^/]+");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Server server;
  private final S3ProxyServer s3;
  private final String bucket;
  private volatile Vending vending = Vending.CONFIG;
  private JdbcCatalog backing;
  private String warehouse;
  /** What closing the server closes after it: the backing catalog and its writers' storage. */
  private final List<AutoCloseable> owned = new ArrayList<>();

  /**
   * Serves {@code catalog}, whose tables lie in {@code bucket} of {@code s3}.
   */
  RestCatalogServer(Catalog catalog, S3ProxyServer s3, String bucket) throws Exception {
    this.s3 = s3;
    this.bucket = bucket;
    server = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new RESTCatalogServlet(new RESTCatalogAdapter(catalog))), "/*");
    context.addFilter(new FilterHolder(new Guard()), "/*", EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(context);
    server.start();
  }

  /**
   * A server over a new Iceberg JDBC catalog on SQLite in {@code dir}, its warehouse a fresh prefix
   * of {@code bucket} (created if missing) in the shared S3Proxy. Closing the server closes the
   * catalog.
   */
  static RestCatalogServer overJdbcCatalog(Path dir, String bucket) throws Exception {
    S3ProxyServer s3 = S3ProxyServer.shared();
    s3.createBucket(bucket);
    String warehouse = "s3://" + bucket + "/wh-" + System.nanoTime();
    Storage writerStorage = Storage.create(Map.of(), s3.settings());
    JdbcCatalog catalog = new JdbcCatalog(props -> writerStorage.fileIO(), null, true);
    RestCatalogServer server;
    try {
      catalog.initialize("served", Map.of("uri", "jdbc:sqlite:" + dir.resolve("catalog.db"), "warehouse", warehouse));
      server = new RestCatalogServer(catalog, s3, bucket);
    } catch (Exception e) {
      catalog.close();
      writerStorage.close();
      throw e;
    }
    server.backing = catalog;
    server.warehouse = warehouse;
    server.owned.add(catalog);
    server.owned.add(writerStorage);
    return server;
  }

  /** The catalog served, for writing tables: only of a server made by {@link #overJdbcCatalog}. */
  JdbcCatalog catalog() {
    return backing;
  }

  /** Where the served catalog's tables lie: only of a server made by {@link #overJdbcCatalog}. */
  String warehouse() {
    return warehouse;
  }

  /** The catalog's base URI. */
  String uri() {
    return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  void vending(Vending vending) {
    this.vending = vending;
  }

  @Override
  public void close() throws Exception {
    server.stop();
    for (AutoCloseable resource : owned) {
      resource.close();
    }
  }

  /** Checks bearer tokens, answers the token endpoint, and adds vended credentials to table loads. */
  private final class Guard implements Filter {

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
        throws IOException, ServletException {
      HttpServletRequest request = (HttpServletRequest) req;
      HttpServletResponse response = (HttpServletResponse) resp;
      String path = request.getRequestURI();
      if (path.endsWith("/oauth/tokens")) {
        issueToken(request, response);
        return;
      }
      String authorization = request.getHeader("Authorization");
      if (authorization == null
          || !Set.of("Bearer " + TOKEN, "Bearer " + ISSUED_TOKEN).contains(authorization)) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error")
            .put("message", "Not authorized: " + (authorization == null ? "no bearer token" : "unknown token"))
            .put("type", "NotAuthorizedException")
            .put("code", 401);
        write(response, 401, error);
        return;
      }
      if (!"GET".equals(request.getMethod()) || !LOAD_TABLE.matcher(path).matches()) {
        chain.doFilter(request, response);
        return;
      }
      Buffered buffered = new Buffered(response);
      chain.doFilter(request, buffered);
      byte[] body = buffered.body();
      if (buffered.getStatus() != 200 || body.length == 0) {
        response.setStatus(buffered.getStatus());
        response.getOutputStream().write(body);
        return;
      }
      ObjectNode load = (ObjectNode) JSON.readTree(body);
      vend(load);
      write(response, 200, load);
    }

    private void issueToken(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String id = request.getParameter("client_id");
      String secret = request.getParameter("client_secret");
      if (!"client_credentials".equals(request.getParameter("grant_type"))
          || !CLIENT_ID.equals(id)
          || !CLIENT_SECRET.equals(secret)) {
        ObjectNode error = JSON.createObjectNode()
            .put("error", "invalid_client")
            .put("error_description", "Unknown client or wrong secret for client '" + id + "'");
        write(response, 401, error);
        return;
      }
      ObjectNode token = JSON.createObjectNode()
          .put("access_token", ISSUED_TOKEN)
          .put("token_type", "bearer")
          .put("issued_token_type", "urn:ietf:params:oauth:token-type:access_token")
          .put("expires_in", 3600);
      write(response, 200, token);
    }

    private void vend(ObjectNode load) {
      S3Settings settings = s3.settings();
      Map<String, String> place = new LinkedHashMap<>();
      place.put("s3.endpoint", settings.endpoint());
      place.put("s3.path-style-access", "true");
      place.put("client.region", S3ProxyServer.REGION);
      Map<String, String> keys = new LinkedHashMap<>();
      keys.put("s3.access-key-id", settings.accessKeyId());
      keys.put(
          "s3.secret-access-key", vending == Vending.WRONG_SECRET ? "not-the-secret" : settings.secretAccessKey());
      ObjectNode config = load.has("config") ? (ObjectNode) load.get("config") : load.putObject("config");
      if (vending != Vending.KEYS_ONLY) {
        place.forEach(config::put);
      }
      if (vending == Vending.STORAGE_CREDENTIALS) {
        ArrayNode credentials = load.putArray("storage-credentials");
        ObjectNode credential = credentials.addObject().put("prefix", "s3://" + bucket + "/");
        ObjectNode credentialConfig = credential.putObject("config");
        keys.forEach(credentialConfig::put);
      } else {
        keys.forEach(config::put);
      }
    }

    private void write(HttpServletResponse response, int status, ObjectNode body) throws IOException {
      byte[] bytes = JSON.writeValueAsBytes(body);
      response.setStatus(status);
      response.setContentType("application/json");
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
    }
  }

  /**
   * A response whose status and body are kept, to be rewritten. As a real response, it is committed
   * by the first byte of its body: the servlet sets a 500 after writing an error body, which a
   * committed response ignores.
   */
  private static final class Buffered extends HttpServletResponseWrapper {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintWriter writer = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8));
    private int status = 200;

    Buffered(HttpServletResponse response) {
      super(response);
    }

    byte[] body() {
      writer.flush();
      return bytes.toByteArray();
    }

    @Override
    public void setStatus(int status) {
      writer.flush();
      if (bytes.size() == 0) {
        this.status = status;
      }
    }

    @Override
    public int getStatus() {
      return status;
    }

    @Override
    public boolean isCommitted() {
      writer.flush();
      return bytes.size() > 0;
    }

    @Override
    public PrintWriter getWriter() {
      return writer;
    }

    @Override
    public void setContentLength(int length) {}

    @Override
    public void setContentLengthLong(long length) {}

    @Override
    public ServletOutputStream getOutputStream() {
      return new ServletOutputStream() {
        @Override
        public void write(int b) {
          bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          bytes.write(b, off, len);
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {}
      };
    }
  }
}
