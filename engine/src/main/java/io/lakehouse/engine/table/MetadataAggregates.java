package io.lakehouse.engine.table;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * A snapshot's row count and the least and greatest value of some columns, taken from its
 * metadata (per-file record counts and column statistics) without opening a data file. Only
 * exact answers are made: a snapshot whose files have deletes, or lack a count or a statistic,
 * has none (see {@link LakeSnapshot#metadataAggregates}).
 *
 * @param rowCount the number of rows
 * @param files the number of data files whose metadata was read
 * @param minimums each asked column's least non-null value in the {@link Filter} literal convention
 *     ({@code Long} for integers, {@code Integer} days for dates, {@code BigDecimal}), absent when
 *     the column holds only nulls
 * @param maximums the same for the greatest value
 */
public record MetadataAggregates(long rowCount, long files, Map<String, Object> minimums, Map<String, Object> maximums) {

  public MetadataAggregates {
    minimums = Collections.unmodifiableMap(new HashMap<>(minimums));
    maximums = Collections.unmodifiableMap(new HashMap<>(maximums));
  }

  /** Accumulates per-file counts and bounds; values must be mutually comparable per column. */
  public static final class Builder {
    private long rowCount;
    private long files;
    private final Map<String, Object> minimums = new HashMap<>();
    private final Map<String, Object> maximums = new HashMap<>();

    /** A data file with {@code rows} rows. */
    public void file(long rows) {
      rowCount += rows;
      files++;
    }

    /** A file's least and greatest non-null value of a column. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void bounds(String column, Object min, Object max) {
      minimums.merge(column, min, (a, b) -> ((Comparable) a).compareTo(b) <= 0 ? a : b);
      maximums.merge(column, max, (a, b) -> ((Comparable) a).compareTo(b) >= 0 ? a : b);
    }

    public MetadataAggregates build() {
      return new MetadataAggregates(rowCount, files, minimums, maximums);
    }
  }
}
