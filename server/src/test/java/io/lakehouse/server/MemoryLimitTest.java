package io.lakehouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.jdbc.corpus.CorpusWarehouse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.junit.jupiter.api.Test;

/**
 * A query that needs more memory than the limit fails alone, with SQLState 53200 and a message
 * that names the limit and how to raise it, embedded and over the server; queries of other
 * connections go on and get their answers, and the failed connection stays usable.
 */
class MemoryLimitTest {

  private static final String BIG = "SELECT * FROM \"lineitem_iceberg\"";
  private static final String SMALL = "SELECT COUNT(*), SUM(\"id\") FROM \"basic-with-inserts-updates\"";

  @Test
  void embeddedQueryOverTheLimitSaysWhichLimitAndHowToRaiseIt() throws SQLException {
    try (Connection c = DriverManager.getConnection(CorpusWarehouse.url() + ";memoryLimit=1m")) {
      SQLException e = assertThrows(SQLException.class, () -> drain(c, BIG));
      assertEquals("53200", e.getSQLState(), e.toString());
      assertTrue(e.getMessage().contains("memory limit of 1.0 MiB") && e.getMessage().contains("memoryLimit"),
          e.getMessage());
      assertEquals(answer(CorpusWarehouse.url(), SMALL), rows(c, SMALL));
    }
  }

  @Test
  void remoteQueryOverTheLimitFailsAloneWhileOthersGoOn() throws Exception {
    String expected = answer(CorpusWarehouse.url(), SMALL);
    try (LakehouseServer server = LakehouseServer.start(TestServers.corpus().set("memory-limit", "1m"))) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<List<String>>> others = new ArrayList<>();
        for (int client = 0; client < 3; client++) {
          others.add(pool.submit(() -> {
            List<String> answers = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(server.url())) {
              for (int i = 0; i < 10; i++) {
                answers.add(rows(c, SMALL));
              }
            }
            return answers;
          }));
        }
        try (Connection c = DriverManager.getConnection(server.url())) {
          // the limit is met in the first frame of rows (an SQLException from executeQuery) or in a
          // later one, which Avatica's thin driver reports from next() as its runtime exception
          Exception e = assertThrows(Exception.class, () -> drain(c, BIG));
          String state = e instanceof SQLException sql ? sql.getSQLState()
              : e instanceof AvaticaClientRuntimeException remote ? remote.getSqlState() : null;
          assertEquals("53200", state, e.toString());
          assertTrue(e.getMessage().contains("memory limit of 1.0 MiB") && e.getMessage().contains("--memory-limit"),
              e.getMessage());
          // the connection that failed goes on too
          assertEquals(expected, rows(c, SMALL));
        }
        for (Future<List<String>> other : others) {
          assertEquals(java.util.Collections.nCopies(10, expected), other.get(120, TimeUnit.SECONDS));
        }
      } finally {
        pool.shutdownNow();
      }
      ServerResourcesTest.awaitTrue(() -> server.allocatedBytes() == 0, "memory freed after the failure");
    }
  }

  private static void drain(Connection c, String sql) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        rs.getObject(1);
      }
    }
  }

  private static String answer(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url)) {
      return rows(c, sql);
    }
  }

  private static String rows(Connection c, String sql) throws SQLException {
    StringBuilder text = new StringBuilder();
    try (java.sql.Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= columns; i++) {
          text.append(rs.getString(i)).append('|');
        }
        text.append('\n');
      }
    }
    return text.toString();
  }
}
