package io.lakehouse.engine.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.table.Memory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.IntVector;
import org.junit.jupiter.api.Test;

/** Vectors a page reader allocates: room for the batch, zeroed unless every value is written, nothing kept after close. */
class FlatSinkTest {

  @Test
  void vectorsWhoseEveryValueIsWrittenGetRoomWithoutZeroingAndGiveItBack() {
    try (BufferAllocator allocator = Memory.newRootAllocator(1L << 30)) {
      try (DecimalVector decimals = new DecimalVector("d", allocator, 15, 2)) {
        FlatSink.allocate(decimals, 4096, true);
        assertTrue(decimals.getValueCapacity() >= 4096, "capacity " + decimals.getValueCapacity());
        assertTrue(decimals.getDataBuffer().capacity() >= 4096L * 16);
        assertTrue(allocator.getAllocatedMemory() > 0);
      }
      assertEquals(0, allocator.getAllocatedMemory(), "the vector held the buffers' only references");

      try (IntVector ints = new IntVector("i", allocator)) {
        FlatSink.allocate(ints, 1000, false);
        assertTrue(ints.getValueCapacity() >= 1000);
        for (int i = 0; i < 1000; i++) {
          assertEquals(0, ints.getDataBuffer().getInt(i * 4L), "a vector with nulls is zeroed");
          assertTrue(ints.isNull(i));
        }
      }
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }
}
