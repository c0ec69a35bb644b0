package io.lakehouse.engine.table;

import org.apache.arrow.memory.AllocationManager;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.memory.ReferenceManager;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Arrow allocators for queries. Memory comes from our own allocation manager over
 * {@link MemoryUtil}, not from Arrow's netty one, so vectors work with no JVM flags on JDK 17 and 25
 * also when the driver is loaded by a BI tool.
 */
public final class Memory {

  private static final AllocationManager.Factory FACTORY = new PlainAllocationManagerFactory();

  private Memory() {}

  /** A new root allocator with a limit in bytes. */
  public static BufferAllocator newRootAllocator(long limit) {
    return new RootAllocator(
        RootAllocator.configBuilder().allocationManagerFactory(FACTORY).maxAllocation(limit).build());
  }

  /** SQLState of a query that needs more memory than its limit (PostgreSQL's out_of_memory). */
  public static final String OUT_OF_MEMORY = "53200";

  /**
   * The error of a query that needed more memory than {@code allocator}'s limit: it names the
   * limit and how to raise it, and keeps Arrow's failure as its cause.
   */
  public static LakeException limitExceeded(BufferAllocator allocator, OutOfMemoryException cause) {
    long limit = allocator.getLimit();
    for (BufferAllocator parent = allocator.getParentAllocator(); parent != null; parent = parent.getParentAllocator()) {
      limit = Math.min(limit, parent.getLimit());
    }
    return new LakeException(
        OUT_OF_MEMORY,
        "The query needs more memory than the memory limit of " + describe(limit)
            + " for a connection's open result sets: raise the memoryLimit connection property"
            + " (on a server, its --memory-limit setting), close other result sets of the connection,"
            + " or select fewer columns",
        cause);
  }

  /**
   * The address of bytes {@code [index, index + length)} of {@code buffer}, checked once, for loops
   * that read or write many values with {@link MemoryUtil}: Arrow's own getters and setters check
   * the buffer's reference count and bounds on every value, which costs more than the value.
   *
   * @throws IndexOutOfBoundsException when the range is not inside the buffer
   * @throws IllegalStateException when the buffer has been released
   */
  public static long address(ArrowBuf buffer, long index, long length) {
    if (index < 0 || length < 0 || index + length > buffer.capacity()) {
      throw new IndexOutOfBoundsException(
          "bytes [" + index + ", " + (index + length) + ") are outside a buffer of " + buffer.capacity());
    }
    if (length > 0 && buffer.refCnt() == 0) {
      throw new IllegalStateException("the buffer has been released");
    }
    return buffer.memoryAddress() + index;
  }

  private static String describe(long bytes) {
    String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " bytes" : String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  private static final class PlainAllocationManagerFactory implements AllocationManager.Factory {
    private final ArrowBuf empty =
        new ArrowBuf(ReferenceManager.NO_OP, null, 0, MemoryUtil.allocateMemory(0));

    @Override
    public AllocationManager create(BufferAllocator accountingAllocator, long size) {
      return new PlainAllocationManager(accountingAllocator, size);
    }

    @Override
    public ArrowBuf empty() {
      return empty;
    }
  }

  private static final class PlainAllocationManager extends AllocationManager {
    private final long address;
    private final long size;

    PlainAllocationManager(BufferAllocator accountingAllocator, long size) {
      super(accountingAllocator);
      this.address = MemoryUtil.allocateMemory(size);
      this.size = size;
    }

    @Override
    public long getSize() {
      return size;
    }

    @Override
    protected long memoryAddress() {
      return address;
    }

    @Override
    protected void release0() {
      MemoryUtil.freeMemory(address);
    }
  }
}
