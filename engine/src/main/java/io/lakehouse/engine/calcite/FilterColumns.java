package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.Filters;
import java.util.Set;

/** The columns a {@link Filter} reads. */
final class FilterColumns {

  private FilterColumns() {}

  static Set<String> all(Filter filter) {
    return Filters.columns(filter);
  }
}
