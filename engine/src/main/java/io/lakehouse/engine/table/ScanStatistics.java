package io.lakehouse.engine.table;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a scan did, counted while it runs: data files opened, Parquet row groups read and skipped,
 * bytes read from storage, and rows decoded and handed on. Thread-safe; one per query scan.
 */
public final class ScanStatistics {

  private final AtomicLong filesOpened = new AtomicLong();
  private final AtomicLong rowGroupsRead = new AtomicLong();
  private final AtomicLong rowGroupsSkipped = new AtomicLong();
  private final AtomicLong bytesRead = new AtomicLong();
  private final AtomicLong rowsDecoded = new AtomicLong();

  public void fileOpened() {
    filesOpened.incrementAndGet();
  }

  public void rowGroupRead() {
    rowGroupsRead.incrementAndGet();
  }

  public void rowGroupSkipped() {
    rowGroupsSkipped.incrementAndGet();
  }

  public void bytesRead(long bytes) {
    bytesRead.addAndGet(bytes);
  }

  public void rowsDecoded(long rows) {
    rowsDecoded.addAndGet(rows);
  }

  public long filesOpened() {
    return filesOpened.get();
  }

  public long rowGroupsRead() {
    return rowGroupsRead.get();
  }

  public long rowGroupsSkipped() {
    return rowGroupsSkipped.get();
  }

  public long bytesRead() {
    return bytesRead.get();
  }

  public long rowsDecoded() {
    return rowsDecoded.get();
  }

  @Override
  public String toString() {
    return "files=" + filesOpened() + " rowGroups=" + rowGroupsRead() + "/" + (rowGroupsRead() + rowGroupsSkipped())
        + " bytes=" + bytesRead() + " rows=" + rowsDecoded();
  }
}
