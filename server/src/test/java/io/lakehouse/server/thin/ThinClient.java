package io.lakehouse.server.thin;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A JDBC client that depends on nothing but {@code java.sql}: run in a JVM of its own with only
 * Avatica's shaded thin-client jar, it is what a remote user runs. It reads commands, one per line,
 * and prints what they return in a canonical form, so that the output over the server can be
 * compared with the output of the same commands over an embedded connection.
 *
 * <p>Commands: {@code query <sql>}, {@code prepared <int>|<sql with one ?>}, {@code metadata}, and
 * {@code hold <sql>}, which reads one row, prints {@code holding} and waits (to be killed).
 */
public final class ThinClient {

  private ThinClient() {}

  /** {@code ThinClient <jdbc url> <commands file>}: prints to standard output. */
  public static void main(String[] args) throws Exception {
    List<String> commands = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (Connection connection = DriverManager.getConnection(args[0])) {
      run(connection, commands, out);
    }
  }

  /** Runs the commands over a connection, printing canonical results. */
  public static void run(Connection connection, List<String> commands, PrintStream out) throws SQLException {
    for (String command : commands) {
      if (command.isBlank()) {
        continue;
      }
      out.println("## " + command);
      if (command.startsWith("query ")) {
        try (ResultSet rows = connection.createStatement().executeQuery(command.substring(6))) {
          print(rows, out);
        }
      } else if (command.startsWith("prepared ")) {
        String rest = command.substring(9);
        int bar = rest.indexOf('|');
        try (PreparedStatement statement = connection.prepareStatement(rest.substring(bar + 1))) {
          statement.setInt(1, Integer.parseInt(rest.substring(0, bar)));
          try (ResultSet rows = statement.executeQuery()) {
            print(rows, out);
          }
        }
      } else if (command.startsWith("hold ")) {
        // Starts a query, reads one row, says so, then waits to be killed without closing anything.
        java.sql.Statement statement = connection.createStatement();
        statement.setFetchSize(100);
        ResultSet rows = statement.executeQuery(command.substring(5));
        rows.next();
        out.println("holding");
        try {
          Thread.sleep(600_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      } else if (command.equals("metadata")) {
        DatabaseMetaData metaData = connection.getMetaData();
        out.println("product " + metaData.getDatabaseProductName() + " " + metaData.getDatabaseProductVersion());
        try (ResultSet tables = metaData.getTables(null, "default", "dat-basic%", null)) {
          print(tables, out, "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE");
        }
        try (ResultSet columns = metaData.getColumns(null, "default", "basic-decimal-table", null)) {
          print(columns, out, "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "DECIMAL_DIGITS", "NULLABLE");
        }
      } else {
        throw new IllegalArgumentException("unknown command " + command);
      }
    }
  }

  private static void print(ResultSet rows, PrintStream out) throws SQLException {
    ResultSetMetaData metaData = rows.getMetaData();
    StringBuilder header = new StringBuilder("columns");
    for (int c = 1; c <= metaData.getColumnCount(); c++) {
      header.append(" | ").append(metaData.getColumnLabel(c)).append(' ').append(metaData.getColumnType(c))
          .append(' ').append(metaData.getColumnTypeName(c)).append('(').append(metaData.getPrecision(c))
          .append(',').append(metaData.getScale(c)).append(')');
    }
    out.println(header);
    List<String> lines = new ArrayList<>();
    while (rows.next()) {
      StringBuilder line = new StringBuilder("row");
      for (int c = 1; c <= metaData.getColumnCount(); c++) {
        Object value = rows.getObject(c);
        int type = metaData.getColumnType(c);
        String text;
        if (value == null) {
          text = "NULL";
        } else if (type == java.sql.Types.BINARY || type == java.sql.Types.VARBINARY) {
          // getString of bytes differs between drivers (hex or raw); the bytes must not.
          text = java.util.HexFormat.of().formatHex(rows.getBytes(c));
        } else {
          text = rows.getString(c);
        }
        line.append(" | ").append(text);
      }
      lines.add(line.toString());
    }
    Collections.sort(lines);
    lines.forEach(out::println);
  }

  private static void print(ResultSet rows, PrintStream out, String... columns) throws SQLException {
    List<String> lines = new ArrayList<>();
    while (rows.next()) {
      StringBuilder line = new StringBuilder("meta");
      for (String column : columns) {
        line.append(" | ").append(rows.getString(column));
      }
      lines.add(line.toString());
    }
    Collections.sort(lines);
    lines.forEach(out::println);
  }
}
