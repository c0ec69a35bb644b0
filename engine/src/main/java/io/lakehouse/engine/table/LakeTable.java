package io.lakehouse.engine.table;

/**
 * One table at a location, in one of the supported formats. Opening a table is cheap; the work
 * happens when a snapshot is resolved. Implementations are thread-safe.
 */
public interface LakeTable {

  /** The name the table is known by in its schema (the directory name for discovered tables). */
  String name();

  TableFormat format();

  /** Where the table lies now (after any relocation), as a URI string. */
  String location();

  /**
   * Resolves a snapshot of the table.
   *
   * @throws LakeException naming the table when the snapshot does not exist or the table cannot be read
   */
  LakeSnapshot snapshot(SnapshotRef ref);

  /**
   * The rows of one of the table's metadata tables as of a snapshot: the history and snapshots up
   * to it, its data files and partitions, and the table's refs and properties.
   *
   * @throws LakeException naming the table when the snapshot does not exist (as {@link #snapshot}
   *     does) or the metadata cannot be read
   */
  MetadataRows metadataTable(MetadataTableKind kind, SnapshotRef ref);
}
