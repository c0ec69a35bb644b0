package io.lakehouse.engine.table;

import java.util.HexFormat;

/** Helpers for {@link Filter}. */
public final class Filters {

  private Filters() {}

  /** True when the filter keeps every row. */
  public static boolean isAlwaysTrue(Filter filter) {
    return filter instanceof Filter.And and && and.filters().isEmpty();
  }

  /** The columns a filter reads, in the order they first appear. */
  public static java.util.Set<String> columns(Filter filter) {
    java.util.Set<String> columns = new java.util.LinkedHashSet<>();
    collectColumns(filter, columns);
    return columns;
  }

  private static void collectColumns(Filter filter, java.util.Set<String> columns) {
    if (filter instanceof Filter.Comparison c) {
      columns.add(c.column());
    } else if (filter instanceof Filter.IsNull n) {
      columns.add(n.column());
    } else if (filter instanceof Filter.IsNotNull n) {
      columns.add(n.column());
    } else if (filter instanceof Filter.In in) {
      columns.add(in.column());
    } else if (filter instanceof Filter.StartsWith s) {
      columns.add(s.column());
    } else if (filter instanceof Filter.And and) {
      and.filters().forEach(f -> collectColumns(f, columns));
    } else if (filter instanceof Filter.Or or) {
      or.filters().forEach(f -> collectColumns(f, columns));
    } else if (filter instanceof Filter.Not not) {
      collectColumns(not.filter(), columns);
    }
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
