package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.LakeSnapshot;
import io.lakehouse.engine.table.MetadataAggregates;
import io.lakehouse.engine.table.ScanRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * What the planner knows of a snapshot's size, read from its metadata in one pass: the row count
 * (the files' record counts, else guessed from their sizes) and, for each integer and date column,
 * at most {@code max - min + 1} distinct values (never more than the rows) when the metadata bounds
 * every such column exactly.
 *
 * @param version the snapshot these describe
 * @param rows the snapshot's rows
 * @param distinctValues an upper bound of each bounded column's distinct values, by name
 */
record TableEstimates(long version, double rows, Map<String, Double> distinctValues) {

  /** Compressed bytes per row assumed when a table's metadata has no record counts. */
  private static final long ASSUMED_BYTES_PER_ROW = 32;

  TableEstimates {
    distinctValues = Map.copyOf(distinctValues);
  }

  static TableEstimates of(LakeSnapshot snapshot) {
    List<String> bounded = new ArrayList<>();
    for (Field field : snapshot.schema().getFields()) {
      if (field.getType() instanceof ArrowType.Int || field.getType() instanceof ArrowType.Date) {
        bounded.add(field.getName());
      }
    }
    Optional<MetadataAggregates> withBounds =
        bounded.isEmpty() ? Optional.empty() : snapshot.metadataAggregates(bounded);
    Optional<MetadataAggregates> counted = withBounds.isPresent() ? withBounds : snapshot.metadataAggregates(List.of());
    double rows = counted.isPresent() ? counted.get().rowCount() : guessedRows(snapshot);
    Map<String, Double> distinct = new HashMap<>();
    withBounds.ifPresent(metadata -> {
      for (String column : bounded) {
        if (metadata.minimums().get(column) instanceof Number min && metadata.maximums().get(column) instanceof Number max) {
          double span = max.doubleValue() - min.doubleValue() + 1;
          distinct.put(column, Math.max(1, Math.min(span, rows)));
        }
      }
    });
    return new TableEstimates(snapshot.version(), rows, distinct);
  }

  OptionalDouble distinctValues(String column) {
    Double values = distinctValues.get(column);
    return values == null ? OptionalDouble.empty() : OptionalDouble.of(values);
  }

  private static double guessedRows(LakeSnapshot snapshot) {
    long bytes = 0;
    for (var task : snapshot.plan(new ScanRequest(new int[0], Filter.ALWAYS_TRUE)).tasks()) {
      bytes += task.sizeInBytes();
    }
    return Math.max(1, bytes / ASSUMED_BYTES_PER_ROW);
  }
}
