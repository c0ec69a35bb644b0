package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.Memory;
import io.lakehouse.engine.table.ScanContext;
import io.lakehouse.engine.table.ScanStatistics;
import java.lang.ref.WeakReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.calcite.DataContext;

/**
 * What a connection lends its queries: the root Arrow allocator (its limit is the connection's
 * memory limit), the batch size, whether scans skip data by their filters, how many of a scan's
 * tasks are decoded at once, and into parts of how many bytes a large file is cut for that.
 */
public final class QueryResources implements AutoCloseable {

  /**
   * The least bytes of a part of a data file decoded on its own thread: a file of at least twice
   * this is cut into parts. Under the usual row group of 128 MiB, so that a file of two such row
   * groups decodes on two threads.
   */
  public static final long DEFAULT_SPLIT_SIZE = 64L << 20;

  private final BufferAllocator root;
  private final int batchSize;
  private final boolean dataSkipping;
  private final int scanThreads;
  private final long splitSize;

  public QueryResources(long memoryLimit, int batchSize) {
    this(memoryLimit, batchSize, true);
  }

  public QueryResources(long memoryLimit, int batchSize, boolean dataSkipping) {
    this(memoryLimit, batchSize, dataSkipping, defaultScanThreads());
  }

  /**
   * @param dataSkipping whether scans use their filters to skip files and row groups and to drop
   *     rows before they reach Calcite; off, every file is read whole (for comparing, and as a way
   *     around a skipping bug)
   * @param scanThreads how many of a scan's tasks (data files) are decoded at once on the shared
   *     decode threads; 1 decodes them one after another on the thread that reads the rows
   */
  public QueryResources(long memoryLimit, int batchSize, boolean dataSkipping, int scanThreads) {
    this(memoryLimit, batchSize, dataSkipping, scanThreads, DEFAULT_SPLIT_SIZE);
  }

  /**
   * @param splitSize with more than one scan thread, the least bytes of a part of a data file that
   *     a thread decodes on its own (see {@link io.lakehouse.engine.table.ScanTask#split}): a file
   *     of at least twice this is cut into parts, so that one file uses several threads
   */
  public QueryResources(long memoryLimit, int batchSize, boolean dataSkipping, int scanThreads, long splitSize) {
    if (scanThreads <= 0) {
      throw new IllegalArgumentException("scanThreads must be positive: " + scanThreads);
    }
    if (splitSize <= 0) {
      throw new IllegalArgumentException("splitSize must be positive: " + splitSize);
    }
    this.root = Memory.newRootAllocator(memoryLimit);
    this.batchSize = batchSize;
    this.dataSkipping = dataSkipping;
    this.scanThreads = scanThreads;
    this.splitSize = splitSize;
  }

  /** The default number of a scan's tasks decoded at once: the available cores. */
  public static int defaultScanThreads() {
    return ScanPool.THREADS;
  }

  boolean dataSkipping() {
    return dataSkipping;
  }

  int scanThreads() {
    return scanThreads;
  }

  long splitSize() {
    return splitSize;
  }

  private final Object statisticsLock = new Object();
  private WeakReference<DataContext> lastStatement = new WeakReference<>(null);
  private ScanStatistics lastStatistics = new ScanStatistics();

  /**
   * A scan context with its own child allocator (closing it frees the scan's memory), counting
   * into the statistics of the statement it runs for; {@code rows}, when not negative, caps the
   * batch size for a scan that needs no more rows than that. Its batches may hold dictionary-encoded
   * columns, which every reader of scan batches here handles.
   */
  ScanContext newScanContext(String name, ScanStatistics statistics, long rows) {
    int size = rows < 0 ? batchSize : (int) Math.max(1, Math.min(batchSize, rows));
    return new ScanContext(root.newChildAllocator(name, 0, root.getLimit()), size, statistics, true);
  }

  /** The statistics the scans of one statement execution share; a new execution starts afresh. */
  ScanStatistics statisticsFor(DataContext statement) {
    synchronized (statisticsLock) {
      if (lastStatement.get() != statement) {
        lastStatement = new WeakReference<>(statement);
        lastStatistics = new ScanStatistics();
      }
      return lastStatistics;
    }
  }

  /** What the scans of the connection's latest statement read, so far. */
  public ScanStatistics lastQueryStatistics() {
    synchronized (statisticsLock) {
      return lastStatistics;
    }
  }

  /** The bytes of Arrow memory the connection's open scans hold now. */
  public long allocatedBytes() {
    return root.getAllocatedMemory();
  }

  @Override
  public void close() {
    root.close();
  }
}
