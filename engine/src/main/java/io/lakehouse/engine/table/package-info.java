/**
 * The format-neutral table model: a {@link io.lakehouse.engine.table.LakeTable} resolves a
 * {@link io.lakehouse.engine.table.SnapshotRef} to a snapshot, which plans {@link io.lakehouse.engine.table.ScanTask}s
 * that yield Arrow {@link io.lakehouse.engine.table.RowBatch}es. Delta and Iceberg implement it; Calcite consumes it.
 */
package io.lakehouse.engine.table;
