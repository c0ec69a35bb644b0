package io.lakehouse.jdbc.corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the corpus cases' CSV: RFC 4180 quoting (fields may hold commas, quotes and line breaks),
 * {@code \N} for NULL (returned as null) and {@code ""} for the empty string.
 */
public final class Csv {

  private Csv() {}

  public static List<List<String>> parse(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i += 2;
          continue;
        }
        if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',') {
        row.add(value(field, wasQuoted));
        field.setLength(0);
        wasQuoted = false;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        row.add(value(field, wasQuoted));
        rows.add(row);
        row = new ArrayList<>();
        field.setLength(0);
        wasQuoted = false;
      } else {
        field.append(c);
      }
      i++;
    }
    if (field.length() > 0 || wasQuoted || !row.isEmpty()) {
      row.add(value(field, wasQuoted));
      rows.add(row);
    }
    return rows;
  }

  private static String value(StringBuilder field, boolean wasQuoted) {
    String text = field.toString();
    return !wasQuoted && text.equals("\\N") ? null : text;
  }
}
