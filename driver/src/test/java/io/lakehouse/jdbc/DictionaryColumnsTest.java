package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.types.BinaryType;
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
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Dictionary-encoded string columns stay dictionary-encoded through the scan: projections, residual
 * filters of every kind, MIN/MAX, COUNT and GROUP BY give the rows and values the writer wrote,
 * while the statistics show that the batches kept their dictionaries and that a filter compared
 * each entry of each file's dictionary once, not once per batch or per row. One Delta and one
 * Iceberg table written by our writers (parquet-mr underneath), in several files whose
 * dictionaries differ, with nulls and strings whose UTF-16 order differs from their byte order.
 */
class DictionaryColumnsTest {

  private static final int ROWS = 1200;
  private static final int ROWS_PER_FILE = 200;
  private static final String[] COMMON = {"MAIL", "SHIP", "AIR", "é", "😀", "\uE000", "", "a\u0000", "TRUCK"};

  /** Row {@code id}'s string: common values plus a few of its file's own; null every ninth row. */
  static String s(int id) {
    if (id % 9 == 4) {
      return null;
    }
    return id % 5 == 0 ? "file" + id / ROWS_PER_FILE + "-" + id % 3 : COMMON[id * 7 % COMMON.length];
  }

  /** A second string column, grouped by in the grouped aggregates. */
  static String g(int id) {
    return id % 4 == 0 ? null : "g" + id % 3;
  }

  private static final List<String> PREDICATES = List.of(
      "s = 'MAIL'", "s <> 'MAIL'", "s < 'SHIP'", "s <= 'é'", "s > '\uE000'", "s >= '😀'", "s = 'nowhere'",
      "s IN ('MAIL', 'SHIP', '😀', '')", "s IS NULL", "s IS NOT NULL", "s LIKE 'file1%'", "s LIKE 'é%'",
      "s NOT IN ('AIR', 'TRUCK')", "NOT (s = 'AIR' OR g = 'g1')", "s > 'M' AND g IN ('g0', 'g2')",
      "bin = X'03'", "bin > X'02'");

  @TempDir static Path warehouse;

  @BeforeAll
  static void writeTables() {
    List<List<Object>> rows = new ArrayList<>();
    for (int id = 0; id < ROWS; id++) {
      rows.add(Arrays.asList((long) id, s(id), g(id), id % 6 == 1 ? null : new byte[] {(byte) (id % 5)}));
    }
    StructType delta = new StructType().add("id", LongType.LONG).add("s", StringType.STRING)
        .add("g", StringType.STRING).add("bin", BinaryType.BINARY);
    DeltaWriter.builder(warehouse.resolve("delta_strings").toString(), delta).rowsPerFile(ROWS_PER_FILE).create(rows);
    Schema iceberg = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "s", Types.StringType.get()),
        Types.NestedField.optional(3, "g", Types.StringType.get()),
        Types.NestedField.optional(4, "bin", Types.BinaryType.get()));
    IcebergWriter writer = IcebergWriter.builder(warehouse.resolve("iceberg_strings").toString(), iceberg).create();
    for (int from = 0; from < ROWS; from += ROWS_PER_FILE) {
      writer.append(rows.subList(from, from + ROWS_PER_FILE));
    }
    IcebergWriter deleted = IcebergWriter.builder(warehouse.resolve("iceberg_deleted").toString(), iceberg).create();
    for (int from = 0; from < ROWS; from += ROWS_PER_FILE) {
      deleted.append(rows.subList(from, from + ROWS_PER_FILE));
    }
    deleted.deleteEqual(List.of("s"), List.of(List.of("MAIL"), List.of("é"), List.of("file2-1")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"SELECT id, s FROM iceberg_deleted", "SELECT id FROM iceberg_deleted"})
  void equalityDeletesMatchEncodedValues(String sql) throws SQLException {
    Set<String> deletedValues = Set.of("MAIL", "é", "file2-1");
    TreeSet<Long> expected = new TreeSet<>();
    for (int id = 0; id < ROWS; id++) {
      if (s(id) == null || !deletedValues.contains(s(id))) {
        expected.add((long) id);
      }
    }
    TreeSet<Long> actual = new TreeSet<>();
    try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        actual.add(rs.getLong(1));
      }
      assertTrue(statistics(c).dictionaryVectors() > 0, statistics(c)::toString);
    }
    assertEquals(expected, actual);
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:lakehouse:" + warehouse + ";batchSize=50");
  }

  private static ScanStatistics statistics(Connection c) throws SQLException {
    return c.unwrap(LakehouseConnection.class).lastQueryStatistics();
  }

  @ParameterizedTest
  @ValueSource(strings = {"delta_strings", "iceberg_strings"})
  void projectedValuesAreTheWrittenOnes(String table) throws SQLException {
    try (Connection c = connect();
        ResultSet rs = c.createStatement().executeQuery("SELECT id, s, g FROM " + table)) {
      int count = 0;
      while (rs.next()) {
        int id = (int) rs.getLong(1);
        assertEquals(s(id), rs.getString(2), "s of " + id);
        assertEquals(g(id), rs.getString(3), "g of " + id);
        count++;
      }
      assertEquals(ROWS, count);
      ScanStatistics statistics = statistics(c);
      // s and g in every batch of every file: 4 batches of 50 rows per file
      assertEquals(2L * ROWS / 50, statistics.dictionaryVectors(), statistics::toString);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"delta_strings", "iceberg_strings"})
  void filtersKeepTheRowsCalciteFindsTrue(String table) throws SQLException {
    try (Connection c = connect()) {
      for (String predicate : PREDICATES) {
        assertEquals(QueryRows.idsWhereCalciteFindsTrue(c, table, predicate), QueryRows.idsWhere(c, table, predicate),
            predicate);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"delta_strings", "iceberg_strings"})
  void aFilterComparesEachEntryOncePerFile(String table) throws SQLException {
    try (Connection c = connect();
        ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table + " WHERE s >= 'SHIP'")) {
      rs.next();
      long expected = 0;
      for (int id = 0; id < ROWS; id++) {
        expected += s(id) != null && s(id).compareTo("SHIP") >= 0 ? 1 : 0;
      }
      assertEquals(expected, rs.getLong(1));
      ScanStatistics statistics = statistics(c);
      long entries = 0;
      for (int file = 0; file < ROWS / ROWS_PER_FILE; file++) {
        Set<String> distinct = new HashSet<>();
        for (int id = file * ROWS_PER_FILE; id < (file + 1) * ROWS_PER_FILE; id++) {
          if (s(id) != null) {
            distinct.add(s(id));
          }
        }
        entries += distinct.size();
      }
      assertEquals(entries, statistics.dictionaryEntriesFiltered(), statistics::toString);
      assertEquals(ROWS, statistics.rowsDecoded(), statistics::toString);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"delta_strings", "iceberg_strings"})
  void aggregatesAreThoseOfTheWrittenValues(String table) throws SQLException {
    String min = null;
    String max = null;
    long count = 0;
    Map<String, Long> perValue = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
    Map<String, String[]> perGroup = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
    String filteredMax = null;
    for (int id = 0; id < ROWS; id++) {
      String s = s(id);
      perValue.merge(s, 1L, Long::sum);
      if (s == null) {
        continue;
      }
      count++;
      min = min == null || s.compareTo(min) < 0 ? s : min;
      max = max == null || s.compareTo(max) > 0 ? s : max;
      String[] extremes = perGroup.computeIfAbsent(g(id), k -> new String[2]);
      extremes[0] = extremes[0] == null || s.compareTo(extremes[0]) < 0 ? s : extremes[0];
      extremes[1] = extremes[1] == null || s.compareTo(extremes[1]) > 0 ? s : extremes[1];
      if (s.compareTo("é") < 0) {
        filteredMax = filteredMax == null || s.compareTo(filteredMax) > 0 ? s : filteredMax;
      }
    }
    try (Connection c = connect()) {
      String totals = "SELECT MIN(s), MAX(s), COUNT(s), COUNT(*) FROM " + table;
      assertTrue(plan(c, totals).contains("LakehouseScanAggregate"), plan(c, totals));
      assertEquals(List.of(Arrays.asList(min, max, String.valueOf(count), String.valueOf(ROWS))), rows(c, totals));
      assertEquals(List.of(Arrays.asList(filteredMax)),
          rows(c, "SELECT MAX(s) FROM " + table + " WHERE s < 'é'"));

      List<List<String>> expectedGroups = new ArrayList<>();
      perValue.forEach((value, n) -> expectedGroups.add(Arrays.asList(value, String.valueOf(n))));
      String grouped = "SELECT s, COUNT(*) FROM " + table + " GROUP BY s";
      assertTrue(plan(c, grouped).contains("LakehouseScanAggregate"), plan(c, grouped));
      assertEquals(expectedGroups, sortedByFirst(rows(c, grouped)));

      List<List<String>> expectedExtremes = new ArrayList<>();
      perGroup.forEach((group, e) -> expectedExtremes.add(Arrays.asList(group, e[0], e[1])));
      assertEquals(expectedExtremes, sortedByFirst(rows(c, "SELECT g, MIN(s), MAX(s) FROM " + table + " GROUP BY g")));
    }
  }

  private static String plan(Connection c, String sql) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery("EXPLAIN PLAN FOR " + sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static List<List<String>> rows(Connection c, String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static List<List<String>> sortedByFirst(List<List<String>> rows) {
    List<List<String>> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing(
        (List<String> row) -> row.get(0), Comparator.nullsFirst(Comparator.naturalOrder())));
    return sorted;
  }
}
