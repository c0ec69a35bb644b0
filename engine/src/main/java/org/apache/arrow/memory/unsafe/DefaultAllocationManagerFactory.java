package org.apache.arrow.memory.unsafe;

import org.apache.arrow.memory.AllocationManager;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Satisfies Arrow's start-up check, which fails unless some {@code DefaultAllocationManagerFactory}
 * is on the class path, without bringing in netty or arrow-memory-unsafe. Arrow reads
 * {@link #FACTORY} only for allocators built with its default configuration; the engine never
 * builds those (it uses {@code io.lakehouse.engine.table.Memory}), so the factory refuses to
 * allocate, making any such stray allocator fail loudly.
 */
public final class DefaultAllocationManagerFactory implements AllocationManager.Factory {

  public static final AllocationManager.Factory FACTORY = new DefaultAllocationManagerFactory();

  private DefaultAllocationManagerFactory() {}

  @Override
  public AllocationManager create(BufferAllocator accountingAllocator, long size) {
    throw refused();
  }

  @Override
  public ArrowBuf empty() {
    throw refused();
  }

  private static UnsupportedOperationException refused() {
    return new UnsupportedOperationException(
        "Arrow's default allocator is not available; use io.lakehouse.engine.table.Memory.newRootAllocator");
  }
}
