package io.lakehouse.engine.table;

import org.apache.arrow.memory.BufferAllocator;

/**
 * Per-query resources a scan task reads with.
 *
 * @param allocator the query's Arrow allocator; batches are allocated from it
 * @param batchSize the largest number of rows in one batch
 * @param statistics where the scan counts what it read and skipped
 * @param keepDictionaries whether dictionary-encoded string and binary columns may come as
 *     {@link DictionaryVector}s; only consumers that read those ask for them
 */
public record ScanContext(
    BufferAllocator allocator, int batchSize, ScanStatistics statistics, boolean keepDictionaries) {

  public static final int DEFAULT_BATCH_SIZE = 4096;

  public ScanContext {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
    }
    java.util.Objects.requireNonNull(statistics, "statistics");
  }

  /** A context whose batches hold plain vectors only. */
  public ScanContext(BufferAllocator allocator, int batchSize, ScanStatistics statistics) {
    this(allocator, batchSize, statistics, false);
  }

  /** A context with fresh statistics, whose batches hold plain vectors only. */
  public ScanContext(BufferAllocator allocator, int batchSize) {
    this(allocator, batchSize, new ScanStatistics());
  }
}
