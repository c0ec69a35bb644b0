package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.lakehouse.engine.table.ScanStatistics;
import io.lakehouse.engine.write.DeltaWriter;
import io.lakehouse.engine.write.IcebergWriter;
import io.lakehouse.jdbc.corpus.CorpusWarehouse;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code COUNT(*)}, {@code MIN} and {@code MAX} over whole tables answered from metadata: without
 * opening a data file when the snapshot has no deletes, by a scan when it has, and always with the
 * answer a full scan gives ({@code dataSkipping=false}, which reads every file). Tables are written
 * by our Delta and Iceberg writers (nulls, an all-null file, a partition column) and taken from the
 * corpus, whose counts come from the engines that wrote them.
 */
class MetadataAggregatesTest {

  private static final String AGGREGATES =
      "SELECT COUNT(*), MIN(x), MAX(x), MIN(id), MAX(id), MIN(d), MAX(d), MIN(p), MAX(p), MIN(amount), MAX(amount) FROM ";

  @TempDir static Path warehouse;

  @BeforeAll
  static void writeTables() {
    List<List<Object>> rows = new ArrayList<>();
    for (int id = 0; id < 60; id++) {
      // ids 20-29 share a file in which x is always null
      Integer x = id >= 20 && id < 30 || id % 7 == 0 ? null : (id * 37) % 101 - 50;
      rows.add(Arrays.asList((long) id, x, LocalDate.of(2024, 1, 1).plusDays((id * 13) % 40),
          id % 3, BigDecimal.valueOf(id * 125 - 3000, 2), "s" + id));
    }
    StructType delta = new StructType()
        .add("id", LongType.LONG).add("x", IntegerType.INTEGER).add("d", DateType.DATE)
        .add("p", IntegerType.INTEGER).add("amount", new DecimalType(9, 2)).add("s", StringType.STRING);
    DeltaWriter.builder(warehouse.resolve("delta_agg").toString(), delta).rowsPerFile(10).create(rows.subList(0, 30));
    DeltaWriter.open(warehouse.resolve("delta_agg").toString()).withRowsPerFile(10).append(rows.subList(30, 60));

    Schema iceberg = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "x", Types.IntegerType.get()),
        Types.NestedField.optional(3, "d", Types.DateType.get()),
        Types.NestedField.optional(4, "p", Types.IntegerType.get()),
        Types.NestedField.optional(5, "amount", Types.DecimalType.of(9, 2)),
        Types.NestedField.optional(6, "s", Types.StringType.get()));
    for (String name : List.of("iceberg_agg", "iceberg_agg_deleted")) {
      IcebergWriter writer = IcebergWriter.builder(warehouse.resolve(name).toString(), iceberg)
          .partitionSpec(PartitionSpec.builderFor(iceberg).identity("p").build()).create();
      for (int from = 0; from < rows.size(); from += 10) {
        writer.append(rows.subList(from, from + 10));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"delta_agg", "iceberg_agg"})
  void countMinAndMaxComeFromMetadataWithoutOpeningAFile(String table) throws SQLException {
    try (Connection c = connect("")) {
      assertTrue(explain(c, AGGREGATES + table).contains("from=[metadata of "), explain(c, AGGREGATES + table));
      List<Object> answer = row(c, AGGREGATES + table);
      ScanStatistics statistics = statistics(c);
      assertEquals(0, statistics.filesOpened(), statistics::toString);
      assertTrue(statistics.filesInSnapshots() >= 6, statistics::toString);
      assertEquals(fullScan(AGGREGATES + table), answer);
      assertEquals(60L, answer.get(0));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"delta_agg", "iceberg_agg"})
  void aggregatesWithoutExactStatisticsAreNotFolded(String table) throws SQLException {
    // strings' statistics are truncated; a filter on a data column is not a partition pruning
    for (String sql : List.of("SELECT MIN(s) FROM " + table, "SELECT COUNT(*) FROM " + table + " WHERE x > 0",
        "SELECT COUNT(x) FROM " + table, "SELECT p, COUNT(*) FROM " + table + " GROUP BY p ORDER BY p")) {
      try (Connection c = connect("")) {
        assertFalse(explain(c, sql).contains("LakehouseMetadataAggregate"), explain(c, sql));
        List<Object> answer = row(c, sql);
        assertTrue(statistics(c).filesOpened() > 0);
        assertEquals(fullScan(sql), answer, sql);
      }
    }
  }

  @Test
  void deltaDeletesRewriteFilesAndTheMetadataStaysExact() throws SQLException {
    String path = warehouse.resolve("delta_agg_deleted").toString();
    StructType schema = new StructType().add("id", LongType.LONG).add("x", IntegerType.INTEGER);
    List<List<Object>> rows = new ArrayList<>();
    for (int id = 0; id < 30; id++) {
      rows.add(Arrays.asList((long) id, id * 2));
    }
    DeltaWriter writer = DeltaWriter.builder(path, schema).rowsPerFile(10).create(rows);
    writer.delete(new Predicate("<", new Column("id"), Literal.ofLong(5)));
    String sql = "SELECT COUNT(*), MIN(x), MAX(id) FROM delta_agg_deleted";
    try (Connection c = connect("")) {
      assertEquals(List.of(25L, 10, 29L), row(c, sql));
      assertEquals(0, statistics(c).filesOpened());
    }
  }

  @Test
  void icebergPositionDeletesMakeItScan() throws SQLException {
    String sql = "SELECT COUNT(*), MIN(id), MAX(x) FROM iceberg_agg_deleted";
    List<Object> before = fullScan(sql);
    IcebergWriter.open(warehouse.resolve("iceberg_agg_deleted").toString())
        .deleteWhere(Expressions.or(Expressions.lessThan("id", 3L), Expressions.equal("x", (Integer) before.get(2))));
    try (Connection c = connect("")) {
      assertTrue(explain(c, sql).contains("from=[scan: "), explain(c, sql));
      List<Object> answer = row(c, sql);
      assertTrue(statistics(c).filesOpened() > 0);
      assertEquals(fullScan(sql), answer);
      assertTrue((Long) answer.get(0) < 60 && (Long) answer.get(1) == 3L, answer::toString);
      assertTrue((Integer) answer.get(2) < (Integer) before.get(2), answer + " after " + before);
    }
  }

  /** Corpus tables and their row counts as the engines that wrote them report (see MANIFEST.md). */
  @ParameterizedTest
  @CsvSource({
      "iceberg_v2_no_deletes, 3, 0",
      "dat-basic_partitioned, 6, 0",
      "iceberg_v2_delete_positional, 2, 1",
      "iceberg_lineitem_multiblock, 17886, 1",
      "dv-partitioned-with-checkpoint, 35, 1"})
  void corpusCounts(String table, long count, int opensFiles) throws SQLException {
    String sql = "SELECT COUNT(*) FROM \"" + table + "\"";
    try (Connection c = DriverManager.getConnection(CorpusWarehouse.url())) {
      assertTrue(explain(c, sql).contains("LakehouseMetadataAggregate"), explain(c, sql));
      assertEquals(List.of(count), row(c, sql));
      ScanStatistics statistics = statistics(c);
      assertEquals(opensFiles > 0, statistics.filesOpened() > 0, statistics::toString);
    }
  }

  private static Connection connect(String properties) throws SQLException {
    return DriverManager.getConnection("jdbc:lakehouse:" + warehouse + properties);
  }

  private static List<Object> fullScan(String sql) throws SQLException {
    try (Connection c = connect(";dataSkipping=false")) {
      List<Object> answer = row(c, sql);
      assertFalse(explain(c, sql).contains("from=[metadata"));
      return answer;
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

  private static List<Object> row(Connection c, String sql) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      assertTrue(rs.next());
      List<Object> row = new ArrayList<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        row.add(rs.getObject(i));
      }
      return row;
    }
  }
}
