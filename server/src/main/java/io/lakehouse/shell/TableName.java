package io.lakehouse.shell;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finds the table a shell command names the way SQL would: {@code [[catalog.]schema.]table}, an
 * unquoted part matched case-insensitively, a double-quoted one exactly; without a catalog, the
 * connection's current catalog (when it has several); without a schema, the connection's schema is
 * preferred.
 */
final class TableName {

  /** One part of a dotted name. */
  record Part(String text, boolean quoted) {
    boolean matches(String name) {
      return quoted ? text.equals(name) : text.equalsIgnoreCase(name);
    }
  }

  /** A table {@code DatabaseMetaData} lists, with its catalog and remarks (either possibly null). */
  record Match(String catalog, String schema, String name, String remarks) {
    /** The name to show: {@code schema.name}, or {@code catalog.schema.name} when it has a catalog. */
    String qualified() {
      return (catalog == null ? "" : catalog + ".") + schema + "." + name;
    }
  }

  private TableName() {}

  static List<Part> parse(String text) {
    List<Part> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    int i = 0;
    while (i < text.length()) {
      char ch = text.charAt(i);
      if (ch == '"') {
        quoted = true;
        int j = i + 1;
        while (j < text.length()) {
          if (text.charAt(j) == '"') {
            if (j + 1 < text.length() && text.charAt(j + 1) == '"') {
              current.append('"');
              j += 2;
              continue;
            }
            break;
          }
          current.append(text.charAt(j++));
        }
        i = j + 1;
      } else if (ch == '.') {
        parts.add(new Part(current.toString(), quoted));
        current.setLength(0);
        quoted = false;
        i++;
      } else {
        if (!Character.isWhitespace(ch)) {
          current.append(ch);
        }
        i++;
      }
    }
    parts.add(new Part(current.toString(), quoted));
    return parts;
  }

  /**
   * The listed table that {@code parts} name, or {@code null} when none is listed (metadata tables
   * are not), or when the name has more than three parts.
   */
  static Match find(Connection connection, List<Part> parts) throws SQLException {
    if (parts.isEmpty() || parts.size() > 3) {
      return null;
    }
    Part table = parts.get(parts.size() - 1);
    Part schema = parts.size() >= 2 ? parts.get(parts.size() - 2) : null;
    Part catalog = parts.size() == 3 ? parts.get(0) : null;
    List<Match> matches = new ArrayList<>();
    String currentCatalog = null;
    try (ResultSet rs = connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE", "VIEW"})) {
      while (rs.next()) {
        String catalogName = rs.getString("TABLE_CAT");
        String schemaName = rs.getString("TABLE_SCHEM");
        String tableName = rs.getString("TABLE_NAME");
        if (catalogName != null && catalog == null && currentCatalog == null) {
          currentCatalog = connection.getCatalog();
        }
        boolean catalogMatches = catalog == null
            ? catalogName == null || catalogName.equals(currentCatalog)
            : catalogName != null && catalog.matches(catalogName);
        if (catalogMatches && table.matches(tableName) && (schema == null || schema.matches(schemaName))) {
          matches.add(new Match(catalogName, schemaName, tableName, rs.getString("REMARKS")));
        }
      }
    }
    if (matches.size() > 1) {
      List<Match> exact = matches.stream().filter(m -> m.name().equals(table.text())).toList();
      matches = exact.isEmpty() ? matches : exact;
    }
    if (matches.size() > 1 && schema == null) {
      String current = connection.getSchema();
      List<Match> inCurrent = matches.stream().filter(m -> Objects.equals(m.schema(), current)).toList();
      matches = inCurrent.isEmpty() ? matches : inCurrent;
    }
    if (matches.size() > 1) {
      List<String> names = matches.stream().map(Match::qualified).toList();
      throw new SQLException("Table name " + table.text() + " is ambiguous: " + String.join(", ", names)
          + "; name it with its schema, or quote it to match case", "42000");
    }
    return matches.isEmpty() ? null : matches.get(0);
  }
}
