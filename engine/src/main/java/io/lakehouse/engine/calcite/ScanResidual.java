package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.RowFilter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The residual filter of one scan: which part of its pushed filter is evaluated on the rows of
 * each batch ({@link RowFilter}), over which of the batch's columns.
 *
 * <p>A column counts only when the batches hold it with the type Calcite planned it with: under
 * time travel an older snapshot may hold a column as a narrower type (or not at all), and the
 * filter's literals were made for the current one.
 */
final class ScanResidual {

  private ScanResidual() {}

  /**
   * The residual's evaluator.
   *
   * @param names the current name of each column the batches hold, in batch order
   * @param fields the snapshot's field of each, or null where the snapshot lacks it
   * @param planned the current field of each where time travel may differ from it, else null
   * @param outputColumns how many of the columns, first in batch order, the scan hands on; the
   *     others the scan reads for the filter alone
   */
  static RowFilter of(Filter filter, List<String> names, List<Field> fields, List<Field> planned, int outputColumns) {
    Map<String, ArrowType> types = new HashMap<>();
    Map<String, Integer> indexes = new HashMap<>();
    int vector = 0;
    int firstFilterOnly = -1;
    for (int c = 0; c < names.size(); c++) {
      if (c == outputColumns) {
        firstFilterOnly = vector;
      }
      Field field = fields.get(c);
      if (field == null) {
        continue;
      }
      Field current = planned == null ? null : planned.get(c);
      if (current == null || TypeWidening.sameType(field, current)) {
        types.put(names.get(c), field.getType());
        indexes.put(names.get(c), vector);
      }
      vector++;
    }
    RowFilter rowFilter = RowFilter.of(RowFilter.residual(filter, types::get), indexes);
    return firstFilterOnly < 0 ? rowFilter : rowFilter.readingAloneFrom(firstFilterOnly);
  }

  /** The residual a scan of a snapshot's fields would evaluate, for EXPLAIN. */
  static Filter of(Filter filter, List<Field> snapshotFields) {
    Map<String, ArrowType> types = new HashMap<>();
    snapshotFields.forEach(f -> types.put(f.getName(), f.getType()));
    return RowFilter.residual(filter, types::get);
  }
}
