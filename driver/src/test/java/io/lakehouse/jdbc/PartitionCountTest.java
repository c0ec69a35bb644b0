package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.lakehouse.engine.table.ScanStatistics;
import io.lakehouse.engine.write.DeltaWriter;
import io.lakehouse.engine.write.IcebergWriter;
import io.lakehouse.jdbc.corpus.CorpusWarehouse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code COUNT(*)} with a {@code WHERE} on partition columns answered from metadata: the files'
 * record counts where their partition values decide the condition, opening no data file, with the
 * answer a full scan gives ({@code dataSkipping=false}). A Delta table partitioned by an integer
 * and a string column (with null partitions), an Iceberg table partitioned by identity and by
 * {@code day(ts)}; conditions the partitions do not decide, and files with deletes, are counted by
 * a scan instead.
 */
class PartitionCountTest {

  @TempDir static Path warehouse;

  @BeforeAll
  static void writeTables() {
    List<List<Object>> rows = new ArrayList<>();
    String[] regions = {"east", "west", "north", null};
    LocalDateTime start = LocalDateTime.of(2024, 1, 1, 0, 0);
    for (int id = 0; id < 60; id++) {
      Integer p = id % 10 == 9 ? null : id % 4;
      rows.add(Arrays.asList((long) id, p, regions[id % 4 == 3 ? 3 : id % 3], start.plusHours(id * 4L), id * 7 % 23));
    }
    StructType delta = new StructType()
        .add("id", LongType.LONG).add("p", IntegerType.INTEGER).add("region", StringType.STRING)
        .add("ts", TimestampNTZType.TIMESTAMP_NTZ).add("x", IntegerType.INTEGER);
    DeltaWriter.builder(warehouse.resolve("delta_parts").toString(), delta)
        .partitionedBy("p", "region").rowsPerFile(10).create(rows);

    Schema iceberg = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "p", Types.IntegerType.get()),
        Types.NestedField.optional(3, "region", Types.StringType.get()),
        Types.NestedField.optional(4, "ts", Types.TimestampType.withoutZone()),
        Types.NestedField.optional(5, "x", Types.IntegerType.get()));
    PartitionSpec spec = PartitionSpec.builderFor(iceberg).identity("p").day("ts").build();
    for (String name : List.of("iceberg_parts", "iceberg_parts_deleted")) {
      IcebergWriter.builder(warehouse.resolve(name).toString(), iceberg).partitionSpec(spec).create()
          .append(rows);
    }
    IcebergWriter.open(warehouse.resolve("iceberg_parts_deleted").toString())
        .deleteWhere(Expressions.equal("id", 4L));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "delta_parts | p = 1",
      "delta_parts | p IN (0, 2) AND region LIKE 'e%'",
      "delta_parts | NOT (p = 1) OR region IS NULL",
      "delta_parts | p > 0 AND region <> 'east'",
      "delta_parts | p IS NULL",
      "iceberg_parts | p = 1",
      "iceberg_parts | NOT (p IN (0, 3))",
      "iceberg_parts | p IS NULL OR p >= 2",
      "iceberg_parts | ts >= TIMESTAMP '2024-01-04 00:00:00'",
      "iceberg_parts | ts >= TIMESTAMP '2024-01-03 00:00:00' AND ts < TIMESTAMP '2024-01-06 00:00:00' AND p = 2",
      "iceberg_parts | (ts < TIMESTAMP '2024-01-03 00:00:00' OR ts >= TIMESTAMP '2024-01-09 00:00:00') AND p = 3"})
  void countsFromPartitionValuesOpenNoFile(String table, String where) throws SQLException {
    String sql = "SELECT COUNT(*) FROM " + table + " WHERE " + where;
    long expected = fullScanCount(sql);
    try (Connection c = connect("")) {
      String plan = explain(c, sql);
      assertTrue(plan.contains("LakehouseMetadataAggregate") && plan.contains("from=[metadata of "), plan);
      assertEquals(expected, count(c, sql), sql);
      ScanStatistics read = statistics(c);
      assertEquals(0, read.filesOpened(), read::toString);
      assertEquals(0, read.filesPlanned(), read::toString);
      assertEquals(filesInTable(table), read.filesInSnapshots(), read::toString);
    }
    // the conditions are selective: a count of every row or of none would prove little
    assertNotEquals(0, expected, sql);
    assertNotEquals(60, expected, sql);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // an hour inside a day partition: the day does not decide it
      "iceberg_parts | ts >= TIMESTAMP '2024-01-03 05:00:00'",
      // a position delete in one of the files
      "iceberg_parts_deleted | p = 0"})
  void undecidedConditionsAndDeletesAreCountedByAScan(String table, String where) throws SQLException {
    String sql = "SELECT COUNT(*) FROM " + table + " WHERE " + where;
    long expected = fullScanCount(sql);
    try (Connection c = connect("")) {
      String plan = explain(c, sql);
      assertTrue(plan.contains("from=[scan: "), plan);
      assertEquals(expected, count(c, sql), sql);
      assertTrue(statistics(c).filesOpened() > 0, statistics(c)::toString);
    }
  }

  @Test
  void conditionsOnDataColumnsAreNotFolded() throws SQLException {
    for (String sql : List.of(
        "SELECT COUNT(*) FROM delta_parts WHERE p = 1 AND x > 3",
        // region is no partition column of the Iceberg table
        "SELECT COUNT(*) FROM iceberg_parts WHERE p = 1 AND region = 'east'",
        "SELECT COUNT(*) FROM delta_parts WHERE p = 1 AND CHAR_LENGTH(region) = 4",
        "SELECT COUNT(*), MAX(id) FROM delta_parts WHERE p = 1")) {
      long expected = fullScanCount(sql);
      try (Connection c = connect("")) {
        assertFalse(explain(c, sql).contains("LakehouseMetadataAggregate"), explain(c, sql));
        assertEquals(expected, count(c, sql), sql);
        assertTrue(statistics(c).filesOpened() > 0);
      }
    }
  }

  @Test
  void deletionVectorsMakeItScan() throws SQLException {
    // Spark wrote two files per partition and deletion vectors for partition 6's and 8's
    String table = "SELECT COUNT(*) FROM \"dv-partitioned-with-checkpoint\" WHERE ";
    try (Connection c = DriverManager.getConnection(CorpusWarehouse.url());
        Connection full = DriverManager.getConnection(CorpusWarehouse.url() + ";dataSkipping=false")) {
      String deleted = table + "part = 6";
      assertTrue(explain(c, deleted).contains("from=[scan: "), explain(c, deleted));
      assertEquals(count(full, deleted), count(c, deleted));
      assertTrue(statistics(c).filesOpened() > 0);
      String intact = table + "part IN (1, 3)";
      assertTrue(explain(c, intact).contains("from=[metadata of 4 files]"), explain(c, intact));
      assertEquals(count(full, intact), count(c, intact));
      assertEquals(0, statistics(c).filesOpened());
    }
  }

  private static Connection connect(String properties) throws SQLException {
    return DriverManager.getConnection("jdbc:lakehouse:" + warehouse + properties);
  }

  private static long fullScanCount(String sql) throws SQLException {
    try (Connection c = connect(";dataSkipping=false")) {
      assertFalse(explain(c, sql).contains("from=[metadata"), explain(c, sql));
      return count(c, sql);
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  /** The data files of a table, as a scan without skipping counts them. */
  private static long filesInTable(String table) throws SQLException {
    try (Connection c = connect(";dataSkipping=false")) {
      count(c, "SELECT COUNT(*) FROM " + table + " WHERE 1 = 1");
      return statistics(c).filesOpened();
    }
  }

  private static ScanStatistics statistics(Connection c) throws SQLException {
    return c.unwrap(LakehouseConnection.class).lastQueryStatistics();
  }

  private static String explain(Connection c, String sql) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery("EXPLAIN PLAN FOR " + sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
