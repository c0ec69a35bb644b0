package io.lakehouse.engine.table;

import org.apache.iceberg.io.CloseableIterator;

/**
 * One unit of reading, usually one data file, with everything needed to turn its rows into the
 * requested logical columns: partition constants, deletes, column mapping.
 */
public interface ScanTask {

  /** The data file's location, as shown in errors and statistics. */
  String path();

  /** The data file's size in bytes, or -1 when unknown. */
  long sizeInBytes();

  /**
   * Opens the task. Batches carry the projected columns of the {@link ScanRequest} this task was
   * planned for, with deleted rows excluded through the selection. The caller closes every batch
   * it receives and the iterator.
   *
   * @throws LakeException naming the file when it is missing, corrupt or uses an unsupported feature
   */
  CloseableIterator<RowBatch> open(ScanContext context);

  /**
   * How many of the file's row groups {@link #open} would read, of how many it has, found by
   * reading the file's footer but no data; empty when the task cannot tell (a file format without
   * row groups).
   *
   * @throws LakeException naming the file when it is missing or corrupt
   */
  default java.util.Optional<RowGroupCount> countRowGroups() {
    return java.util.Optional.empty();
  }

  /**
   * This task cut into tasks that read consecutive {@link ByteRange byte ranges} of its file, in
   * file order, so that several threads can decode one file: together they give the rows this task
   * gives, in the same order, each row group read by exactly one of them. A task whose file is
   * smaller than two splits, or that cannot be cut, returns itself alone.
   *
   * @param splitSize the least bytes of a part
   */
  default java.util.List<ScanTask> split(long splitSize) {
    return java.util.List.of(this);
  }
}
