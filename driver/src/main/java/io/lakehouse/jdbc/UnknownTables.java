package io.lakehouse.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds the fix to Calcite's "Object 'x' not found": the tables with a similar name, or how many
 * tables the warehouse has and how to list them.
 */
final class UnknownTables {

  private static final Pattern NOT_FOUND = Pattern.compile("Object '([^']+)' not found");
  private static final int MAX_SUGGESTIONS = 3;

  private UnknownTables() {}

  /** The error with a hint when it is about an unknown table; otherwise the error itself. */
  static SQLException explain(SQLException error, Connection connection) {
    String missing = null;
    for (Throwable t = error; t != null && missing == null; t = t.getCause() == t ? null : t.getCause()) {
      Matcher matcher = t.getMessage() == null ? null : NOT_FOUND.matcher(t.getMessage());
      if (matcher != null && matcher.find()) {
        missing = matcher.group(1);
      }
    }
    if (missing == null || connection == null) {
      return error;
    }
    List<String> tables;
    try {
      tables = dataTables(connection);
    } catch (SQLException | RuntimeException e) {
      // The hint is a courtesy: the original error is what matters.
      return error;
    }
    String hint;
    List<String> similar = similar(missing, tables);
    List<String> schemas = catalogSchemas(missing, tables);
    if (!schemas.isEmpty()) {
      hint = "Schema " + missing + " is in another catalog: write " + String.join(" or ", schemas)
          + ".<table>, or make its catalog current with Connection.setCatalog.";
    } else if (!similar.isEmpty()) {
      hint = "Did you mean " + String.join(" or ", similar) + "?";
    } else if (tables.isEmpty()) {
      hint = "The warehouse has no Delta or Iceberg tables: check the path in the URL.";
    } else {
      hint = "The warehouse has " + tables.size() + " table" + (tables.size() == 1 ? "" : "s")
          + "; DatabaseMetaData.getTables (\\dt in the shell) lists them.";
    }
    hint += " Unquoted names are case-insensitive; double-quote names that are not plain identifiers,"
        + " like \"my-table\".";
    SQLException explained = new SQLException(error.getMessage() + ". " + hint, error.getSQLState(), error);
    return explained;
  }

  /** The data tables, each named with its schema (and its catalog, when it has one). */
  private static List<String> dataTables(Connection connection) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (ResultSet rs = connection.getMetaData().getTables(null, null, "%", null)) {
      while (rs.next()) {
        String catalog = rs.getString("TABLE_CAT");
        String schema = rs.getString("TABLE_SCHEM");
        String table = rs.getString("TABLE_NAME");
        if (table.contains("$") || "metadata".equals(schema)) {
          continue;
        }
        tables.add((catalog == null ? "" : catalog + ".") + schema + "." + quoted(table));
      }
    }
    return tables;
  }

  private static String quoted(String name) {
    return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** The {@code catalog.schema} of each catalog that has a schema named {@code missing}. */
  private static List<String> catalogSchemas(String missing, List<String> tables) {
    String wanted = "." + quoted(missing).toLowerCase(Locale.ROOT) + ".";
    return tables.stream()
        .filter(t -> t.chars().filter(ch -> ch == '.').count() >= 2)
        .map(t -> t.substring(0, t.indexOf('.', t.indexOf('.') + 1)))
        .filter(schema -> (schema + ".").toLowerCase(Locale.ROOT).endsWith(wanted))
        .distinct()
        .limit(MAX_SUGGESTIONS)
        .toList();
  }

  /** Up to three tables whose name is close to {@code missing}, closest first. */
  private static List<String> similar(String missing, List<String> tables) {
    String wanted = missing.toLowerCase(Locale.ROOT);
    int limit = Math.max(1, wanted.length() / 3);
    return tables.stream()
        .filter(t -> distance(wanted, bareName(t)) <= limit)
        .sorted(Comparator.comparingInt(t -> distance(wanted, bareName(t))))
        .limit(MAX_SUGGESTIONS)
        .toList();
  }

  /** The table's own name: after the last dot, or the quoted name that ends the qualified one. */
  private static String bareName(String qualified) {
    String name = qualified.endsWith("\"")
        ? qualified.substring(qualified.lastIndexOf(".\"") + 2, qualified.length() - 1)
        : qualified.substring(qualified.lastIndexOf('.') + 1);
    return name.toLowerCase(Locale.ROOT);
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
