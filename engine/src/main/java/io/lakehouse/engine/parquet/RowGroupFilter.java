package io.lakehouse.engine.parquet;

import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.Filters;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The rows a scan wants, for skipping the row groups whose footer statistics or dictionaries prove
 * that none of their rows matches.
 *
 * @param filter the rows wanted, on logical column names
 * @param columns the columns of the filter that are read from data files, by logical name, as the
 *     fields the scan matches against the file (with their field ids and physical names); filters
 *     on other columns (partition constants, unknown names) are not pushed into the file
 */
public record RowGroupFilter(Filter filter, Map<String, Field> columns) {

  /** Reads every row group. */
  public static final RowGroupFilter NONE = new RowGroupFilter(Filter.ALWAYS_TRUE, Map.of());

  public RowGroupFilter {
    Objects.requireNonNull(filter, "filter");
    columns = Map.copyOf(columns);
  }

  /** True when no row group can be skipped. */
  boolean keepsEverything() {
    return Filters.isAlwaysTrue(filter) || columns.isEmpty();
  }
}
