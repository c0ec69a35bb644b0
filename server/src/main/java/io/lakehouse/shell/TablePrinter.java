package io.lakehouse.shell;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jline.utils.WCWidth;

/**
 * Writes a result as an aligned table for people. Rows are streamed: column widths come from the
 * header and the first {@value #SAMPLE_ROWS} rows, and later rows are fitted to them. NULL is
 * shown as {@code NULL} and the empty string as nothing; numbers are aligned right. A value wider
 * than {@value #MAX_WIDTH} columns is cut and ends with {@code …}, except in the last column, which
 * is always shown whole. A value with line breaks takes several lines (so an {@code EXPLAIN} plan
 * reads as a plan); tabs, carriage returns and other control characters are shown as
 * {@code \t}, {@code \r}, {@code \}{@code uXXXX}.
 */
final class TablePrinter implements ResultPrinter {

  static final int SAMPLE_ROWS = 200;
  static final int MAX_WIDTH = 60;
  static final String NULL = "NULL";

  private final PrintWriter out;

  TablePrinter(PrintWriter out) {
    this.out = out;
  }

  @Override
  public long print(Rows rows, Runnable beforeOutput) throws SQLException {
    int columns = rows.labels().size();
    List<String[][]> sample = new ArrayList<>();
    boolean more = true;
    while (sample.size() < SAMPLE_ROWS && (more = rows.next())) {
      sample.add(cells(rows, columns));
    }
    int[] width = new int[columns];
    boolean[] right = new boolean[columns];
    String[][] header = new String[columns][];
    for (int c = 0; c < columns; c++) {
      header[c] = new String[] {rows.labels().get(c)};
      width[c] = widest(header[c]);
      right[c] = rows.kinds().get(c) == Rows.Kind.NUMBER;
      for (String[][] row : sample) {
        width[c] = Math.max(width[c], widest(row[c]));
      }
      width[c] = Math.min(width[c], MAX_WIDTH);
    }
    beforeOutput.run();
    printRow(header, width, right);
    StringBuilder rule = new StringBuilder();
    for (int c = 0; c < columns; c++) {
      rule.append(c == 0 ? "" : "-+-").append("-".repeat(width[c]));
    }
    out.println(rule);
    for (String[][] row : sample) {
      printRow(row, width, right);
    }
    long count = sample.size();
    while (more && rows.next()) {
      printRow(cells(rows, columns), width, right);
      count++;
    }
    return count;
  }

  /** The current row's values as lines of display text. */
  private static String[][] cells(Rows rows, int columns) throws SQLException {
    String[][] cells = new String[columns][];
    for (int c = 0; c < columns; c++) {
      String value = rows.value(c);
      cells[c] = value == null ? new String[] {NULL} : lines(escape(value));
    }
    return cells;
  }

  /** The lines of a value, without the empty last line a trailing line break would make. */
  private static String[] lines(String value) {
    String[] lines = value.split("\n", -1);
    return lines.length > 1 && lines[lines.length - 1].isEmpty() ? Arrays.copyOf(lines, lines.length - 1) : lines;
  }

  private static String escape(String value) {
    StringBuilder text = null;
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      boolean control = ch != '\n' && Character.isISOControl(ch);
      if (control && text == null) {
        text = new StringBuilder(value.length() + 8).append(value, 0, i);
      }
      if (text != null) {
        switch (ch) {
          case '\t' -> text.append("\\t");
          case '\r' -> text.append("\\r");
          default -> {
            if (control) {
              text.append(String.format("\\u%04x", (int) ch));
            } else {
              text.append(ch);
            }
          }
        }
      }
    }
    return text == null ? value : text.toString();
  }

  private void printRow(String[][] cells, int[] width, boolean[] right) {
    int lines = 1;
    for (String[] cell : cells) {
      lines = Math.max(lines, cell.length);
    }
    StringBuilder line = new StringBuilder();
    for (int l = 0; l < lines; l++) {
      line.setLength(0);
      for (int c = 0; c < cells.length; c++) {
        boolean last = c == cells.length - 1;
        String text = l < cells[c].length ? cells[c][l] : "";
        if (!last) {
          text = fit(text, width[c]);
        }
        int pad = Math.max(0, width[c] - displayWidth(text));
        line.append(c == 0 ? "" : " | ");
        if (right[c]) {
          line.append(" ".repeat(pad)).append(text);
        } else {
          line.append(text).append(" ".repeat(pad));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static int widest(String[] lines) {
    int widest = 0;
    for (String line : lines) {
      widest = Math.max(widest, displayWidth(line));
    }
    return widest;
  }

  /** {@code text} cut to at most {@code width} display columns, ending with … when cut. */
  private static String fit(String text, int width) {
    if (displayWidth(text) <= width) {
      return text;
    }
    StringBuilder cut = new StringBuilder();
    int used = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      int w = Math.max(0, WCWidth.wcwidth(codePoint));
      if (used + w > width - 1) {
        break;
      }
      cut.appendCodePoint(codePoint);
      used += w;
      i += Character.charCount(codePoint);
    }
    return cut.append('…').toString();
  }

  static int displayWidth(String text) {
    int width = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      width += Math.max(0, WCWidth.wcwidth(codePoint));
      i += Character.charCount(codePoint);
    }
    return width;
  }
}
