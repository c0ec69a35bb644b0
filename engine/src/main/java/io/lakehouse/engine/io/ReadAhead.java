package io.lakehouse.engine.io;

import java.util.List;

/**
 * A Parquet input file that can fetch ahead: told, once the footer is read, which byte ranges each
 * row group to be read needs (in reading order), its stream fetches the next row group's ranges
 * while the current one decodes. Files that cannot fetch ahead do not implement it.
 */
public interface ReadAhead {

  /**
   * A byte range of the file.
   *
   * @param offset where it starts
   * @param length how many bytes
   */
  record Range(long offset, long length) {}

  /** The ranges (column chunks) of each row group the scan will read, in the order it reads them. */
  void willRead(List<List<Range>> rowGroups);
}
