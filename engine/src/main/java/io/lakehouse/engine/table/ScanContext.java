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
 * @param rowFilter the residual filter the scan's consumer narrows every batch by, over the
 *     columns of the batches its tasks produce, or null; a reader may evaluate it itself (and mark
 *     its batches {@link RowBatch#filteredBy filtered}), decoding the other columns only for
 *     batches with rows it keeps
 */
public record ScanContext(
    BufferAllocator allocator, int batchSize, ScanStatistics statistics, boolean keepDictionaries,
    RowFilter rowFilter) {

  public static final int DEFAULT_BATCH_SIZE = 4096;

  public ScanContext {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
    }
    java.util.Objects.requireNonNull(statistics, "statistics");
  }

  /** A context with no residual filter. */
  public ScanContext(BufferAllocator allocator, int batchSize, ScanStatistics statistics, boolean keepDictionaries) {
    this(allocator, batchSize, statistics, keepDictionaries, null);
  }

  /** A context whose batches hold plain vectors only, with no residual filter. */
  public ScanContext(BufferAllocator allocator, int batchSize, ScanStatistics statistics) {
    this(allocator, batchSize, statistics, false);
  }

  /** A context with fresh statistics, whose batches hold plain vectors only. */
  public ScanContext(BufferAllocator allocator, int batchSize) {
    this(allocator, batchSize, new ScanStatistics());
  }

  /** This context with {@code filter} as its residual filter. */
  public ScanContext withRowFilter(RowFilter filter) {
    return new ScanContext(allocator, batchSize, statistics, keepDictionaries, filter);
  }
}
