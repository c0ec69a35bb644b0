package io.lakehouse.engine.calcite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lakehouse.engine.table.Memory;
import io.lakehouse.engine.table.RowBatch;
import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The unchecked loops of the ungrouped sums and extremes agree with a fold of the vector's own
 * getters, over every row or a selection, with nulls; and they decline what a long cannot hold.
 */
class VectorAggregatesTest {

  private final BufferAllocator allocator = Memory.newRootAllocator(1L << 30);

  @AfterEach
  void close() {
    allocator.close();
  }

  private static final int ROWS = 5000;

  /** Every third row null, values of both signs. */
  private BigIntVector longs(Random random) {
    BigIntVector vector = new BigIntVector("l", allocator);
    vector.allocateNew(ROWS);
    for (int i = 0; i < ROWS; i++) {
      if (i % 3 == 1) {
        vector.setNull(i);
      } else {
        vector.set(i, random.nextInt(2_000_000) - 1_000_000);
      }
    }
    vector.setValueCount(ROWS);
    return vector;
  }

  private static int[] everyOther(int rows) {
    int[] selection = new int[rows / 2];
    for (int i = 0; i < selection.length; i++) {
      selection[i] = i * 2 + 1;
    }
    return selection;
  }

  private static RowBatch batch(FieldVector vector, int[] selection) {
    VectorSchemaRoot root = new VectorSchemaRoot(List.of(vector.getField()), List.of(vector), vector.getValueCount());
    return selection == null ? RowBatch.all(root) : RowBatch.selected(root, selection);
  }

  @Test
  void sumsOfLongsIntsAndDecimalsAgreeWithTheGettersOverAllRowsAndSelections() {
    Random random = new Random(7);
    try (BigIntVector longs = longs(random);
        IntVector ints = new IntVector("i", allocator);
        DecimalVector decimals = new DecimalVector("d", allocator, 15, 2)) {
      ints.allocateNew(ROWS);
      decimals.allocateNew(ROWS);
      for (int i = 0; i < ROWS; i++) {
        if (i % 5 == 0) {
          ints.setNull(i);
          decimals.setNull(i);
        } else {
          ints.set(i, random.nextInt());
          decimals.set(i, BigDecimal.valueOf(random.nextLong() % 10_000_000_000L, 2));
        }
      }
      ints.setValueCount(ROWS);
      decimals.setValueCount(ROWS);
      for (int[] selection : new int[][] {null, everyOther(ROWS), {}}) {
        for (FieldVector vector : new FieldVector[] {longs, ints, decimals}) {
          int scale = vector instanceof DecimalVector ? 2 : 0;
          BigDecimal expected = BigDecimal.ZERO;
          int values = 0;
          int count = selection == null ? ROWS : selection.length;
          for (int i = 0; i < count; i++) {
            int row = selection == null ? i : selection[i];
            if (!vector.isNull(row)) {
              Object value = vector.getObject(row);
              expected = expected.add(value instanceof BigDecimal d ? d : BigDecimal.valueOf(((Number) value).longValue()));
              values++;
            }
          }
          VectorAggregates.Sum sum = VectorAggregates.sum(vector, scale, batch(vector, selection));
          assertEquals(0, expected.compareTo(BigDecimal.valueOf(sum.sum(), scale)), vector.getName() + ": " + expected);
          assertEquals(values, sum.values(), vector.getName());
        }
      }
    }
  }

  @Test
  void sumsALongCannotHoldAndOtherColumnsAreDeclined() {
    try (BigIntVector longs = new BigIntVector("l", allocator);
        DecimalVector wide = new DecimalVector("d", allocator, 38, 0);
        Float8Vector doubles = new Float8Vector("f", allocator)) {
      longs.allocateNew(2);
      longs.set(0, Long.MAX_VALUE);
      longs.set(1, 1);
      longs.setValueCount(2);
      assertNull(VectorAggregates.sum(longs, 0, batch(longs, null)), "the sum overflows");
      assertEquals(Long.MAX_VALUE, VectorAggregates.sum(longs, 0, batch(longs, new int[] {0})).sum());

      wide.allocateNew(1);
      wide.set(0, new BigDecimal("123456789012345678901234567890"));
      wide.setValueCount(1);
      assertNull(VectorAggregates.sum(wide, 0, batch(wide, null)), "a value past a long");
      assertNull(VectorAggregates.sum(wide, 1, batch(wide, null)), "another scale");

      doubles.allocateNew(1);
      doubles.set(0, 1.5);
      doubles.setValueCount(1);
      assertNull(VectorAggregates.sum(doubles, 0, batch(doubles, null)));
      assertEquals(-2, VectorAggregates.extremeRow(doubles, batch(doubles, null), true));
    }
  }

  @Test
  void extremesAreTheFirstRowHoldingTheLargestOrSmallestLiveValue() {
    Random random = new Random(11);
    try (BigIntVector longs = longs(random); DateDayVector dates = new DateDayVector("d", allocator)) {
      dates.allocateNew(ROWS);
      for (int i = 0; i < ROWS; i++) {
        if (i % 4 == 0) {
          dates.setNull(i);
        } else {
          dates.set(i, random.nextInt(100)); // repeated values: the first one counts
        }
      }
      dates.setValueCount(ROWS);
      for (int[] selection : new int[][] {null, everyOther(ROWS)}) {
        for (FieldVector vector : new FieldVector[] {longs, dates}) {
          for (boolean max : new boolean[] {true, false}) {
            int expected = -1;
            int count = selection == null ? ROWS : selection.length;
            for (int i = 0; i < count; i++) {
              int row = selection == null ? i : selection[i];
              if (!vector.isNull(row) && (expected < 0 || Integer.signum(compare(vector, row, expected)) == (max ? 1 : -1))) {
                expected = row;
              }
            }
            assertEquals(expected, VectorAggregates.extremeRow(vector, batch(vector, selection), max),
                vector.getName() + (max ? " max" : " min"));
          }
        }
      }
      int[] nullRows = {0, 4, 8};
      assertEquals(-1, VectorAggregates.extremeRow(dates, batch(dates, nullRows), true), "only nulls");
    }
  }

  @Test
  void aSelectionPastTheVectorIsAnErrorNotARead() {
    try (BigIntVector longs = new BigIntVector("l", allocator)) {
      longs.allocateNew(4);
      longs.setValueCount(4);
      int[] past = {1, (int) (longs.getDataBuffer().capacity() / 8) + 10};
      assertThrows(IndexOutOfBoundsException.class, () -> VectorAggregates.sum(longs, 0, batch(longs, past)));
      // not trusting the selection's order: the row past the end comes first
      int[] unordered = {past[1], past[0]};
      assertThrows(IndexOutOfBoundsException.class, () -> VectorAggregates.sum(longs, 0, batch(longs, unordered)));
      assertThrows(IndexOutOfBoundsException.class, () -> VectorAggregates.extremeRow(longs, batch(longs, unordered), true));
    }
  }

  private static int compare(FieldVector vector, int a, int b) {
    return Long.compare(((Number) value(vector, a)).longValue(), ((Number) value(vector, b)).longValue());
  }

  private static Object value(FieldVector vector, int row) {
    return vector instanceof DateDayVector dates ? (Object) dates.get(row) : vector.getObject(row);
  }
}
