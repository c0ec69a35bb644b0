package io.lakehouse.shell;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A result the shell prints: column labels and kinds, then rows read one at a time, each value as
 * text ({@code null} for SQL NULL). Backed by a {@link ResultSet} that is streamed, or by rows the
 * shell made itself (describe, table list).
 */
interface Rows {

  /** How a column's values are written where formats tell numbers and booleans from text. */
  enum Kind { NUMBER, BOOLEAN, TEXT }

  List<String> labels();

  List<Kind> kinds();

  /** Moves to the next row; false when there is none. */
  boolean next() throws SQLException;

  /** The current row's value of column {@code column} (0-based) as text, or {@code null} for NULL. */
  String value(int column) throws SQLException;

  static Rows of(ResultSet resultSet) throws SQLException {
    ResultSetMetaData md = resultSet.getMetaData();
    List<String> labels = new ArrayList<>();
    List<Kind> kinds = new ArrayList<>();
    for (int c = 1; c <= md.getColumnCount(); c++) {
      labels.add(md.getColumnLabel(c));
      kinds.add(kind(md.getColumnType(c)));
    }
    return new Rows() {
      @Override
      public List<String> labels() {
        return labels;
      }

      @Override
      public List<Kind> kinds() {
        return kinds;
      }

      @Override
      public boolean next() throws SQLException {
        return resultSet.next();
      }

      @Override
      public String value(int column) throws SQLException {
        return resultSet.getString(column + 1);
      }
    };
  }

  /** Rows held in memory; every column is text. */
  static Rows of(List<String> labels, List<List<String>> rows) {
    List<Kind> kinds = labels.stream().map(label -> Kind.TEXT).toList();
    Iterator<List<String>> iterator = rows.iterator();
    return new Rows() {
      private List<String> current;

      @Override
      public List<String> labels() {
        return labels;
      }

      @Override
      public List<Kind> kinds() {
        return kinds;
      }

      @Override
      public boolean next() {
        current = iterator.hasNext() ? iterator.next() : null;
        return current != null;
      }

      @Override
      public String value(int column) {
        return current.get(column);
      }
    };
  }

  private static Kind kind(int sqlType) {
    return switch (sqlType) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.FLOAT,
          Types.DOUBLE, Types.DECIMAL, Types.NUMERIC -> Kind.NUMBER;
      case Types.BOOLEAN, Types.BIT -> Kind.BOOLEAN;
      default -> Kind.TEXT;
    };
  }
}
