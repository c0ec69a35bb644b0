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
}
