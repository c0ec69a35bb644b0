package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.Filter;
import java.util.LinkedHashSet;
import java.util.Set;

/** The columns a {@link Filter} reads. */
final class FilterColumns {

  private FilterColumns() {}

  static Set<String> all(Filter filter) {
    Set<String> columns = new LinkedHashSet<>();
    collect(filter, columns);
    return columns;
  }

  private static void collect(Filter filter, Set<String> columns) {
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
      and.filters().forEach(f -> collect(f, columns));
    } else if (filter instanceof Filter.Or or) {
      or.filters().forEach(f -> collect(f, columns));
    } else if (filter instanceof Filter.Not not) {
      collect(not.filter(), columns);
    }
  }
}
