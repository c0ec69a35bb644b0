package io.lakehouse.shell;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes results as delimited text with a header line per result.
 *
 * <ul>
 *   <li>CSV follows RFC 4180: fields separated by {@code ,}, records ended by CRLF, a field quoted
 *       with {@code "} when it holds a comma, a quote, CR or LF, or is the empty string, and a quote
 *       inside doubled. NULL is an empty unquoted field, so it differs from the empty string
 *       {@code ""}.
 *   <li>TSV follows PostgreSQL's text format: fields separated by a tab, records ended by LF,
 *       backslash, tab, LF and CR written as {@code \\}, {@code \t}, {@code \n}, {@code \r}, and NULL
 *       as {@code \N}.
 * </ul>
 */
final class DelimitedPrinter implements ResultPrinter {

  private final PrintWriter out;
  private final char separator;
  private final String recordEnd;
  private final boolean csv;

  private DelimitedPrinter(PrintWriter out, char separator, String recordEnd, boolean csv) {
    this.out = out;
    this.separator = separator;
    this.recordEnd = recordEnd;
    this.csv = csv;
  }

  static DelimitedPrinter csv(PrintWriter out) {
    return new DelimitedPrinter(out, ',', "\r\n", true);
  }

  static DelimitedPrinter tsv(PrintWriter out) {
    return new DelimitedPrinter(out, '\t', "\n", false);
  }

  @Override
  public long print(Rows rows, Runnable beforeOutput) throws SQLException {
    beforeOutput.run();
    List<String> labels = rows.labels();
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < labels.size(); c++) {
      appendField(line, c, labels.get(c));
    }
    out.print(line.append(recordEnd));
    long count = 0;
    while (rows.next()) {
      line.setLength(0);
      for (int c = 0; c < labels.size(); c++) {
        appendField(line, c, rows.value(c));
      }
      out.print(line.append(recordEnd));
      count++;
    }
    return count;
  }

  private void appendField(StringBuilder line, int column, String value) {
    if (column > 0) {
      line.append(separator);
    }
    if (csv) {
      appendCsv(line, value);
    } else {
      appendTsv(line, value);
    }
  }

  private static void appendCsv(StringBuilder line, String value) {
    if (value == null) {
      return;
    }
    boolean quote = value.isEmpty();
    for (int i = 0; i < value.length() && !quote; i++) {
      char ch = value.charAt(i);
      quote = ch == ',' || ch == '"' || ch == '\r' || ch == '\n';
    }
    if (!quote) {
      line.append(value);
      return;
    }
    line.append('"').append(value.replace("\"", "\"\"")).append('"');
  }

  private static void appendTsv(StringBuilder line, String value) {
    if (value == null) {
      line.append("\\N");
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      switch (ch) {
        case '\\' -> line.append("\\\\");
        case '\t' -> line.append("\\t");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        default -> line.append(ch);
      }
    }
  }
}
