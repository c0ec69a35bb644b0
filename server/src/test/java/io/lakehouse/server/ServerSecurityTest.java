package io.lakehouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication (BASIC and DIGEST with roles), TLS with a keystore generated here, the loopback
 * rule, the config file and what a client may not choose. A rejected client runs nothing: the
 * server opens no connection for it.
 */
class ServerSecurityTest {

  private static final String QUERY = "SELECT COUNT(*) FROM \"basic-decimal-table\"";
  private static final String PASSWORD = "s3cret-store";

  @TempDir static Path dir;
  private static Path users;

  @BeforeAll
  static void usersFile() throws IOException {
    users = dir.resolve("users.properties");
    Files.writeString(users, "alice: wonderland,analyst\nbob: builder,guest\n");
  }

  @Test
  void basicAuthenticationLetsInOnlyTheRightUserWithAnAllowedRole() throws Exception {
    checkAuthentication("BASIC");
  }

  @Test
  void digestAuthenticationLetsInOnlyTheRightUserWithAnAllowedRole() throws Exception {
    checkAuthentication("DIGEST");
  }

  private static void checkAuthentication(String scheme) throws Exception {
    ServerConfig config =
        TestServers.corpus().set("authentication", scheme).set("users", users.toString()).set("roles", "analyst");
    try (LakehouseServer server = LakehouseServer.start(config)) {
      String url = server.url() + ";authentication=" + scheme;
      assertEquals(List.of(1L), count(url, "alice", "wonderland"));
      assertRejected(server, server.url(), null, null, "401");
      assertRejected(server, url, "alice", "wrong", "401");
      assertRejected(server, url, "mallory", "wonderland", "401");
      // bob's password is right but his role is not allowed in
      assertRejected(server, url, "bob", "builder", "403");
    }
  }

  @Test
  void tlsWithAGeneratedKeystore() throws Exception {
    Path keystore = generateKeystore(dir.resolve("server.p12"));
    ServerConfig config =
        TestServers.corpus()
            .set("authentication", "BASIC")
            .set("users", users.toString())
            .set("keystore", keystore.toString())
            .set("keystore-password", PASSWORD);
    try (LakehouseServer server = LakehouseServer.start(config)) {
      assertTrue(server.url().startsWith("jdbc:avatica:remote:url=https://127.0.0.1:"), server.url());
      String trusted =
          server.url() + ";authentication=BASIC;truststore=" + keystore + ";truststore_password=" + PASSWORD
              + ";truststore_type=PKCS12";
      assertEquals(List.of(1L), count(trusted, "alice", "wonderland"));
      // A client that does not trust the certificate gets nowhere.
      assertRejected(server, server.url() + ";authentication=BASIC", "alice", "wonderland", "PKIX");
      // Nor does plain HTTP (asked with a bare HTTP client: Avatica's retries such a failure forever).
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpRequest plain =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
              .timeout(Duration.ofSeconds(10))
              .POST(HttpRequest.BodyPublishers.ofString("{\"request\":\"openConnection\",\"connectionId\":\"x\"}"))
              .build();
      boolean refused;
      try {
        refused = http.send(plain, HttpResponse.BodyHandlers.ofString()).statusCode() >= 400;
      } catch (IOException e) {
        refused = true;
      }
      assertTrue(refused, "plain HTTP must not reach a TLS server");
      assertEquals(0, server.openConnections());
      assertRejected(server, trusted, "alice", "wrong", "401");
    }
  }

  @Test
  void noAuthenticationOnlyOnLoopback() {
    ServerConfig open = ServerConfig.forWarehouse(dir.toString()).set("bind", "0.0.0.0");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, open::validate);
    assertTrue(e.getMessage().contains("loopback"), e.getMessage());

    ServerConfig basicInClear =
        ServerConfig.forWarehouse(dir.toString())
            .set("bind", "0.0.0.0")
            .set("authentication", "BASIC")
            .set("users", users.toString());
    e = assertThrows(IllegalArgumentException.class, basicInClear::validate);
    assertTrue(e.getMessage().contains("TLS"), e.getMessage());

    ServerConfig noUsers = ServerConfig.forWarehouse(dir.toString()).set("authentication", "DIGEST");
    e = assertThrows(IllegalArgumentException.class, noUsers::validate);
    assertTrue(e.getMessage().contains("--users"), e.getMessage());

    ServerConfig digest =
        ServerConfig.forWarehouse(dir.toString())
            .set("bind", "0.0.0.0")
            .set("authentication", "DIGEST")
            .set("users", users.toString());
    digest.validate();
  }

  @Test
  void configFileWithFlagsWinning() throws IOException {
    Path file = dir.resolve("server.properties");
    Files.writeString(
        file,
        "warehouse=/data/lake\nport=9000\nauthentication=DIGEST\nusers=" + users + "\nquery-timeout=30s\n"
            + "memory-limit=256m\nmax-connections=8\nproperty.timeZone=Europe/Paris\n");
    ServerConfig config = ServerConfig.parse(new String[] {"--config", file.toString(), "--port", "9100"});
    assertEquals("/data/lake", config.warehouse);
    assertEquals(9100, config.port);
    assertEquals(ServerConfig.Authentication.DIGEST, config.authentication);
    assertEquals(30, config.queryTimeout.toSeconds());
    assertEquals("256m", config.memoryLimit);
    assertEquals(8, config.maxConnections);
    assertEquals("Europe/Paris", config.properties.get("timeZone"));

    Files.writeString(file, "warehouse=/data/lake\nprot=9000\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.parse(new String[] {"--config", file.toString()}));
    assertTrue(e.getMessage().contains("prot"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ServerConfig.parse(new String[] {"--property", "memoryLimit=9g"}));
    assertTrue(e.getMessage().contains("memoryLimit"), e.getMessage());
  }

  @Test
  void aClientCannotChooseWhatTheServerOwns() throws Exception {
    try (LakehouseServer server = LakehouseServer.start(TestServers.corpus())) {
      for (String property : List.of("memoryLimit=100g", "confineToWarehouse=false", "allowedRoots=/", "nosuch=1")) {
        Properties info = new Properties();
        String key = property.substring(0, property.indexOf('='));
        info.setProperty(key, property.substring(key.length() + 1));
        Exception e = assertThrows(Exception.class, () -> DriverManager.getConnection(server.url(), info).close());
        assertTrue(messages(e).contains(key), messages(e));
        assertTrue(messages(e).contains(key.equals("nosuch") ? "08001" : "08004"), messages(e));
      }
      assertEquals(0, server.openConnections());
      // The session time zone is the client's to choose.
      try (Connection c = DriverManager.getConnection(server.url() + ";timeZone=Asia/Tokyo");
          ResultSet rs = c.createStatement().executeQuery("SELECT CAST(CURRENT_TIMESTAMP AS VARCHAR)")) {
        assertTrue(rs.next());
      }
    }
  }

  private static List<Long> count(String url, String user, String password) throws SQLException {
    Properties info = new Properties();
    info.setProperty("avatica_user", user);
    info.setProperty("avatica_password", password);
    try (Connection c = DriverManager.getConnection(url, info);
        ResultSet rs = c.createStatement().executeQuery(QUERY)) {
      rs.next();
      return List.of(rs.getLong(1) > 0 ? 1L : 0L);
    }
  }

  private static void assertRejected(LakehouseServer server, String url, String user, String password, String status) {
    Properties info = new Properties();
    if (user != null) {
      info.setProperty("avatica_user", user);
      info.setProperty("avatica_password", password);
    }
    Exception e =
        assertThrows(
            Exception.class,
            () -> {
              try (Connection c = DriverManager.getConnection(url, info);
                  ResultSet rs = c.createStatement().executeQuery(QUERY)) {
                rs.next();
              }
            });
    String messages = messages(e);
    assertTrue(messages.contains(status), status + " expected in: " + messages);
    assertEquals(0, server.openConnections(), "a rejected client must not get a connection");
  }

  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t).append(" | ");
    }
    return all.toString();
  }

  static Path generateKeystore(Path file) throws IOException, InterruptedException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                keytool.toString(), "-genkeypair", "-alias", "lakehouse", "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    return file;
  }
}
