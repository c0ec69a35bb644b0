package io.lakehouse.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A query's rows as text, {@code getObject} values joined by {@code :}, for compact assertions. */
final class QueryRows {

  private QueryRows() {}

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
}
