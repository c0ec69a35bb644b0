package io.lakehouse.jdbc.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.table.ScanStatistics;
import io.lakehouse.jdbc.LakehouseConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Skipping and the residual filter on Delta tables with deletion vectors (Spark-written corpus
 * tables; our writer writes none): deleted rows stay deleted whatever is skipped, the residual
 * applies on top of the vector's selection, and {@code COUNT(*)} scans instead of trusting
 * {@code numRecords}.
 */
class DeletionVectorSkippingTest {

  @Test
  void residualOnTopOfADeletionVector() throws SQLException {
    // basic-dv-no-checkpoint: ids 0-9, then DELETE WHERE id < 2
    try (Connection c = DriverManager.getConnection(CorpusWarehouse.url())) {
      assertEquals(List.of(2L, 3L), longs(c, "SELECT id FROM \"basic-dv-no-checkpoint\" WHERE id >= 1 AND id < 4 ORDER BY id"));
      ScanStatistics read = statistics(c);
      // rows 0 and 1 are deleted by the vector, not by the residual, which drops the others read
      assertEquals(read.rowsDecoded() - 2 - 2, read.rowsFiltered(), read::toString);
      assertEquals(List.of(8L), longs(c, "SELECT COUNT(*) FROM \"basic-dv-no-checkpoint\""));
      assertTrue(statistics(c).filesOpened() > 0);
    }
  }

  @Test
  void partitionAndStatisticsSkippingOfFilesWithDeletionVectors() throws SQLException {
    String table = "\"dv-partitioned-with-checkpoint\"";
    try (Connection c = DriverManager.getConnection(CorpusWarehouse.url());
        Connection full = DriverManager.getConnection(CorpusWarehouse.url() + ";dataSkipping=false")) {
      for (String where : List.of("part = 0", "col1 >= 15", "part = 1 AND col1 < 5", "col1 = 7 OR part = 2")) {
        String sql = "SELECT col1 FROM " + table + " WHERE " + where + " ORDER BY col1";
        List<Long> skipped = longs(c, sql);
        ScanStatistics read = statistics(c);
        assertEquals(longs(full, sql), skipped, where);
        if (where.startsWith("part")) {
          assertTrue(read.filesPlanned() < read.filesInSnapshots(), where + ": " + read);
        }
        // every row of a file kept by its partition value passes; a data column's filter drops rows
        assertEquals(!where.equals("part = 0"), read.rowsFiltered() > 0, where + ": " + read);
      }
    }
  }

  private static ScanStatistics statistics(Connection c) throws SQLException {
    return c.unwrap(LakehouseConnection.class).lastQueryStatistics();
  }

  private static List<Long> longs(Connection c, String sql) throws SQLException {
    List<Long> values = new ArrayList<>();
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getLong(1));
      }
    }
    return values;
  }
}
