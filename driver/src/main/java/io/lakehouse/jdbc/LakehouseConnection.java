package io.lakehouse.jdbc;

import io.lakehouse.engine.io.S3Requests;
import io.lakehouse.engine.table.ScanStatistics;

/**
 * What a {@code jdbc:lakehouse:} connection offers beyond JDBC. Get it with
 * {@code connection.unwrap(LakehouseConnection.class)}.
 */
public interface LakehouseConnection {

  /**
   * What the scans of the connection's latest statement read: data files kept by skipping out of
   * those in the snapshots, files opened, Parquet row groups read and skipped, bytes of column
   * chunks read and rows decoded. Counts grow while the statement's result set is read.
   */
  ScanStatistics lastQueryStatistics();

  /**
   * The bytes of Arrow memory the connection's open result sets hold now; zero once every result
   * set is closed or its statement cancelled. It is bounded by the {@code memoryLimit} property.
   */
  long allocatedBytes();

  /**
   * The requests the connection has sent to S3 (or an S3-compatible store) so far: operation, key,
   * byte range and response size of each, until {@link S3Requests#clear()}. For diagnostics and
   * tests; empty for a connection that reads no object store. A catalog declared with S3 settings
   * of its own reads through a storage of its own, whose requests are not listed here.
   */
  S3Requests s3Requests();
}
