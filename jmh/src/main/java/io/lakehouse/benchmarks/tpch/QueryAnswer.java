package io.lakehouse.benchmarks.tpch;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A query's answer: its rows, each value normalized so that answers of different engines compare
 * (numbers as {@link BigDecimal}, dates as {@link LocalDate}, text as {@link String}).
 *
 * <p>Two answers match when they have the same rows, in the same order when the query orders them
 * and as multisets otherwise. Numbers match when they are within a relative 1e-9 of each other,
 * or when one carries fewer decimals (two at least) and is the other correctly rounded: DuckDB
 * computes averages and decimal quotients in double, Calcite in decimal at some scale.
 */
public record QueryAnswer(List<String> columns, List<List<Object>> rows) {

  private static final BigDecimal RELATIVE_TOLERANCE = new BigDecimal("1e-9");

  /** Runs {@code sql} on {@code connection} and reads every row of its result. */
  public static QueryAnswer run(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      int width = rs.getMetaData().getColumnCount();
      List<String> columns = new ArrayList<>(width);
      for (int i = 1; i <= width; i++) {
        columns.add(rs.getMetaData().getColumnLabel(i));
      }
      // Dates are read as text: our driver's getObject and getDate give the day before in a JVM
      // whose default time zone is west of the session's (UTC), and getObject(i, LocalDate.class)
      // is not supported.
      boolean[] dates = new boolean[width];
      for (int i = 1; i <= width; i++) {
        dates[i - 1] = rs.getMetaData().getColumnType(i) == Types.DATE;
      }
      List<List<Object>> rows = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>(width);
        for (int i = 1; i <= width; i++) {
          row.add(dates[i - 1] ? date(rs.getString(i)) : normalize(rs.getObject(i)));
        }
        rows.add(row);
      }
      return new QueryAnswer(List.copyOf(columns), rows);
    }
  }

  private static LocalDate date(String text) {
    return text == null ? null : LocalDate.parse(text);
  }

  private static Object normalize(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? new BigDecimal(Double.toString(d)) : value.toString();
    }
    if (value instanceof BigInteger integer) {
      return new BigDecimal(integer);
    }
    if (value instanceof Number number) {
      return BigDecimal.valueOf(number.longValue());
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (value instanceof LocalDate || value instanceof String) {
      return value;
    }
    return value.toString();
  }

  /**
   * How this answer differs from the {@code expected} one, or empty when they match; rows are
   * compared in order when {@code ordered}.
   */
  public Optional<String> difference(QueryAnswer expected, boolean ordered) {
    if (rows.size() != expected.rows.size()) {
      return Optional.of("expected " + expected.rows.size() + " rows but got " + rows.size()
          + "; expected first rows " + head(expected.rows) + ", got " + head(rows));
    }
    List<List<Object>> actualRows = ordered ? rows : sorted(rows);
    List<List<Object>> expectedRows = ordered ? expected.rows : sorted(expected.rows);
    for (int r = 0; r < actualRows.size(); r++) {
      List<Object> actual = actualRows.get(r);
      List<Object> wanted = expectedRows.get(r);
      if (actual.size() != wanted.size()) {
        return Optional.of("expected " + wanted.size() + " columns but got " + actual.size());
      }
      for (int c = 0; c < actual.size(); c++) {
        if (!matches(wanted.get(c), actual.get(c))) {
          return Optional.of("row " + (r + 1) + " column " + (c + 1) + " (" + columns.get(c) + "): expected "
              + wanted.get(c) + " but got " + actual.get(c) + "; expected row " + wanted + ", got " + actual);
        }
      }
    }
    return Optional.empty();
  }

  static boolean matches(Object expected, Object actual) {
    if (expected instanceof BigDecimal e && actual instanceof BigDecimal a) {
      if (e.compareTo(a) == 0) {
        return true;
      }
      BigDecimal scale = e.abs().max(a.abs());
      if (e.subtract(a).abs().compareTo(scale.multiply(RELATIVE_TOLERANCE)) <= 0) {
        return true;
      }
      BigDecimal coarser = e.scale() <= a.scale() ? e : a;
      BigDecimal finer = coarser == e ? a : e;
      return coarser.scale() >= 2 && finer.setScale(coarser.scale(), RoundingMode.HALF_UP).compareTo(coarser) == 0;
    }
    return expected == null ? actual == null : expected.equals(actual);
  }

  /** Rows in a canonical order for multiset comparison: numbers rounded so near-equal ones sort together. */
  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing(QueryAnswer::sortKey));
    return copy;
  }

  private static String sortKey(List<Object> row) {
    StringBuilder key = new StringBuilder();
    for (Object value : row) {
      if (value instanceof BigDecimal number) {
        key.append(number.round(new MathContext(6)).toPlainString());
      } else {
        key.append(value);
      }
      key.append('\u0000');
    }
    return key.toString();
  }

  private static List<List<Object>> head(List<List<Object>> rows) {
    return rows.subList(0, Math.min(3, rows.size()));
  }
}
