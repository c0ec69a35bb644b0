package io.lakehouse.jdbc.corpus;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Runs a query against the corpus warehouse and returns its rows as {@code getObject} values. */
final class CorpusQueries {

  private CorpusQueries() {}

  static List<Object[]> rows(String sql) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(CorpusWarehouse.url());
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Object[] row = new Object[columns];
        for (int i = 0; i < columns; i++) {
          row[i] = rs.getObject(i + 1);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** The single number a query such as {@code SELECT count(*) ...} returns. */
  static long number(String sql) throws SQLException {
    return ((Number) rows(sql).get(0)[0]).longValue();
  }
}
