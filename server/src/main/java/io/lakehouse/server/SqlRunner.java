package io.lakehouse.server;

import io.lakehouse.engine.table.ScanStatistics;
import io.lakehouse.jdbc.LakehouseConnection;
import io.lakehouse.jdbc.LakehouseDriver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Runs SQL against a warehouse and prints aligned result tables: {@code sql <warehouse or jdbc url>
 * [-e SQL]... [-f file.sql]}, or statements from standard input (one per {@code ;}).
 */
public final class SqlRunner {

  private final Connection connection;
  private final PrintStream out;

  SqlRunner(Connection connection, PrintStream out) {
    this.connection = connection;
    this.out = out;
  }

  /** Runs one statement and prints its result; returns false when it failed. */
  boolean run(String sql) {
    long start = System.nanoTime();
    try (Statement statement = connection.createStatement()) {
      if (statement.execute(sql)) {
        try (ResultSet rs = statement.getResultSet()) {
          int rows = print(rs);
          out.printf("(%d row%s, %.3f s%s)%n%n", rows, rows == 1 ? "" : "s", (System.nanoTime() - start) / 1e9,
              scanSummary());
        }
      } else {
        out.printf("(%d rows affected)%n", statement.getUpdateCount());
      }
      return true;
    } catch (SQLException e) {
      out.println("Error: " + e.getMessage());
      return false;
    }
  }

  /** What the statement's scans read, when the connection is a lakehouse one. */
  private String scanSummary() throws SQLException {
    if (!connection.isWrapperFor(LakehouseConnection.class)) {
      return "";
    }
    ScanStatistics s = connection.unwrap(LakehouseConnection.class).lastQueryStatistics();
    if (s.filesInSnapshots() == 0) {
      return "";
    }
    return String.format(
        "; files %d of %d, row groups %d of %d, %.1f MB read",
        s.filesPlanned(), s.filesInSnapshots(), s.rowGroupsRead(),
        s.rowGroupsRead() + s.rowGroupsSkipped(), s.bytesRead() / 1e6);
  }

  private int print(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int columns = md.getColumnCount();
    List<String[]> rows = new ArrayList<>();
    String[] header = new String[columns];
    int[] width = new int[columns];
    for (int c = 0; c < columns; c++) {
      header[c] = md.getColumnLabel(c + 1);
      width[c] = header[c].length();
    }
    while (rs.next()) {
      String[] row = new String[columns];
      for (int c = 0; c < columns; c++) {
        String value = rs.getString(c + 1);
        row[c] = value == null ? "NULL" : value;
        width[c] = Math.max(width[c], row[c].length());
      }
      rows.add(row);
    }
    printRow(header, width);
    StringBuilder rule = new StringBuilder();
    for (int c = 0; c < columns; c++) {
      rule.append(c == 0 ? "" : "-+-").append("-".repeat(width[c]));
    }
    out.println(rule);
    for (String[] row : rows) {
      printRow(row, width);
    }
    return rows.size();
  }

  private void printRow(String[] cells, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      line.append(c == 0 ? "" : " | ").append(String.format("%-" + width[c] + "s", cells[c]));
    }
    out.println(line.toString().stripTrailing());
  }

  /** Splits a script into statements at semicolons outside quotes. */
  static List<String> statements(String script) {
    List<String> result = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    for (char ch : script.toCharArray()) {
      if (quote != 0) {
        if (ch == quote) {
          quote = 0;
        }
      } else if (ch == '\'' || ch == '"') {
        quote = ch;
      } else if (ch == ';') {
        addStatement(result, current);
        continue;
      }
      current.append(ch);
    }
    addStatement(result, current);
    return result;
  }

  private static void addStatement(List<String> result, StringBuilder current) {
    String sql = current.toString().trim();
    if (!sql.isEmpty()) {
      result.add(sql);
    }
    current.setLength(0);
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: sql <warehouse or jdbc:lakehouse: url> [-e SQL]... [-f file.sql]");
      System.exit(2);
    }
    String target = args[0];
    String url = target.startsWith("jdbc:") ? target : LakehouseDriver.PREFIX + target;
    List<String> statements = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if ((args[i].equals("-e") || args[i].equals("-f")) && i + 1 < args.length) {
        String value = args[++i];
        statements.addAll(statements(args[i - 1].equals("-e") ? value : Files.readString(Path.of(value))));
      } else {
        System.err.println("unknown argument " + args[i]);
        System.exit(2);
      }
    }
    if (statements.isEmpty()) {
      statements.addAll(statements(readAll()));
    }
    boolean ok = true;
    try (Connection connection = new LakehouseDriver().connect(url, new Properties())) {
      SqlRunner runner = new SqlRunner(connection, System.out);
      for (String sql : statements) {
        ok &= runner.run(sql);
      }
    } catch (SQLException e) {
      System.err.println("Error: " + e.getMessage());
      ok = false;
    }
    System.exit(ok ? 0 : 1);
  }

  private static String readAll() throws IOException {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      StringBuilder text = new StringBuilder();
      String line;
      while ((line = in.readLine()) != null) {
        text.append(line).append('\n');
      }
      return text.toString();
    }
  }
}
