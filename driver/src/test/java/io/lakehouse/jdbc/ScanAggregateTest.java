package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.jdbc.corpus.CorpusWarehouse;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Aggregates computed inside the scan on its Arrow batches: EXPLAIN shows when, and every answer
 * equals the same aggregate folded here over the rows a plain scan returns, on every readable
 * corpus table (all types, nulls, deletion vectors, position deletes, column mapping), in total and
 * per group, with filters, arithmetic and time travel.
 */
class ScanAggregateTest {

  private static final Set<Integer> ORDERED = Set.of(
      Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.DECIMAL, Types.DOUBLE, Types.FLOAT,
      Types.REAL, Types.DATE, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE, Types.VARCHAR, Types.CHAR,
      Types.BOOLEAN);

  private static final Set<Integer> EXACT = Set.of(
      Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.DECIMAL);

  private static Connection connection;

  @BeforeAll
  static void connect() throws SQLException {
    connection = DriverManager.getConnection(CorpusWarehouse.url());
  }

  @AfterAll
  static void close() throws SQLException {
    connection.close();
  }

  @Test
  void explainShowsTheAggregateInTheScan() throws SQLException {
    String plan = plan("SELECT COUNT(*), SUM(\"l_extendedprice\" * \"l_discount\"), MAX(\"l_shipmode\")"
        + " FROM \"lineitem_iceberg\" WHERE \"l_quantity\" < 24");
    assertTrue(plan.contains("LakehouseScanAggregate"), plan);
    assertTrue(plan.contains("SUM((l_extendedprice * l_discount))"), plan);
    assertFalse(plan.contains("EnumerableAggregate"), plan);
    // grouping by columns too (TPC-H Q1's shape), but not by expressions
    String q1 = plan("SELECT \"l_returnflag\", \"l_linestatus\", SUM(\"l_quantity\"), AVG(\"l_discount\"),"
        + " COUNT(*) FROM \"lineitem_iceberg\" WHERE \"l_shipdate\" <= DATE '1998-09-02'"
        + " GROUP BY \"l_returnflag\", \"l_linestatus\"");
    assertTrue(q1.contains("LakehouseScanAggregate") && q1.contains("groupBy=[[l_returnflag, l_linestatus]]"), q1);
    assertFalse(plan("SELECT SUBSTRING(\"l_shipmode\", 1, 1), COUNT(*) FROM \"lineitem_iceberg\""
        + " GROUP BY SUBSTRING(\"l_shipmode\", 1, 1)").contains("LakehouseScanAggregate"));
    // as does an aggregate of an expression it does not compute
    assertFalse(plan("SELECT MAX(UPPER(\"l_shipmode\")) FROM \"lineitem_iceberg\"").contains("LakehouseScanAggregate"));
    // COUNT(DISTINCT x) counts the groups of x, which the scan finds
    String distinct = plan("SELECT COUNT(DISTINCT \"l_shipmode\") FROM \"lineitem_iceberg\"");
    assertTrue(distinct.contains("groupBy=[[l_shipmode]]"), distinct);
    assertEquals(rows("SELECT COUNT(*) FROM (SELECT \"l_shipmode\" FROM \"lineitem_iceberg\" LIMIT 100000000)"
        + " GROUP BY \"l_shipmode\"").size(),
        ((Number) rows("SELECT COUNT(DISTINCT \"l_shipmode\") FROM \"lineitem_iceberg\"").get(0)[0]).intValue());
  }

  /** Every orderable column of every readable table: counts, minima, maxima and sums. */
  @Test
  void everyCorpusColumnAgreesWithAFoldOfItsRows() throws SQLException {
    Map<String, List<Column>> tables = new TreeMap<>();
    try (ResultSet columns = connection.getMetaData().getColumns(null, "default", "%", "%")) {
      while (columns.next()) {
        int type = columns.getInt("DATA_TYPE");
        if (ORDERED.contains(type)) {
          tables.computeIfAbsent(columns.getString("TABLE_NAME"), t -> new ArrayList<>())
              .add(new Column(columns.getString("COLUMN_NAME"), type));
        }
      }
    }
    int compared = 0;
    int overflows = 0;
    for (Map.Entry<String, List<Column>> table : tables.entrySet()) {
      List<Column> columns = table.getValue();
      String from = " FROM \"" + table.getKey() + "\"";
      List<Object[]> rows;
      try {
        rows = rows("SELECT " + names(columns) + from);
      } catch (SQLException unreadable) {
        continue; // a table the corpus lists as unreadable; its error is tested elsewhere
      }
      // a sum past the range of BIGINT is an error, never a wrapped value
      List<Column> summed = new ArrayList<>();
      for (int c = 0; c < columns.size(); c++) {
        Column column = columns.get(c);
        if (!EXACT.contains(column.type())) {
          continue;
        }
        if (column.type() != Types.DECIMAL && !fitsLong(sum(rows, c))) {
          String sum = "SELECT SUM(" + column.quoted() + ")" + from;
          SQLException e = assertThrows(SQLException.class, () -> rows(sum), sum);
          assertEquals("22003", e.getSQLState(), e.getMessage());
          assertTrue(e.getMessage().contains("out of range for type BIGINT"), e.getMessage());
          overflows++;
        } else {
          summed.add(column);
        }
      }
      StringBuilder select = new StringBuilder("SELECT COUNT(*)");
      for (Column column : columns) {
        select.append(", COUNT(").append(column.quoted()).append("), MIN(").append(column.quoted())
            .append("), MAX(").append(column.quoted()).append(")");
        if (summed.contains(column)) {
          select.append(", SUM(").append(column.quoted()).append(")");
        }
      }
      String sql = select + from;
      assertTrue(plan(sql).contains("LakehouseScanAggregate"), sql);
      Object[] actual = rows(sql).get(0);
      Object[] expected = fold(rows, columns, summed);
      for (int i = 0; i < expected.length; i++) {
        assertSame(expected[i], actual[i], table.getKey() + ": value " + i + " of " + sql);
      }
      // the same aggregates per value of the first column
      String grouped = "SELECT " + columns.get(0).quoted() + ", " + select.substring("SELECT ".length()) + from
          + " GROUP BY " + columns.get(0).quoted();
      assertTrue(plan(grouped).contains("LakehouseScanAggregate"), grouped);
      Map<Object, List<Object[]>> groups = new HashMap<>();
      for (Object[] row : rows) {
        groups.computeIfAbsent(key(row[0]), k -> new ArrayList<>()).add(row);
      }
      List<Object[]> actualGroups = rows(grouped);
      assertEquals(groups.size(), actualGroups.size(), grouped);
      for (Object[] group : actualGroups) {
        List<Object[]> members = groups.get(key(group[0]));
        assertTrue(members != null, table.getKey() + ": no group " + group[0]);
        Object[] groupExpected = fold(members, columns, summed);
        for (int i = 0; i < groupExpected.length; i++) {
          assertSame(groupExpected[i], group[i + 1], table.getKey() + ": group " + group[0] + " value " + i);
        }
      }
      compared++;
    }
    assertTrue(compared > 100, "tables compared: " + compared);
    assertTrue(overflows > 0, "the corpus has a BIGINT column whose sum overflows");
  }

  /** A group key as a map key: null stands for itself. */
  private static Object key(Object value) {
    return value == null ? NULL : value;
  }

  private static final Object NULL = new Object();

  private static BigDecimal sum(List<Object[]> rows, int column) {
    BigDecimal sum = BigDecimal.ZERO;
    for (Object[] row : rows) {
      if (row[column] != null) {
        sum = sum.add(new BigDecimal(row[column].toString()));
      }
    }
    return sum;
  }

  private static boolean fitsLong(BigDecimal value) {
    return value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
        && value.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0;
  }

  @Test
  void filtersAndArithmeticAgreeWithTheRowPath() throws SQLException {
    String where = " FROM \"lineitem_iceberg\" WHERE \"l_shipdate\" >= DATE '1994-01-01'"
        + " AND \"l_shipdate\" < DATE '1995-01-01' AND \"l_discount\" BETWEEN 0.05 AND 0.07 AND \"l_quantity\" < 24";
    String aggregates = "SELECT COUNT(*), SUM(\"l_extendedprice\" * \"l_discount\"),"
        + " SUM(\"l_extendedprice\" * (1 - \"l_discount\") * (1 + \"l_tax\")), SUM(\"l_quantity\" + \"l_tax\"),"
        + " SUM(\"l_orderkey\" - 7), MIN(\"l_comment\"), MAX(\"l_shipdate\")" + where;
    assertTrue(plan(aggregates).contains("LakehouseScanAggregate"), plan(aggregates));
    Object[] actual = rows(aggregates).get(0);

    List<Object[]> rows = rows("SELECT \"l_extendedprice\" * \"l_discount\","
        + " \"l_extendedprice\" * (1 - \"l_discount\") * (1 + \"l_tax\"), \"l_quantity\" + \"l_tax\","
        + " \"l_orderkey\" - 7, \"l_comment\", \"l_shipdate\"" + where);
    assertTrue(rows.size() > 10, "the filter keeps rows: " + rows.size());
    assertEquals((long) rows.size(), ((Number) actual[0]).longValue());
    for (int c = 0; c < 4; c++) {
      BigDecimal sum = BigDecimal.ZERO;
      for (Object[] row : rows) {
        sum = sum.add(new BigDecimal(row[c].toString()));
      }
      assertEquals(0, sum.compareTo(new BigDecimal(actual[c + 1].toString())), "sum " + c);
    }
    assertSame(extreme(rows, 4, false), actual[5], "MIN(l_comment)");
    assertSame(extreme(rows, 5, true), actual[6], "MAX(l_shipdate)");
  }

  @Test
  void countingFilteredRowsReadsOnlyTheFiltersColumns() throws SQLException {
    String where = " FROM \"lineitem_iceberg\" WHERE \"l_shipdate\" >= DATE '1994-01-01' AND \"l_shipdate\" < DATE '1995-01-01'";
    String plan = plan("SELECT COUNT(*)" + where);
    assertTrue(plan.contains("LakehouseScanAggregate") && plan.contains("columns=[[l_shipdate]]"), plan);
    long counted = ((Number) rows("SELECT COUNT(*)" + where).get(0)[0]).longValue();
    assertTrue(counted > 10, "the filter keeps rows: " + counted);
    assertEquals(rows("SELECT \"l_orderkey\"" + where).size(), counted);
  }

  @Test
  void noRowsGiveNullsAndZeroCounts() throws SQLException {
    String sql = "SELECT COUNT(*), COUNT(\"l_comment\"), SUM(\"l_quantity\"), MIN(\"l_shipdate\")"
        + " FROM \"lineitem_iceberg\" WHERE \"l_quantity\" > 1000";
    assertTrue(plan(sql).contains("LakehouseScanAggregate"), plan(sql));
    Object[] row = rows(sql).get(0);
    assertEquals(0L, ((Number) row[0]).longValue());
    assertEquals(0L, ((Number) row[1]).longValue());
    assertNull(row[2]);
    assertNull(row[3]);
  }

  @Test
  void timeTravelAndDeletesAgreeWithTheRowPath() throws SQLException {
    // a table with deletion vectors, read at each of its versions
    String table = "\"basic-dv-no-checkpoint\"";
    List<Long> versions = new ArrayList<>();
    for (Object[] row : rows("SELECT \"version\" FROM \"basic-dv-no-checkpoint$history\"")) {
      versions.add(((Number) row[0]).longValue());
    }
    assertTrue(versions.size() > 1, "versions: " + versions);
    for (long version : versions) {
      String asOf = " FROM " + table + " FOR VERSION AS OF " + version;
      List<Object[]> rows = rows("SELECT \"id\"" + asOf);
      String sql = "SELECT COUNT(*), SUM(\"id\"), MAX(\"id\")" + asOf;
      assertTrue(plan(sql).contains("LakehouseScanAggregate"), plan(sql));
      Object[] actual = rows(sql).get(0);
      Object[] expected = fold(rows, List.of(new Column("id", Types.BIGINT)), List.of(new Column("id", Types.BIGINT)));
      assertEquals(((Number) expected[0]).longValue(), ((Number) actual[0]).longValue(), "count at " + version);
      assertSame(expected[3], actual[2], "max at " + version);
      assertSame(expected[4], actual[1], "sum at " + version);
    }
  }

  private record Column(String name, int type) {
    String quoted() {
      return "\"" + name + "\"";
    }
  }

  private static String names(List<Column> columns) {
    return String.join(", ", columns.stream().map(Column::quoted).toList());
  }

  /** COUNT(*), then per column COUNT, MIN, MAX and (the summed ones) SUM, as the aggregate query lists them. */
  private static Object[] fold(List<Object[]> rows, List<Column> columns, List<Column> summed) {
    List<Object> values = new ArrayList<>();
    values.add((long) rows.size());
    for (int c = 0; c < columns.size(); c++) {
      long count = 0;
      BigDecimal sum = null;
      for (Object[] row : rows) {
        if (row[c] != null) {
          count++;
          if (summed.contains(columns.get(c))) {
            BigDecimal value = new BigDecimal(row[c].toString());
            sum = sum == null ? value : sum.add(value);
          }
        }
      }
      values.add(count);
      values.add(extreme(rows, c, false));
      values.add(extreme(rows, c, true));
      if (summed.contains(columns.get(c))) {
        values.add(sum);
      }
    }
    return values.toArray();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object extreme(List<Object[]> rows, int column, boolean max) {
    Comparable best = null;
    for (Object[] row : rows) {
      Comparable value = (Comparable) row[column];
      if (value != null && (best == null || (max ? value.compareTo(best) > 0 : value.compareTo(best) < 0))) {
        best = value;
      }
    }
    return best;
  }

  /** Equal values; numbers by value, whatever their Java class. */
  private static void assertSame(Object expected, Object actual, String message) {
    if (expected instanceof Number && actual instanceof Number && !(expected instanceof Double)
        && !(expected instanceof Float)) {
      assertEquals(0, new BigDecimal(expected.toString()).compareTo(new BigDecimal(actual.toString())),
          message + ": expected " + expected + " but was " + actual);
    } else {
      assertEquals(expected, actual, message);
    }
  }

  private static String plan(String sql) throws SQLException {
    StringBuilder plan = new StringBuilder();
    for (Object[] row : rows("EXPLAIN PLAN FOR " + sql)) {
      plan.append(row[0]).append('\n');
    }
    return plan.toString();
  }

  private static List<Object[]> rows(String sql) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        Object[] row = new Object[columns];
        for (int c = 0; c < columns; c++) {
          row[c] = result.getObject(c + 1);
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
