package io.lakehouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.jdbc.corpus.CorpusWarehouse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * 64 concurrent remote clients run 200 mixed queries each (scans, aggregates, a join, time travel,
 * a metadata table, a parameterized query, and queries that must fail), every answer checked
 * against an embedded connection, with no unexpected error; afterwards every connection is closed
 * and its memory freed. Prints throughput and latency percentiles and writes them to
 * {@code target/server-load.txt}. Clients and server share one JVM (the clients are Avatica's
 * thin driver over HTTP on 127.0.0.1), so the numbers are those of the whole round trip.
 */
class ServerLoadTest {

  private static final int CLIENTS = 64;
  private static final int QUERIES_PER_CLIENT = 200;
  private static final int[] PARAMETERS = {10, 50, 90};
  private static final String PARAMETERIZED =
      "SELECT COUNT(*), MIN(\"id\") FROM \"basic-with-inserts-updates\" WHERE \"id\" >= ?";
  private static final List<String> QUERIES =
      List.of(
          "SELECT * FROM \"basic-decimal-table\"",
          "SELECT COUNT(*), SUM(\"id\") FROM \"basic-with-inserts-updates\"",
          "SELECT l.\"letter\", COUNT(*) FROM \"dat-basic_append\" l JOIN \"dat-basic_append\" FOR VERSION AS OF 0 r"
              + " ON l.\"letter\" = r.\"letter\" GROUP BY l.\"letter\"",
          "SELECT * FROM \"dat-basic_append\" FOR VERSION AS OF 0",
          "SELECT COUNT(*) FROM \"iceberg_v2_delete_positional\"",
          "SELECT \"version\", \"operation\" FROM \"dat-basic_append$history\"");
  /** Queries that must fail, with the SQLState class they must fail with. */
  private static final Map<String, String> FAILING =
      Map.of(
          "SELECT * FROM \"no_such_table\"", "42",
          "SELECT * FROM \"dat-basic_append\" FOR VERSION AS OF 999", "42");

  @Test
  void sixtyFourClientsTwoHundredQueriesEach() throws Exception {
    Map<String, String> expected = new TreeMap<>();
    try (Connection embedded = DriverManager.getConnection(CorpusWarehouse.url())) {
      for (String sql : QUERIES) {
        try (ResultSet rs = embedded.createStatement().executeQuery(sql)) {
          expected.put(sql, canonical(rs));
        }
      }
      for (int p : PARAMETERS) {
        try (PreparedStatement ps = embedded.prepareStatement(PARAMETERIZED)) {
          ps.setInt(1, p);
          try (ResultSet rs = ps.executeQuery()) {
            expected.put(PARAMETERIZED + p, canonical(rs));
          }
        }
      }
    }

    ServerConfig config = TestServers.corpus().set("max-connections", String.valueOf(CLIENTS + 8));
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    long[] latencies = new long[CLIENTS * QUERIES_PER_CLIENT];
    AtomicLong failuresAsExpected = new AtomicLong();
    long wall;
    double setupSeconds;
    try (LakehouseServer server = LakehouseServer.start(config)) {
      long setupStart = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      CountDownLatch ready = new CountDownLatch(CLIENTS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> clients = new ArrayList<>();
      for (int client = 0; client < CLIENTS; client++) {
        int id = client;
        clients.add(pool.submit(() -> {
          Random random = new Random(id);
          boolean counted = false;
          try (Connection c = DriverManager.getConnection(server.url())) {
            List<PreparedStatement> prepared = new ArrayList<>();
            for (String sql : QUERIES) {
              prepared.add(c.prepareStatement(sql));
            }
            PreparedStatement parameterized = c.prepareStatement(PARAMETERIZED);
            List<String> failing = new ArrayList<>(FAILING.keySet());
            ready.countDown();
            counted = true;
            go.await();
            for (int q = 0; q < QUERIES_PER_CLIENT; q++) {
              int pick = random.nextInt(QUERIES.size() + 2);
              long start = System.nanoTime();
              if (pick < QUERIES.size()) {
                try (ResultSet rs = prepared.get(pick).executeQuery()) {
                  check(problems, QUERIES.get(pick), expected.get(QUERIES.get(pick)), canonical(rs));
                }
              } else if (pick == QUERIES.size()) {
                int p = PARAMETERS[random.nextInt(PARAMETERS.length)];
                parameterized.setInt(1, p);
                try (ResultSet rs = parameterized.executeQuery()) {
                  check(problems, PARAMETERIZED + p, expected.get(PARAMETERIZED + p), canonical(rs));
                }
              } else {
                String sql = failing.get(random.nextInt(failing.size()));
                try (java.sql.Statement statement = c.createStatement();
                    ResultSet rs = statement.executeQuery(sql)) {
                  problems.add("should have failed: " + sql);
                } catch (SQLException e) {
                  if (e.getSQLState() == null || !e.getSQLState().startsWith(FAILING.get(sql))) {
                    problems.add(sql + " failed with " + e.getSQLState() + ": " + e.getMessage());
                  } else {
                    failuresAsExpected.incrementAndGet();
                  }
                }
              }
              latencies[id * QUERIES_PER_CLIENT + q] = System.nanoTime() - start;
            }
          } catch (Exception e) {
            problems.add("client " + id + ": " + e);
          } finally {
            if (!counted) {
              ready.countDown();
            }
          }
          return null;
        }));
      }
      boolean prepared = ready.await(300, TimeUnit.SECONDS);
      long setup = System.nanoTime() - setupStart;
      long start = System.nanoTime();
      go.countDown();
      if (!prepared) {
        pool.shutdownNow();
        throw new AssertionError("clients not connected and prepared in 300 s: " + problems);
      }
      // bounded, with room for a machine shared with other builds (a quiet 2-core one needs ~80 s)
      long deadline = start + TimeUnit.SECONDS.toNanos(600);
      try {
        for (Future<?> client : clients) {
          client.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      wall = System.nanoTime() - start;
      setupSeconds = setup / 1e9;
      ServerResourcesTest.awaitTrue(() -> server.openConnections() == 0, "every client's connection closed");
      ServerResourcesTest.awaitTrue(() -> server.allocatedBytes() == 0, "memory freed after the load");
    }
    int total = latencies.length;
    Arrays.sort(latencies);
    String report =
        String.format(
            java.util.Locale.ROOT,
            "LOAD %d clients x %d queries = %d queries (%d failing as expected) in %.1f s after %.1f s"
                + " connecting and preparing: %.0f queries/s; latency p50 %.1f ms, p95 %.1f ms, p99 %.1f ms,"
                + " max %.1f ms; %d cores%n",
            CLIENTS, QUERIES_PER_CLIENT, total, failuresAsExpected.get(), wall / 1e9, setupSeconds,
            total / (wall / 1e9), percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99),
            latencies[total - 1] / 1e6, Runtime.getRuntime().availableProcessors());
    System.out.print(report);
    java.nio.file.Files.writeString(java.nio.file.Path.of("target", "server-load.txt"), report);
    assertEquals(List.of(), List.copyOf(problems).subList(0, Math.min(10, problems.size())));
    assertTrue(failuresAsExpected.get() > 0, "the mix includes failing queries");
  }

  private static double percentile(long[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }

  private static void check(ConcurrentLinkedQueue<String> problems, String sql, String expected, String actual) {
    if (!expected.equals(actual)) {
      problems.add("wrong answer for " + sql + ": " + actual + " instead of " + expected);
    }
  }

  private static String canonical(ResultSet rs) throws SQLException {
    int columns = rs.getMetaData().getColumnCount();
    List<String> rows = new ArrayList<>();
    while (rs.next()) {
      StringBuilder row = new StringBuilder();
      for (int c = 1; c <= columns; c++) {
        row.append(rs.getString(c)).append('|');
      }
      rows.add(row.toString());
    }
    rows.sort(null);
    return String.join("\n", rows);
  }
}
