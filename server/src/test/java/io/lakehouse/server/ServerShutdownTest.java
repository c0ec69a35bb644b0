package io.lakehouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.jdbc.corpus.CorpusWarehouse;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Graceful shutdown: new connections and queries are refused at once with SQLState 57P01, running
 * queries finish within the grace period or are ended with 57P01 after it, everything is freed,
 * and the server process exits on SIGTERM.
 */
class ServerShutdownTest {

  private static final String SCAN = "SELECT * FROM \"lineitem_iceberg\"";
  private static final String SMALL = "SELECT COUNT(*) FROM \"basic-decimal-table\"";
  /** Never ends in time: 51793 x 51793 rows. */
  private static final String ENDLESS =
      "SELECT COUNT(*) FROM \"lineitem_iceberg\" a CROSS JOIN \"lineitem_iceberg\" b";

  @Test
  void aRunningQueryFinishesWhileNewConnectionsAndQueriesAreRefused() throws Exception {
    long expectedRows;
    try (Connection embedded = DriverManager.getConnection(CorpusWarehouse.url())) {
      expectedRows = ServerResourcesTest.countOf(embedded, "SELECT COUNT(*) FROM \"lineitem_iceberg\"").get(0);
    }
    LakehouseServer server = LakehouseServer.start(TestServers.corpus().set("grace-period", "60s"));
    CompletableFuture<Void> closing;
    Connection running = DriverManager.getConnection(server.url());
    Connection idle = DriverManager.getConnection(server.url());
    try {
      Statement statement = running.createStatement();
      statement.setFetchSize(1000);
      ResultSet rows = statement.executeQuery(SCAN);
      long read = 0;
      for (; read < 10; read++) {
        assertTrue(rows.next());
      }
      closing = CompletableFuture.runAsync(server::close);
      // Avatica's thin driver reports a refused connection as an AvaticaClientRuntimeException
      org.apache.calcite.avatica.AvaticaClientRuntimeException refused = awaitRefusal(server.url());
      assertEquals("57P01", refused.getSqlState(), refused.toString());
      assertTrue(refused.getMessage().contains("shutting down"), refused.getMessage());
      SQLException query = assertThrows(SQLException.class, () -> ServerResourcesTest.countOf(idle, SMALL));
      assertEquals("57P01", query.getSQLState(), query.toString());
      assertFalse(closing.isDone(), "the server waits for the running query");
      while (rows.next()) {
        read++;
      }
      assertEquals(expectedRows, read, "the running query read to its end");
      // its last rows ended the query on the server, which may have stopped before this close
      closing.get(60, TimeUnit.SECONDS);
    } finally {
      // the server dropped them: their clients' close may fail, with nothing left to free
      closeQuietly(running);
      closeQuietly(idle);
    }
    assertEquals(0, server.openConnections());
    assertEquals(0, server.allocatedBytes());
    assertThrows(Exception.class, () -> DriverManager.getConnection(server.url()).close(), "the server stopped listening");
  }

  @Test
  void aQueryStillRunningAfterTheGracePeriodEndsWithAClearError() throws Exception {
    LakehouseServer server = LakehouseServer.start(TestServers.corpus().set("grace-period", "1s"));
    Connection c = DriverManager.getConnection(server.url());
    try {
      CompletableFuture<SQLException> endless =
          CompletableFuture.supplyAsync(() -> {
            try {
              ServerResourcesTest.countOf(c, ENDLESS);
              return null;
            } catch (SQLException e) {
              return e;
            }
          });
      ServerResourcesTest.awaitTrue(() -> server.runningRequests() > 0, "the endless query runs");
      long start = System.nanoTime();
      server.close();
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      assertTrue(seconds < 30, "shutdown took " + seconds + " s with a grace period of 1 s");
      SQLException e = endless.get(30, TimeUnit.SECONDS);
      assertTrue(e != null, "the endless query was ended");
      assertEquals("57P01", e.getSQLState(), e.toString());
      assertTrue(e.getMessage().contains("grace period of 1 s"), e.getMessage());
      assertEquals(0, server.allocatedBytes());
      assertEquals(0, server.openConnections());
    } finally {
      closeQuietly(c);
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (Exception e) {
      // the server already closed it
    }
  }

  @Test
  void theServerProcessExitsOnSigterm() throws Exception {
    ServerConfig config = TestServers.corpus();
    Process process =
        new ProcessBuilder(
                List.of(
                    java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m",
                    "-cp", System.getProperty("java.class.path"),
                    LakehouseServer.class.getName(),
                    "--warehouse", config.warehouse,
                    "--allowed-roots", config.allowedRoots,
                    "--property", "relocate=true",
                    "--port", "0"))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      String url = null;
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.contains("connect with ")) {
          url = line.substring(line.indexOf("connect with ") + "connect with ".length()).trim();
          break;
        }
      }
      assertTrue(url != null, "the server printed its URL");
      try (Connection c = DriverManager.getConnection(url)) {
        assertEquals(1, ServerResourcesTest.countOf(c, SMALL).size());
      }
      process.destroy(); // SIGTERM
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the server process exits");
      String stopped = url;
      assertThrows(Exception.class, () -> DriverManager.getConnection(stopped).close(), "nothing listens any more");
    } finally {
      process.destroyForcibly();
    }
  }

  /** Tries new connections until one is refused, as it is once the shutdown has begun. */
  private static org.apache.calcite.avatica.AvaticaClientRuntimeException awaitRefusal(String url)
      throws InterruptedException, SQLException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try {
        DriverManager.getConnection(url).close();
      } catch (org.apache.calcite.avatica.AvaticaClientRuntimeException e) {
        return e;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no connection was refused in 30 s");
  }

}
