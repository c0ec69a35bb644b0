package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Rows as text, for compact assertions: a query's rows ({@code getObject} values joined by
 * {@code :}), metadata listings, the rows a query should give, computed from what the writers
 * wrote, and the rows a failing query gave before it failed.
 */
final class QueryRows {

  private QueryRows() {}

  /** How many rows a failing query gave before its failure, and the failure. */
  record RowsThenError(long rows, SQLException error) {}

  /** Reads a query's rows until it fails; fails the test if it does not. */
  static RowsThenError rowsThenError(Connection c, String sql) {
    long[] rows = {0};
    SQLException e = assertThrows(SQLException.class, () -> {
      try (ResultSet rs = c.createStatement().executeQuery(sql)) {
        while (rs.next()) {
          rows[0]++;
        }
      }
    }, sql);
    return new RowsThenError(rows[0], e);
  }

  static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i > 1 ? ":" : "").append(rs.getObject(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  /** The ids ({@code id} column) of a table's rows a {@code WHERE} with {@code predicate} returns. */
  static TreeSet<Long> idsWhere(Connection c, String table, String predicate) throws SQLException {
    TreeSet<Long> ids = new TreeSet<>();
    try (ResultSet rs = c.createStatement().executeQuery("SELECT id FROM " + table + " WHERE " + predicate)) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }

  /**
   * The ids of the rows for which Calcite itself finds {@code predicate} true, evaluated in the
   * select list ({@code CASE WHEN}), where nothing is pushed into the scan.
   */
  static TreeSet<Long> idsWhereCalciteFindsTrue(Connection c, String table, String predicate) throws SQLException {
    TreeSet<Long> ids = new TreeSet<>();
    try (ResultSet rs = c.createStatement().executeQuery(
        "SELECT id, CASE WHEN " + predicate + " THEN 1 ELSE 0 END FROM " + table)) {
      while (rs.next()) {
        if (rs.getInt(2) == 1) {
          ids.add(rs.getLong(1));
        }
      }
    }
    return ids;
  }

  /** Rows (lists of values, or text as {@link #rows} gives it) as {@link #rows} gives them, sorted. */
  static List<String> sorted(List<?> rows) {
    List<String> result = new ArrayList<>();
    for (Object row : rows) {
      result.add(row instanceof List<?> values
          ? String.join(":", values.stream().map(String::valueOf).toList())
          : String.valueOf(row));
    }
    result.sort(null);
    return result;
  }

  /** The values of one column of a metadata listing, sorted; closes the listing. */
  static List<String> column(ResultSet rs, String name) throws SQLException {
    return qualified(rs, name);
  }

  /** The values of some columns of a metadata listing, joined by {@code .} and sorted; closes the listing. */
  static List<String> qualified(ResultSet rs, String... columns) throws SQLException {
    List<String> values = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        List<String> parts = new ArrayList<>();
        for (String column : columns) {
          parts.add(rs.getString(column));
        }
        values.add(String.join(".", parts));
      }
    }
    values.sort(null);
    return values;
  }

  /** The schemas a connection lists, but for {@code metadata}, sorted. */
  static List<String> schemas(Connection c) throws SQLException {
    List<String> schemas = column(c.getMetaData().getSchemas(), "TABLE_SCHEM");
    schemas.remove("metadata");
    return schemas;
  }

  /** The tables a connection lists, but for those of {@code metadata}, as {@code schema.table: remarks}, sorted. */
  static List<String> tablesWithRemarks(Connection c) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (ResultSet rs = c.getMetaData().getTables(null, null, "%", null)) {
      while (rs.next()) {
        if (!rs.getString("TABLE_SCHEM").equals("metadata")) {
          tables.add(rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME") + ": " + rs.getString("REMARKS"));
        }
      }
    }
    tables.sort(null);
    return tables;
  }

  /**
   * The rows of a join of orders ({@code order_id, customer_id, amount}) with customers ({@code id,
   * name}), grouped by name and ordered by it, as {@link #rows} gives them: each known customer's
   * name and order total.
   */
  static List<String> expectedJoin(List<List<Object>> customers, List<List<Object>> orders) {
    Map<Object, String> names = new HashMap<>();
    customers.forEach(row -> names.put(row.get(0), (String) row.get(1)));
    Map<String, Long> totals = new TreeMap<>();
    for (List<Object> order : orders) {
      String name = names.get(order.get(1));
      if (name != null) {
        totals.merge(name, (Long) order.get(2), Long::sum);
      }
    }
    List<String> rows = new ArrayList<>();
    totals.forEach((name, total) -> rows.add(name + ":" + total));
    return rows;
  }
}
