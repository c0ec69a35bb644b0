package io.lakehouse.shell;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes results as JSON Lines: one JSON object per row, keyed by column label, one row a line.
 * NULL is {@code null}; numbers and booleans are JSON numbers and booleans (a floating-point NaN or
 * infinity is the string {@code "NaN"}, {@code "Infinity"}); every other value is a string as JDBC's
 * {@code getString} gives it. A label that repeats an earlier one gets a suffix {@code _2},
 * {@code _3}, … so that no key is lost.
 */
final class JsonLinesPrinter implements ResultPrinter {

  private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  private final PrintWriter out;

  JsonLinesPrinter(PrintWriter out) {
    this.out = out;
  }

  @Override
  public long print(Rows rows, Runnable beforeOutput) throws SQLException {
    beforeOutput.run();
    List<String> keys = uniqueKeys(rows.labels());
    List<Rows.Kind> kinds = rows.kinds();
    StringBuilder line = new StringBuilder();
    long count = 0;
    while (rows.next()) {
      line.setLength(0);
      line.append('{');
      for (int c = 0; c < keys.size(); c++) {
        if (c > 0) {
          line.append(',');
        }
        appendString(line, keys.get(c));
        line.append(':');
        appendValue(line, kinds.get(c), rows.value(c));
      }
      out.print(line.append("}\n"));
      count++;
    }
    return count;
  }

  static List<String> uniqueKeys(List<String> labels) {
    Set<String> seen = new HashSet<>(labels);
    Set<String> used = new HashSet<>();
    List<String> keys = new ArrayList<>();
    for (String label : labels) {
      String key = label;
      for (int suffix = 2; used.contains(key) || (!key.equals(label) && seen.contains(key)); suffix++) {
        key = label + "_" + suffix;
      }
      used.add(key);
      keys.add(key);
    }
    return keys;
  }

  private static void appendValue(StringBuilder line, Rows.Kind kind, String value) {
    if (value == null) {
      line.append("null");
    } else if (kind == Rows.Kind.NUMBER && JSON_NUMBER.matcher(value).matches()) {
      line.append(value);
    } else if (kind == Rows.Kind.BOOLEAN && (value.equals("true") || value.equals("false"))) {
      line.append(value);
    } else {
      appendString(line, value);
    }
  }

  static void appendString(StringBuilder line, String value) {
    line.append('"');
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      switch (ch) {
        case '"' -> line.append("\\\"");
        case '\\' -> line.append("\\\\");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\t' -> line.append("\\t");
        default -> {
          if (ch < 0x20) {
            line.append(String.format("\\u%04x", (int) ch));
          } else {
            line.append(ch);
          }
        }
      }
    }
    line.append('"');
  }
}
