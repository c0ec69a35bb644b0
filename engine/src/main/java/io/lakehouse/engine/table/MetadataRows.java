package io.lakehouse.engine.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The rows of a metadata table (see {@link MetadataTableKind}), small enough to hold in memory.
 *
 * <p>Each row has one value per schema field, in the Arrow physical convention of the Parquet
 * scan's constants ({@link io.lakehouse.engine.parquet.ColumnSpec}): {@code Boolean}; {@code Long}
 * for BIGINT and {@code Integer} for INT; {@code Double}; {@code BigDecimal}; {@code String};
 * {@code byte[]}; {@code Integer} days for dates; {@code Long} microseconds since the epoch for
 * timestamps; a {@code java.util.Map<String, Object>} for map columns (its iteration order is the
 * order to show); a {@code java.util.List} for list columns; {@code null} for null.
 */
public record MetadataRows(Schema schema, List<List<Object>> rows) {

  /**
   * @throws IllegalArgumentException when a row does not have one value per field
   */
  public MetadataRows {
    Objects.requireNonNull(schema, "schema");
    int width = schema.getFields().size();
    List<List<Object>> copied = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      if (row.size() != width) {
        throw new IllegalArgumentException(
            "A row of " + row.size() + " values does not fit the " + width + " columns of " + schema);
      }
      copied.add(Collections.unmodifiableList(new ArrayList<>(row)));
    }
    rows = Collections.unmodifiableList(copied);
  }

  /** The rows of a metadata table of {@code kind}, which gives the schema. */
  public static MetadataRows of(MetadataTableKind kind, List<List<Object>> rows) {
    return new MetadataRows(kind.schema(), rows);
  }

  /**
   * The partitions table of a files table: per partition, the sum of the files' record counts
   * (rows as written, before deletes; null when a file does not record its count), the number of
   * files and their total size. Partitions are ordered by their values.
   */
  public static MetadataRows partitionsOf(MetadataRows files) {
    List<String> columns = files.schema().getFields().stream().map(f -> f.getName()).toList();
    int partitionColumn = columns.indexOf("partition");
    int recordCountColumn = columns.indexOf("record_count");
    int sizeColumn = columns.indexOf("file_size_in_bytes");
    Map<Object, PartitionTotals> totals = new LinkedHashMap<>();
    for (List<Object> file : files.rows()) {
      totals
          .computeIfAbsent(file.get(partitionColumn), partition -> new PartitionTotals())
          .add((Long) file.get(recordCountColumn), (Long) file.get(sizeColumn));
    }
    List<List<Object>> rows = new ArrayList<>();
    totals.forEach((partition, sums) -> rows.add(Arrays.asList(partition, sums.records, sums.files, sums.bytes)));
    rows.sort(Comparator.comparing(row -> String.valueOf(row.get(0))));
    return of(MetadataTableKind.PARTITIONS, rows);
  }

  /** Running sums over the files of one partition. */
  private static final class PartitionTotals {
    private Long records = 0L;
    private long files;
    private long bytes;

    void add(Long recordCount, long size) {
      records = records == null || recordCount == null ? null : records + recordCount;
      files++;
      bytes += size;
    }
  }
}
