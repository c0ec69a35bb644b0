package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.lakehouse.engine.table.ScanStatistics;
import io.lakehouse.engine.write.DeltaWriter;
import io.lakehouse.engine.write.IcebergWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The residual filter a scan evaluates on Arrow batches never changes an answer: for each
 * predicate, the rows {@code WHERE p} returns (pushed into the scan and evaluated on batches) are
 * the rows for which Calcite itself finds {@code p} true when it evaluates {@code CASE WHEN p} in
 * the select list, which nothing pushes down. The tables, one Delta and one Iceberg written by our
 * writers in several files, hold the values that are easy to get wrong: nulls, NaN, both zeros,
 * infinities, strings outside ASCII whose UTF-16 order differs from their UTF-8 byte order,
 * timestamps with sub-millisecond parts, decimals and binary.
 */
class ResidualFilterTest {

  private static final long BASE_MICROS = 1_700_000_000_000_000L;
  private static final double[] DOUBLES = {Double.NaN, -0.0, 0.0, 1.5, Double.NEGATIVE_INFINITY, -2.25, 1e300};
  private static final String[] STRINGS =
      {"a", "ab", "é", "\uFFFD", "😀", "\uE000", "", "Z", "a\u0000", "éa", "abc"};

  /** Predicates over every column, alone and combined with AND, OR and NOT. */
  private static final List<String> PREDICATES = List.of(
      "f = 0", "f <> 0", "f < 0", "f >= 0", "NOT (f > 1)", "f IN (0, 1.5)", "f IS NULL", "f > -1e308",
      "r = 1.5", "r < 0", "r <> 0",
      "s = 'é'", "s < 'é'", "s > '\uE000'", "s >= '😀'", "s < '\uFFFD'", "s LIKE 'a%'", "s LIKE 'é%'",
      "s <> 'a'", "s IN ('a', '😀', '')", "s IS NOT NULL", "s > 'a'",
      "ts = TIMESTAMP '2023-11-14 22:13:20.001'", "ts <= TIMESTAMP '2023-11-14 22:13:20.002'",
      "ts > TIMESTAMP '2023-11-14 22:13:20.001'", "ts < TIMESTAMP '2023-11-14 22:13:20.003'",
      "ts <> TIMESTAMP '2023-11-14 22:13:20.002'",
      "ntz = TIMESTAMP '2023-11-14 22:13:20.001'", "ntz >= TIMESTAMP '2023-11-14 22:13:20.004'",
      "amount = 1.5", "amount < 1.505", "amount > -2", "amount <> 0", "big = 12345678901234567.891", "big < 0",
      "d = DATE '2024-01-03'", "d > DATE '2024-01-05'",
      "b = TRUE", "NOT b", "b IS NOT NULL", "b = FALSE OR f IS NULL",
      "bin = X'01'", "bin > X'01'", "bin < X'80'",
      "NOT (s = 'a' OR f > 0)", "(f > 0 OR s LIKE 'é%') AND NOT (amount < 0)", "NOT (f <> f)",
      "id >= 3 AND NOT (b OR d < DATE '2024-01-02')", "f = 1.5 OR NOT (s >= 'b' AND amount IS NULL)");

  @TempDir static Path warehouse;

  @BeforeAll
  static void writeTables() {
    List<List<Object>> rows = new ArrayList<>();
    for (int id = 0; id < 40; id++) {
      boolean nulls = id % 7 == 6;
      long micros = BASE_MICROS + id * 500L;
      rows.add(Arrays.asList(
          (long) id,
          nulls ? null : DOUBLES[id % DOUBLES.length],
          nulls ? null : (float) DOUBLES[(id + 3) % DOUBLES.length],
          nulls ? null : STRINGS[id % STRINGS.length],
          nulls ? null : Instant.EPOCH.plusNanos(micros * 1000),
          nulls ? null : LocalDateTime.ofInstant(Instant.EPOCH.plusNanos(micros * 1000), ZoneOffset.UTC),
          nulls ? null : BigDecimal.valueOf(id * 25 - 400, 2),
          nulls ? null : new BigDecimal("12345678901234567.891").multiply(BigDecimal.valueOf(id % 3 - 1)),
          nulls ? null : LocalDate.of(2024, 1, 1).plusDays(id % 9),
          nulls ? null : id % 3 == 0,
          nulls ? null : new byte[] {(byte) (id * 37)}));
    }
    StructType delta = new StructType()
        .add("id", LongType.LONG).add("f", DoubleType.DOUBLE).add("r", FloatType.FLOAT)
        .add("s", StringType.STRING).add("ts", TimestampType.TIMESTAMP).add("ntz", TimestampNTZType.TIMESTAMP_NTZ)
        .add("amount", new DecimalType(9, 2)).add("big", new DecimalType(25, 3)).add("d", DateType.DATE)
        .add("b", BooleanType.BOOLEAN).add("bin", BinaryType.BINARY);
    DeltaWriter.builder(warehouse.resolve("delta_values").toString(), delta).rowsPerFile(12).create(rows);

    Schema iceberg = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "f", Types.DoubleType.get()),
        Types.NestedField.optional(3, "r", Types.FloatType.get()),
        Types.NestedField.optional(4, "s", Types.StringType.get()),
        Types.NestedField.optional(5, "ts", Types.TimestampType.withZone()),
        Types.NestedField.optional(6, "ntz", Types.TimestampType.withoutZone()),
        Types.NestedField.optional(7, "amount", Types.DecimalType.of(9, 2)),
        Types.NestedField.optional(8, "big", Types.DecimalType.of(25, 3)),
        Types.NestedField.optional(9, "d", Types.DateType.get()),
        Types.NestedField.optional(10, "b", Types.BooleanType.get()),
        Types.NestedField.optional(11, "bin", Types.BinaryType.get()));
    IcebergWriter writer = IcebergWriter.builder(warehouse.resolve("iceberg_values").toString(), iceberg).create();
    for (int from = 0; from < rows.size(); from += 12) {
      writer.append(rows.subList(from, Math.min(rows.size(), from + 12)));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"delta_values", "iceberg_values"})
  void whereReturnsTheRowsCalciteFindsTrue(String table) throws SQLException {
    long filtered = 0;
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + warehouse + ";batchSize=5")) {
      for (String predicate : PREDICATES) {
        assertEquals(QueryRows.idsWhereCalciteFindsTrue(c, table, predicate), QueryRows.idsWhere(c, table, predicate),
            predicate);
        filtered += c.unwrap(LakehouseConnection.class).lastQueryStatistics().rowsFiltered();
      }
    }
    // the residual did drop rows on batches (most predicates are selective)
    assertTrue(filtered > 40L * PREDICATES.size() / 4, "rows filtered: " + filtered);
  }

  @ParameterizedTest
  @ValueSource(strings = {"delta_values", "iceberg_values"})
  void withoutSkippingNothingIsFilteredOrSkippedAndTheAnswerIsTheSame(String table) throws SQLException {
    String predicate = "s LIKE 'a%' AND id > 20";
    try (Connection on = DriverManager.getConnection("jdbc:lakehouse:" + warehouse);
        Connection off = DriverManager.getConnection("jdbc:lakehouse:" + warehouse + ";dataSkipping=false")) {
      TreeSet<Long> skipped = QueryRows.idsWhere(on, table, predicate);
      ScanStatistics withSkipping = on.unwrap(LakehouseConnection.class).lastQueryStatistics();
      assertEquals(skipped, QueryRows.idsWhere(off, table, predicate));
      ScanStatistics without = off.unwrap(LakehouseConnection.class).lastQueryStatistics();
      assertTrue(withSkipping.filesOpened() < without.filesOpened(), withSkipping + " vs " + without);
      assertTrue(withSkipping.rowsFiltered() > 0, withSkipping::toString);
      assertEquals(0, without.rowsFiltered(), without::toString);
      assertEquals(without.filesInSnapshots(), without.filesOpened(), without::toString);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"delta_values", "iceberg_values"})
  void explainShowsTheResidual(String table) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + warehouse);
        ResultSet rs = c.createStatement().executeQuery(
            "EXPLAIN PLAN FOR SELECT id FROM " + table + " WHERE s LIKE 'a%' AND f > 0 AND CHAR_LENGTH(s) = 2")) {
      rs.next();
      String plan = rs.getString(1);
      assertTrue(plan.contains("residual=[(s LIKE 'a%' AND f > 0.0)]"), plan);
    }
  }
}
