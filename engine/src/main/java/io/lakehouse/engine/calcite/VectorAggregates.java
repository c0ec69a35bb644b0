package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.Memory;
import io.lakehouse.engine.table.RowBatch;
import java.nio.ByteOrder;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;

/**
 * Tight loops over one column of a batch for the ungrouped aggregates of {@link ScanAggregation}:
 * the sum of a column of longs, ints or decimals of up to 18 digits, and the row holding a column's
 * extreme integer or date. They read the vector's memory directly, after checking once that every
 * live row lies inside it: Arrow's getters check bounds and the buffer's reference count on every
 * value, which costs more than the value. Any other column, or a sum a long cannot hold, is left to
 * the general loops (the methods say so by their result).
 */
final class VectorAggregates {

  private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  private VectorAggregates() {}

  /** A batch's sum of unscaled values, and how many values were not null. */
  record Sum(long sum, int values) {}

  /**
   * The sum of the live rows' values of {@code vector} as unscaled longs at {@code scale}; null
   * when the vector is not a column of longs, ints or decimals at that scale, or when a long
   * cannot hold a value or the sum.
   */
  static Sum sum(FieldVector vector, int scale, RowBatch rows) {
    int width = integerWidth(vector, scale);
    int count = rows.rowCount();
    if (width == 0 || count == 0) {
      return width == 0 ? null : new Sum(0, 0);
    }
    int last = lastRow(rows, count);
    long data = Memory.address(vector.getDataBuffer(), 0, (long) (last + 1) * width);
    long validity = validity(vector, last);
    long sum = 0;
    int values = 0;
    for (int i = 0; i < count; i++) {
      int row = rows.rowIndex(i);
      if (validity != 0 && isNull(validity, row)) {
        continue;
      }
      long value;
      if (width == 16) {
        value = MemoryUtil.getLong(data + (long) row * 16);
        if (MemoryUtil.getLong(data + (long) row * 16 + 8) != value >> 63) {
          return null;
        }
      } else {
        value = width == 8 ? MemoryUtil.getLong(data + (long) row * 8) : MemoryUtil.getInt(data + (long) row * 4);
      }
      long next = sum + value;
      if (((sum ^ next) & (value ^ next)) < 0) {
        return null;
      }
      sum = next;
      values++;
    }
    return new Sum(sum, values);
  }

  /**
   * The first live row holding the largest (or smallest) value of a column of longs, ints or dates;
   * -1 when every live row is null, -2 when the vector is not such a column.
   */
  static int extremeRow(FieldVector vector, RowBatch rows, boolean max) {
    int width = vector instanceof BigIntVector ? 8 : vector instanceof IntVector || vector instanceof DateDayVector ? 4 : 0;
    int count = rows.rowCount();
    if (width == 0 || !LITTLE_ENDIAN) {
      return -2;
    }
    if (count == 0) {
      return -1;
    }
    int last = lastRow(rows, count);
    long data = Memory.address(vector.getDataBuffer(), 0, (long) (last + 1) * width);
    long validity = validity(vector, last);
    int best = -1;
    long bestValue = 0;
    for (int i = 0; i < count; i++) {
      int row = rows.rowIndex(i);
      if (validity != 0 && isNull(validity, row)) {
        continue;
      }
      long value = width == 8 ? MemoryUtil.getLong(data + (long) row * 8) : MemoryUtil.getInt(data + (long) row * 4);
      if (best < 0 || (max ? value > bestValue : value < bestValue)) {
        best = row;
        bestValue = value;
      }
    }
    return best;
  }

  /**
   * The largest row index of the live rows, which bounds the memory the loops read: checked on
   * every index rather than trusting the selection to be ascending.
   */
  private static int lastRow(RowBatch rows, int count) {
    int last = 0;
    int any = 0;
    for (int i = 0; i < count; i++) {
      int row = rows.rowIndex(i);
      any |= row;
      last = Math.max(last, row);
    }
    if (any < 0) {
      throw new IndexOutOfBoundsException("a negative row index");
    }
    return last;
  }

  /** Bytes per value of a vector whose values are little-endian unscaled longs at {@code scale}, else 0. */
  private static int integerWidth(FieldVector vector, int scale) {
    if (!LITTLE_ENDIAN) {
      return 0;
    }
    if (vector instanceof BigIntVector) {
      return scale == 0 ? 8 : 0;
    }
    if (vector instanceof IntVector) {
      return scale == 0 ? 4 : 0;
    }
    return vector instanceof DecimalVector decimals && decimals.getScale() == scale ? 16 : 0;
  }

  /** The address of the validity bits of rows {@code [0, last]}, or 0 when no row is null. */
  private static long validity(FieldVector vector, int last) {
    if (vector.getNullCount() == 0) {
      return 0;
    }
    ArrowBuf bits = vector.getValidityBuffer();
    return Memory.address(bits, 0, last / 8 + 1);
  }

  private static boolean isNull(long validity, int row) {
    return (MemoryUtil.getByte(validity + (row >>> 3)) & (1 << (row & 7))) == 0;
  }
}
