package io.lakehouse.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The shell's own commands, psql's and sqlline's spellings alike: {@code \d t} / {@code !describe t}
 * (columns, types, nullability, and the table's remarks), {@code \dt} / {@code !tables}, {@code \i
 * file} / {@code !run file}, {@code \help} / {@code !help}, {@code \q} / {@code !quit}.
 */
final class MetaCommands {

  static final String HELP = """
      SQL statements end with ; and may span lines. Ctrl-C cancels the running statement.

      Commands (psql's or sqlline's spelling):
        \\dt              !tables           list the tables
        \\d <table>       !describe <table> columns, types and nullability of a table
        \\i <file>        !run <file>       run the statements of a file
        \\help  \\?        !help             this text
        \\q               !quit             leave (also Ctrl-D)

      Try:
        SELECT * FROM orders LIMIT 5;
        SELECT COUNT(*) FROM orders FOR VERSION AS OF 0;           -- time travel: version or snapshot id
        SELECT COUNT(*) FROM payments FOR VERSION AS OF 'audit';   -- an Iceberg tag or branch
        SELECT * FROM "orders$history";                            -- also $snapshots $files $partitions $refs $properties
        EXPLAIN PLAN FOR SELECT * FROM page_views WHERE view_date = DATE '2024-03-05';
      """;

  private final Session session;
  private final Connection connection;

  MetaCommands(Session session, Connection connection) {
    this.session = session;
    this.connection = connection;
  }

  Session.Outcome run(String command) throws SQLException {
    String[] parts = command.split("\\s+", 2);
    String name = parts[0].toLowerCase(Locale.ROOT);
    String argument = parts.length > 1 ? parts[1].strip() : "";
    switch (name) {
      case "\\q", "\\quit", "!q", "!quit", "!exit" -> {
        return Session.Outcome.QUIT;
      }
      case "\\?", "\\h", "\\help", "!help" -> {
        session.out().print(HELP);
        session.out().println();
        return Session.Outcome.OK;
      }
      case "\\dt", "!tables" -> {
        return tables();
      }
      case "\\d", "!describe", "!desc" -> {
        return argument.isEmpty() ? tables() : describe(argument);
      }
      case "\\i", "!run" -> {
        return include(argument);
      }
      default -> {
        return session.failed(
            new SQLException("Unknown command " + parts[0] + "; \\help lists the commands", "42000"), null);
      }
    }
  }

  private Session.Outcome tables() throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    boolean remarks = false;
    boolean catalogs = false;
    try (ResultSet rs = connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE", "VIEW"})) {
      while (rs.next()) {
        String remark = rs.getString("REMARKS");
        String catalog = rs.getString("TABLE_CAT");
        remarks |= remark != null && !remark.isEmpty();
        catalogs |= catalog != null;
        rows.add(new ArrayList<>(List.of(
            Objects.requireNonNullElse(catalog, ""), rs.getString("TABLE_SCHEM"), rs.getString("TABLE_NAME"),
            rs.getString("TABLE_TYPE"), Objects.requireNonNullElse(remark, ""))));
      }
    }
    rows.sort(Comparator.<List<String>, String>comparing(r -> r.get(0))
        .thenComparing(r -> r.get(1)).thenComparing(r -> r.get(2)));
    List<String> labels = new ArrayList<>(List.of("catalog", "schema", "table", "type", "remarks"));
    if (!remarks) {
      labels.remove(4);
      rows.forEach(row -> row.remove(4));
    }
    if (!catalogs) {
      // a connection with one catalog has no catalog names
      labels.remove(0);
      rows.forEach(row -> row.remove(0));
    }
    session.print(null, Rows.of(labels, rows), "table");
    session.note("Every table t also has the metadata tables \"t$history\", \"t$snapshots\", \"t$files\", "
        + "\"t$partitions\", \"t$refs\" and \"t$properties\".\n");
    return Session.Outcome.OK;
  }

  private Session.Outcome describe(String name) throws SQLException {
    TableName.Match table = TableName.find(connection, TableName.parse(name));
    if (table == null) {
      return describeByQuery(name);
    }
    List<List<String>> rows = new ArrayList<>();
    // the names are patterns where _ matches any character: keep only the table's own rows
    try (ResultSet rs = connection.getMetaData().getColumns(table.catalog(), table.schema(), table.name(), "%")) {
      while (rs.next()) {
        if (Objects.equals(table.catalog(), rs.getString("TABLE_CAT"))
            && table.schema().equals(rs.getString("TABLE_SCHEM")) && table.name().equals(rs.getString("TABLE_NAME"))) {
          String nullable = Objects.requireNonNullElse(rs.getString("IS_NULLABLE"), "");
          String type = typeName(rs.getString("TYPE_NAME"), nullable);
          if (rs.getInt("DATA_TYPE") == Types.DECIMAL) {
            type += "(" + rs.getInt("COLUMN_SIZE") + ", " + rs.getInt("DECIMAL_DIGITS") + ")";
          }
          rows.add(List.of(rs.getString("COLUMN_NAME"), type, nullable));
        }
      }
    }
    String title = "Table " + table.qualified()
        + (table.remarks() == null || table.remarks().isEmpty() ? "" : ": " + table.remarks());
    session.print(title, Rows.of(List.of("column", "type", "nullable"), rows), "column");
    return Session.Outcome.OK;
  }

  /**
   * Describes what {@code DatabaseMetaData} does not list, such as a metadata table
   * {@code "orders$history"}, from the metadata of a query over it; an unknown name fails with the
   * engine's error.
   */
  private Session.Outcome describeByQuery(String name) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM " + name)) {
      ResultSetMetaData md = statement.getMetaData();
      for (int c = 1; c <= md.getColumnCount(); c++) {
        String type = md.getColumnTypeName(c);
        if (md.getColumnType(c) == Types.DECIMAL) {
          type += "(" + md.getPrecision(c) + ", " + md.getScale(c) + ")";
        }
        String nullable = switch (md.isNullable(c)) {
          case ResultSetMetaData.columnNoNulls -> "NO";
          case ResultSetMetaData.columnNullable -> "YES";
          default -> "";
        };
        rows.add(List.of(md.getColumnLabel(c), type, nullable));
      }
    }
    session.print("Table " + name, Rows.of(List.of("column", "type", "nullable"), rows), "column");
    return Session.Outcome.OK;
  }

  /** Calcite's type name without the {@code NOT NULL} it appends, which the nullable column shows. */
  private static String typeName(String typeName, String nullable) {
    return nullable.equals("NO") && typeName.endsWith(" NOT NULL")
        ? typeName.substring(0, typeName.length() - " NOT NULL".length())
        : typeName;
  }

  private Session.Outcome include(String file) throws SQLException {
    if (file.isEmpty()) {
      return session.failed(new SQLException("\\i needs a file name", "42000"), null);
    }
    String script;
    try {
      script = Files.readString(Path.of(file));
    } catch (IOException e) {
      return session.failed(new SQLException("Cannot read " + file + ": " + e, "58030", e), null);
    }
    return session.runScript(script);
  }
}
