package io.lakehouse.jdbc.corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * A column type as the corpus cases write it ({@code bigint}, {@code decimal(10,2)},
 * {@code struct<a:int,b:array<string>>}, {@code map<int,bigint>}).
 *
 * @param name the base name: a primitive name, or struct, array or map
 * @param fieldNames struct field names
 * @param children struct field types, the array element type, or the map key and value types
 */
record CaseType(String name, int scale, List<String> fieldNames, List<CaseType> children) {

  static CaseType parse(String text) {
    int[] pos = {0};
    CaseType type = parse(text, pos);
    if (pos[0] != text.length()) {
      throw new IllegalArgumentException("trailing text in type " + text);
    }
    return type;
  }

  private static CaseType parse(String text, int[] pos) {
    int start = pos[0];
    while (pos[0] < text.length() && "<(,>:".indexOf(text.charAt(pos[0])) < 0) {
      pos[0]++;
    }
    String name = text.substring(start, pos[0]);
    List<String> names = new ArrayList<>();
    List<CaseType> children = new ArrayList<>();
    int scale = 0;
    if (pos[0] < text.length() && text.charAt(pos[0]) == '(') {
      int close = text.indexOf(')', pos[0]);
      String[] ps = text.substring(pos[0] + 1, close).split(",");
      scale = ps.length > 1 ? Integer.parseInt(ps[1].trim()) : 0;
      pos[0] = close + 1;
    } else if (pos[0] < text.length() && text.charAt(pos[0]) == '<') {
      pos[0]++;
      while (true) {
        if (name.equals("struct")) {
          int colon = text.indexOf(':', pos[0]);
          names.add(text.substring(pos[0], colon));
          pos[0] = colon + 1;
        }
        children.add(parse(text, pos));
        char c = text.charAt(pos[0]++);
        if (c == '>') {
          break;
        }
      }
    }
    return new CaseType(name, scale, names, children);
  }
}
