package io.lakehouse.engine.table;

import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A resolved, immutable state of a table. It carries its own schema (time travel reads the schema
 * of that version) and plans scans.
 */
public interface LakeSnapshot {

  LakeTable table();

  /** The Delta commit version or the Iceberg snapshot id (-1 for an Iceberg table with no snapshot). */
  long version();

  /**
   * The logical schema as Arrow fields: logical names, the SQL-facing types (see {@code DESIGN.md}),
   * nullability. Partition columns are included where the format shows them as columns.
   */
  Schema schema();

  /** Plans the files to read for a request. */
  ScanPlan plan(ScanRequest request);

  /**
   * The row count, and the bounds of {@code columns}, from metadata alone; empty when the
   * metadata does not give them exactly: a data file has deletes (deletion vectors, position or
   * equality deletes) or lacks a record count, or a column's statistics are missing, possibly
   * truncated or of a type whose order the SQL layer does not share (strings, floating point).
   *
   * @param columns top-level columns of integer, date or decimal type
   */
  default java.util.Optional<MetadataAggregates> metadataAggregates(java.util.List<String> columns) {
    return java.util.Optional.empty();
  }

  /**
   * The number of rows for which {@code filter} is true, from metadata alone: each data file's
   * record count when the filter is true for all its rows by the file's partition values
   * ({@link ConstantFilter} on Delta partition columns and Iceberg identity partitions; Iceberg's
   * residual evaluator for other partition transforms), none when it is false. Empty when that is
   * not exact: a file has deletes or no record count, or the filter reads a column whose value a
   * file's partition does not decide. The result has no bounds.
   *
   * @param filter a filter with exactly the meaning of the SQL condition
   */
  default java.util.Optional<MetadataAggregates> metadataCount(Filter filter) {
    return java.util.Optional.empty();
  }

  /**
   * The columns whose values the snapshot's partitioning records for each file (Delta partition
   * columns; the source columns of Iceberg partition fields, of any spec): the columns a filter
   * may read for {@link #metadataCount} to have an answer.
   */
  default java.util.Set<String> partitionColumns() {
    return java.util.Set.of();
  }

  /** The number of data files in the snapshot, before any skipping. */
  default long dataFileCount() {
    return plan(new ScanRequest(new int[0], Filter.ALWAYS_TRUE)).filesInSnapshot();
  }
}
