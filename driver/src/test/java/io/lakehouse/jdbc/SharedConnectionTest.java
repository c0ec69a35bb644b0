package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.jdbc.corpus.CorpusWarehouse;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * One connection used by many threads at once, as schema browsers do (SchemaCrawler and DBeaver
 * read metadata on several threads): statements are created, run and closed concurrently, and
 * every answer equals the one a single thread gets.
 */
class SharedConnectionTest {

  private static final String COUNT = "SELECT COUNT(*), SUM(\"l_quantity\") FROM \"lineitem_iceberg\"";

  @Test
  void statementsAndMetadataFromManyThreadsOnOneConnection() throws Exception {
    try (Connection connection = DriverManager.getConnection(CorpusWarehouse.url())) {
      String expectedCount = answer(connection);
      int expectedTables = tables(connection.getMetaData());
      assertTrue(expectedTables > 10, "the corpus has tables: " + expectedTables);
      LakehouseConnection lakehouse = connection.unwrap(LakehouseConnection.class);

      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> work = new ArrayList<>();
        for (int thread = 0; thread < 8; thread++) {
          int kind = thread % 3;
          work.add(pool.submit((Callable<Void>) () -> {
            for (int i = 0; i < 40; i++) {
              switch (kind) {
                case 0 -> assertEquals(expectedCount, answer(connection));
                case 1 -> assertEquals(expectedTables, tables(connection.getMetaData()));
                default -> {
                  DatabaseMetaData metaData = connection.getMetaData();
                  for (int j = 0; j < 25; j++) {
                    try (ResultSet keys = metaData.getPrimaryKeys(null, "default", "lineitem_iceberg")) {
                      assertFalse(keys.next(), "no primary keys");
                    }
                  }
                  try (PreparedStatement prepared = connection.prepareStatement(COUNT + " WHERE \"l_quantity\" > ?")) {
                    prepared.setInt(1, 0);
                    try (ResultSet rows = prepared.executeQuery()) {
                      assertTrue(rows.next());
                    }
                  }
                }
              }
            }
            return null;
          }));
        }
        for (Future<?> future : work) {
          future.get();
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(expectedCount, answer(connection), "the connection still works");
      assertEquals(0, lakehouse.allocatedBytes(), "every scan gave its memory back");
    }
  }

  private static String answer(Connection connection) throws Exception {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(COUNT)) {
      assertTrue(rows.next());
      return rows.getLong(1) + "/" + rows.getBigDecimal(2);
    }
  }

  private static int tables(DatabaseMetaData metaData) throws Exception {
    int count = 0;
    try (ResultSet rows = metaData.getTables(null, null, "%", null)) {
      while (rows.next()) {
        count++;
      }
    }
    return count;
  }
}
