package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.Memory;
import io.lakehouse.engine.table.ScanContext;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What a connection lends its queries: the root Arrow allocator (its limit is the connection's
 * memory limit) and the batch size.
 */
public final class QueryResources implements AutoCloseable {

  private final BufferAllocator root;
  private final int batchSize;

  public QueryResources(long memoryLimit, int batchSize) {
    this.root = Memory.newRootAllocator(memoryLimit);
    this.batchSize = batchSize;
  }

  /** A scan context with its own child allocator; closing the allocator frees the scan's memory. */
  ScanContext newScanContext(String name) {
    return new ScanContext(root.newChildAllocator(name, 0, root.getLimit()), batchSize);
  }

  @Override
  public void close() {
    root.close();
  }
}
