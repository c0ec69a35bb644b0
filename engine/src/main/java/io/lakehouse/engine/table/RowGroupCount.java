package io.lakehouse.engine.table;

/**
 * How many of a data file's Parquet row groups a scan reads, of how many the file has, as its
 * footer (and the page indexes and dictionaries skipping consults) tells before reading any data.
 *
 * @param kept the row groups the scan would read
 * @param total the row groups in the file
 */
public record RowGroupCount(long kept, long total) {

  /** The counts of two files together. */
  public RowGroupCount plus(RowGroupCount other) {
    return new RowGroupCount(kept + other.kept, total + other.total);
  }
}
