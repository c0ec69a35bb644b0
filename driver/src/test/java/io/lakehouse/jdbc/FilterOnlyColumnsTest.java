package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.table.ScanStatistics;
import io.lakehouse.engine.write.DeltaWriter;
import io.lakehouse.engine.write.IcebergWriter;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StructType;
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
import java.util.TreeSet;
import java.util.function.IntPredicate;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Columns only a query's filter reads (a date range, a decimal bound under an aggregate the scan
 * computes) are tested on their dictionaries' entries, not row by row: the rows, counts and sums are
 * those of the values the writer wrote, also where Iceberg equality deletes are keyed by such a
 * column.
 */
class FilterOnlyColumnsTest {

  private static final int ROWS = 3000;
  private static final int ROWS_PER_FILE = 750;
  private static final LocalDate FIRST_DAY = LocalDate.of(1994, 1, 1);

  @TempDir static Path warehouse;

  /** Row {@code id}'s day: one of 60, null every thirteenth row. */
  static LocalDate day(int id) {
    return id % 13 == 6 ? null : FIRST_DAY.plusDays(id * 7 % 60);
  }

  /** Row {@code id}'s quantity: one of 50 whole numbers. */
  static BigDecimal qty(int id) {
    return BigDecimal.valueOf(1 + id * 11 % 50).setScale(2);
  }

  /** Row {@code id}'s price, many distinct values. */
  static BigDecimal price(int id) {
    return BigDecimal.valueOf(100_000L + id * 37L, 2);
  }

  private static final LocalDate DELETED_DAY = FIRST_DAY.plusDays(14);

  @BeforeAll
  static void writeTables() {
    List<List<Object>> rows = new ArrayList<>();
    for (int id = 0; id < ROWS; id++) {
      rows.add(Arrays.asList((long) id, day(id), qty(id), price(id)));
    }
    StructType delta = new StructType().add("id", LongType.LONG).add("shipped", DateType.DATE)
        .add("qty", new DecimalType(15, 2)).add("price", new DecimalType(15, 2));
    DeltaWriter.builder(warehouse.resolve("delta_numbers").toString(), delta).rowsPerFile(ROWS_PER_FILE).create(rows);
    Schema iceberg = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "shipped", Types.DateType.get()),
        Types.NestedField.required(3, "qty", Types.DecimalType.of(15, 2)),
        Types.NestedField.required(4, "price", Types.DecimalType.of(15, 2)));
    IcebergWriter deleted = IcebergWriter.builder(warehouse.resolve("iceberg_numbers").toString(), iceberg).create();
    for (int from = 0; from < ROWS; from += ROWS_PER_FILE) {
      deleted.append(rows.subList(from, from + ROWS_PER_FILE));
    }
    deleted.deleteEqual(List.of("shipped"), List.of(List.of(DELETED_DAY)));
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:lakehouse:" + warehouse + ";batchSize=100");
  }

  private static final String WHERE = " WHERE shipped >= DATE '1994-01-10' AND shipped < DATE '1994-02-10' AND qty < 24";

  private static boolean kept(int id) {
    return day(id) != null && !day(id).isBefore(LocalDate.of(1994, 1, 10)) && day(id).isBefore(LocalDate.of(1994, 2, 10))
        && qty(id).compareTo(new BigDecimal("24")) < 0;
  }

  private static TreeSet<Long> expected(IntPredicate keep) {
    TreeSet<Long> ids = new TreeSet<>();
    for (int id = 0; id < ROWS; id++) {
      if (keep.test(id)) {
        ids.add((long) id);
      }
    }
    return ids;
  }

  @Test
  void rowsAndAggregatesAreThoseOfTheWrittenValues() throws SQLException {
    TreeSet<Long> expected = expected(FilterOnlyColumnsTest::kept);
    assertTrue(expected.size() > 50 && expected.size() < ROWS / 3, "a selective filter: " + expected.size());
    // an aggregate in the scan reads price for itself and the filter's columns for the filter alone
    assertRowsAndAggregates("delta_numbers", expected);
  }

  /**
   * The table's rows under the filter are {@code expected}, as are the count and sum of prices
   * that the scan computes, with the filter's columns tested on their dictionaries' entries.
   */
  private static void assertRowsAndAggregates(String table, TreeSet<Long> expected) throws SQLException {
    BigDecimal sum = expected.stream().map(id -> price(id.intValue())).reduce(BigDecimal.ZERO, BigDecimal::add);
    try (Connection c = connect()) {
      assertEquals(expected, ids(c, "SELECT id FROM " + table + WHERE));
      assertAggregates(c, table, expected.size(), sum);
      ScanStatistics statistics = c.unwrap(LakehouseConnection.class).lastQueryStatistics();
      assertTrue(statistics.dictionaryEntriesFiltered() > 0, statistics::toString);
    }
  }

  private static void assertAggregates(Connection c, String table, long count, BigDecimal sum) throws SQLException {
    String sql = "SELECT COUNT(*), SUM(price) FROM " + table + WHERE;
    try (ResultSet plan = c.createStatement().executeQuery("EXPLAIN PLAN FOR " + sql)) {
      plan.next();
      assertTrue(plan.getString(1).contains("LakehouseScanAggregate"), plan.getString(1));
    }
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      assertEquals(count, rs.getLong(1));
      assertEquals(0, sum.compareTo(rs.getBigDecimal(2)), rs.getBigDecimal(2) + " for " + sum);
    }
  }

  @Test
  void equalityDeletesKeyedByAFilterOnlyColumnStillApply() throws SQLException {
    TreeSet<Long> expected = expected(id -> kept(id) && !DELETED_DAY.equals(day(id)));
    assertTrue(expected.size() < expected(FilterOnlyColumnsTest::kept).size(), "the delete removes kept rows");
    // the deletes read the day of each row from the filter's dictionary-encoded batch column
    assertRowsAndAggregates("iceberg_numbers", expected);
  }

  private static TreeSet<Long> ids(Connection c, String sql) throws SQLException {
    TreeSet<Long> ids = new TreeSet<>();
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }
}
