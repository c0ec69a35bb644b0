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
}
