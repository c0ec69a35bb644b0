package io.lakehouse.engine.table;

import java.util.HexFormat;

/** Helpers for {@link Filter}. */
public final class Filters {

  private Filters() {}

  /** True when the filter keeps every row. */
  public static boolean isAlwaysTrue(Filter filter) {
    return filter instanceof Filter.And and && and.filters().isEmpty();
  }

  static String literalText(Object literal) {
    if (literal instanceof String s) {
      return "'" + s.replace("'", "''") + "'";
    }
    if (literal instanceof byte[] bytes) {
      return "X'" + HexFormat.of().formatHex(bytes) + "'";
    }
    return String.valueOf(literal);
  }
}
