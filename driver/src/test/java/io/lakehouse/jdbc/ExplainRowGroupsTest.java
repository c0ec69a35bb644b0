package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.table.ScanStatistics;
import io.lakehouse.engine.write.IcebergWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code rowGroups=K/N} in EXPLAIN: the row groups a scan would read of those its kept files hold,
 * counted from the footers before any data is read, and the same numbers counted while the query
 * runs. An Iceberg table of three files of ids 0-2999 in row groups of 100 rows, sorted by id.
 */
class ExplainRowGroupsTest {

  @TempDir static Path warehouse;

  @BeforeAll
  static void writeTable() {
    Schema schema = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "s", Types.StringType.get()));
    IcebergWriter writer = IcebergWriter.builder(warehouse.resolve("sorted_ids").toString(), schema)
        .property(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, "1")
        .property(TableProperties.PARQUET_ROW_GROUP_CHECK_MIN_RECORD_COUNT, "100")
        .property(TableProperties.PARQUET_ROW_GROUP_CHECK_MAX_RECORD_COUNT, "100")
        .create();
    for (long file = 0; file < 3; file++) {
      List<List<Object>> rows = new ArrayList<>();
      for (long id = file * 1000; id < file * 1000 + 1000; id++) {
        rows.add(Arrays.asList(id, "s" + id));
      }
      writer.append(rows);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "id BETWEEN 1450 AND 1460 | 1/3 | 1/10",
      "id >= 950 AND id < 1050 | 2/3 | 2/20",
      "id IN (5, 2995) | 2/3 | 2/20",
      // strings order as text: 's1234' lies within the bounds of ids 0-99 and 100-199 too
      "s = 's1234' | 2/3 | 3/20",
      "id >= 0 | 3/3 | 30/30"})
  void explainCountsTheRowGroupsTheQueryReads(String where, String files, String rowGroups) throws SQLException {
    String sql = "SELECT s FROM sorted_ids WHERE " + where;
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + warehouse)) {
      String plan;
      try (ResultSet rs = c.createStatement().executeQuery("EXPLAIN PLAN FOR " + sql)) {
        rs.next();
        plan = rs.getString(1);
      }
      assertTrue(plan.contains("files=[" + files + "], rowGroups=[" + rowGroups + "]"), plan);
      QueryRows.rows(c, sql);
      ScanStatistics read = c.unwrap(LakehouseConnection.class).lastQueryStatistics();
      String[] counted = rowGroups.split("/");
      assertEquals(Long.parseLong(counted[0]), read.rowGroupsRead(), read::toString);
      assertEquals(Long.parseLong(counted[1]), read.rowGroupsRead() + read.rowGroupsSkipped(), read::toString);
    }
  }
}
