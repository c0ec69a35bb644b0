package io.lakehouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.jdbc.corpus.CorpusWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a running query holds on the server is given back: when its timeout passes, when the client
 * cancels, and when the client, a thin client in a JVM of its own, is killed mid-query (its
 * connection expires after the idle timeout), as the server's own counters show.
 */
class ServerResourcesTest {

  private static final String SCAN = "SELECT * FROM \"lineitem_iceberg\"";
  /** Never ends in time: 51793 x 51793 rows. */
  private static final String ENDLESS =
      "SELECT COUNT(*) FROM \"lineitem_iceberg\" a CROSS JOIN \"lineitem_iceberg\" b";

  @Test
  void theQueryTimeoutEndsARunningScanAndFreesItsMemory() throws Exception {
    try (LakehouseServer server = LakehouseServer.start(TestServers.corpus())) {
      Properties info = new Properties();
      info.setProperty("queryTimeout", "1");
      info.setProperty("batchSize", "256");
      try (Connection c = DriverManager.getConnection(server.url(), info)) {
        long start = System.nanoTime();
        SQLException e = assertThrows(SQLException.class, () -> c.createStatement().executeQuery(ENDLESS).next());
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertEquals("HYT00", e.getSQLState(), e.toString());
        assertTrue(e.getMessage().contains("query timeout of 1 s"), e.getMessage());
        assertTrue(seconds < 30, "the timeout took " + seconds + " s to act");
        awaitTrue(() -> server.allocatedBytes() == 0, "memory freed after the timeout");
        assertEquals(small(), countOf(c, "SELECT COUNT(*) FROM \"basic-decimal-table\""));
      }
    }
  }

  @Test
  void cancelEndsARunningScanAndFreesItsMemory() throws Exception {
    try (LakehouseServer server = LakehouseServer.start(TestServers.corpus());
        Connection c = DriverManager.getConnection(server.url())) {
      Statement statement = c.createStatement();
      statement.setFetchSize(100);
      ResultSet rows = statement.executeQuery(SCAN);
      for (int i = 0; i < 10; i++) {
        assertTrue(rows.next());
      }
      assertTrue(server.allocatedBytes() > 0, "a scan in progress holds a batch");
      statement.cancel();
      assertThrows(SQLException.class, () -> {
        while (rows.next()) {
          // the cancelled statement must not run to its end
        }
      });
      statement.close();
      awaitTrue(() -> server.allocatedBytes() == 0, "memory freed after cancel");
      assertEquals(small(), countOf(c, "SELECT COUNT(*) FROM \"basic-decimal-table\""));
    }
  }

  @Test
  void aClientKilledMidQueryHasItsConnectionResultSetAndMemoryFreed(@TempDir Path dir) throws Exception {
    ServerConfig config = TestServers.corpus().set("idle-timeout", "5s");
    try (LakehouseServer server = LakehouseServer.start(config)) {
      Path commands = Files.write(dir.resolve("commands.txt"), List.of("hold " + SCAN));
      Path output = dir.resolve("thin-client.out");
      Process client = ThinClientProcessTest.startThinClient(server.url(), commands, output);
      try {
        awaitTrue(() -> !client.isAlive() || Files.exists(output) && read(output).contains("holding"),
            "the thin client holds a running query");
        assertTrue(client.isAlive(), () -> "the thin client ended: " + read(dir.resolve("thin-client.err")));
        assertEquals(1, server.openConnections(), () -> "bytes " + server.allocatedBytes() + " out: " + read(output) + " err: " + read(dir.resolve("thin-client.err")));
        assertEquals(1, server.openResultSets(), () -> "bytes " + server.allocatedBytes() + " out: " + read(output) + " err: " + read(dir.resolve("thin-client.err")));
        assertTrue(server.allocatedBytes() > 0, "a scan in progress holds a batch");
      } finally {
        // the client vanishes without a word: nothing is closed
        client.destroyForcibly();
      }
      assertTrue(client.waitFor(30, TimeUnit.SECONDS), "the thin client was killed");
      long killed = System.nanoTime();
      awaitTrue(() -> server.openConnections() == 0, "the abandoned connection expires");
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killed);
      assertTrue(seconds < 25, "expiry took " + seconds + " s with an idle timeout of 5 s");
      awaitTrue(() -> server.openResultSets() == 0, "its result set closed");
      awaitTrue(() -> server.allocatedBytes() == 0, "its memory freed");
      try (Connection c = DriverManager.getConnection(server.url())) {
        assertEquals(small(), countOf(c, "SELECT COUNT(*) FROM \"basic-decimal-table\""));
      }
    }
  }

  @Test
  void aQueryRunningLongerThanTheIdleTimeoutKeepsItsConnection() throws Exception {
    String join =
        "SELECT COUNT(*) FROM \"lineitem_iceberg\" a JOIN \"lineitem_iceberg\" b ON a.\"l_orderkey\" = b.\"l_orderkey\"";
    List<Long> expected;
    try (Connection embedded = DriverManager.getConnection(CorpusWarehouse.url())) {
      expected = countOf(embedded, join);
    }
    try (LakehouseServer server = LakehouseServer.start(TestServers.corpus().set("idle-timeout", "200ms"));
        Connection c = DriverManager.getConnection(server.url())) {
      // the join's one request takes longer than 200 ms: its connection is busy, not idle
      assertEquals(expected, countOf(c, join));
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  private static List<Long> small;

  /** The row count of a small table, from an embedded connection. */
  private static synchronized List<Long> small() throws SQLException {
    if (small == null) {
      try (Connection embedded = DriverManager.getConnection(CorpusWarehouse.url())) {
        small = countOf(embedded, "SELECT COUNT(*) FROM \"basic-decimal-table\"");
      }
    }
    return small;
  }

  static List<Long> countOf(Connection c, String sql) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      assertTrue(rs.next());
      return List.of(rs.getLong(1));
    }
  }

  static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 30 s: " + what);
      }
      Thread.sleep(50);
    }
  }
}
