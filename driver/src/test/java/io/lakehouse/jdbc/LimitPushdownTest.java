package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.lakehouse.engine.table.ScanStatistics;
import io.lakehouse.engine.write.DeltaWriter;
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
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code LIMIT} without {@code ORDER BY} folded into the scan, which stops reading once it has the
 * rows: on tables of 25 files of 20 rows (ids 0-499, one file per 20 ids), Delta and Iceberg, the
 * files and rows read are counted. A filter the scan does not evaluate whole keeps the limit above
 * it, and the rows stay right.
 */
class LimitPushdownTest {

  private static final int FILES = 25;
  private static final int ROWS_PER_FILE = 20;

  @TempDir static Path warehouse;

  @BeforeAll
  static void writeTables() {
    List<List<Object>> rows = new ArrayList<>();
    for (long id = 0; id < FILES * ROWS_PER_FILE; id++) {
      rows.add(Arrays.asList(id, "s" + id));
    }
    StructType delta = new StructType().add("id", LongType.LONG).add("s", StringType.STRING);
    DeltaWriter.builder(warehouse.resolve("delta_files").toString(), delta).rowsPerFile(ROWS_PER_FILE).create(rows);
    Schema iceberg = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "s", Types.StringType.get()));
    IcebergWriter writer = IcebergWriter.builder(warehouse.resolve("iceberg_files").toString(), iceberg).create();
    for (int from = 0; from < rows.size(); from += ROWS_PER_FILE) {
      writer.append(rows.subList(from, from + ROWS_PER_FILE));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"delta_files", "iceberg_files"})
  void limitOpensOneFileOfTwentyFive(String table) throws SQLException {
    try (Connection c = connect("")) {
      String sql = "SELECT * FROM " + table + " LIMIT 5";
      String scan = scanLine(c, sql);
      // the scan keeps 25 files: too many for EXPLAIN to read their footers and count row groups
      assertTrue(scan.contains("limit=[5]") && scan.contains("files=[25/25]") && !scan.contains("rowGroups="),
          scan);
      assertEquals(5, rows(c, sql).size());
      ScanStatistics read = statistics(c);
      assertEquals(FILES, read.filesInSnapshots(), read::toString);
      assertEquals(1, read.filesOpened(), read::toString);
      // no more rows are decoded than the limit asks for
      assertEquals(5, read.rowsDecoded(), read::toString);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"delta_files", "iceberg_files"})
  void offsetAddsToTheLimit(String table) throws SQLException {
    try (Connection c = connect("")) {
      String sql = "SELECT id FROM " + table + " LIMIT 5 OFFSET 30";
      assertTrue(scanLine(c, sql).contains("limit=[35]"), explain(c, sql));
      assertEquals(5, rows(c, sql).size());
      assertEquals(2, statistics(c).filesOpened(), statistics(c)::toString);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"delta_files", "iceberg_files"})
  void limitOverAFilterTheScanEvaluatesWhole(String table) throws SQLException {
    try (Connection c = connect("")) {
      String sql = "SELECT id, s FROM " + table + " WHERE id >= 100 AND s LIKE 's1%' LIMIT 3";
      String scan = scanLine(c, sql);
      // ids 100-199, five files of one row group each, are kept by statistics
      assertTrue(scan.contains("limit=[3]") && scan.contains("files=[5/25], rowGroups=[5/5]"), explain(c, sql));
      List<Long> ids = ids(c, sql);
      assertEquals(3, ids.size());
      assertTrue(ids.stream().allMatch(id -> id >= 100 && String.valueOf(id).startsWith("1")), ids::toString);
      assertEquals(1, statistics(c).filesOpened(), statistics(c)::toString);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"delta_files", "iceberg_files"})
  void filtersTheScanDoesNotEvaluateWholeKeepTheLimitAbove(String table) throws SQLException {
    try (Connection c = connect("")) {
      for (String where : List.of("MOD(id, 7) = 3", "id >= 100 AND MOD(id, 7) = 3")) {
        String sql = "SELECT id FROM " + table + " WHERE " + where + " LIMIT 30";
        assertFalse(scanLine(c, sql).contains("limit="), explain(c, sql));
        List<Long> ids = ids(c, sql);
        assertEquals(30, ids.size(), where);
        assertTrue(ids.stream().allMatch(id -> id % 7 == 3 && (where.startsWith("MOD") || id >= 100)), ids::toString);
      }
      String ordered = "SELECT id FROM " + table + " ORDER BY id DESC LIMIT 2";
      assertFalse(scanLine(c, ordered).contains("limit="), explain(c, ordered));
      assertEquals(List.of(499L, 498L), ids(c, ordered));
    }
    try (Connection off = connect(";dataSkipping=false")) {
      // without skipping no residual is evaluated: the limit cannot count the scan's rows
      String sql = "SELECT id FROM " + table + " WHERE id >= 490 LIMIT 20";
      assertFalse(scanLine(off, sql).contains("limit="), explain(off, sql));
      assertEquals(10, ids(off, sql).size());
    }
  }

  private static Connection connect(String properties) throws SQLException {
    return DriverManager.getConnection("jdbc:lakehouse:" + warehouse + properties);
  }

  private static List<String> rows(Connection c, String sql) throws SQLException {
    return QueryRows.rows(c, sql);
  }

  private static List<Long> ids(Connection c, String sql) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }

  private static ScanStatistics statistics(Connection c) throws SQLException {
    return c.unwrap(LakehouseConnection.class).lastQueryStatistics();
  }

  /** The plan's line of the table scan. */
  private static String scanLine(Connection c, String sql) throws SQLException {
    return explain(c, sql).lines().filter(line -> line.contains("LakehouseTableScan")).findFirst().orElseThrow();
  }

  private static String explain(Connection c, String sql) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery("EXPLAIN PLAN FOR " + sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
