package io.lakehouse.engine.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a file is cut into byte ranges: by its size, or where its row groups begin. */
class ByteRangeTest {

  private static final long END = Long.MAX_VALUE;

  @Test
  void aFileUnderTwoSplitsIsReadWhole() {
    assertEquals(List.of(ByteRange.WHOLE_FILE), ByteRange.split(599, 300, List.of()));
    assertEquals(List.of(ByteRange.WHOLE_FILE), ByteRange.split(-1, 300, List.of()));
    assertEquals(List.of(ByteRange.WHOLE_FILE), ByteRange.split(599, 300, List.of(4L, 300L)));
  }

  @Test
  void bySizeTheLastRangeTakesTheRest() {
    assertEquals(
        List.of(new ByteRange(0, 300), new ByteRange(300, 600), new ByteRange(600, END)),
        ByteRange.split(1000, 300, List.of()));
    assertEquals(List.of(new ByteRange(0, 300), new ByteRange(300, END)), ByteRange.split(600, 300, List.of()));
  }

  @Test
  void rowGroupOffsetsPlaceTheCuts() {
    assertEquals(
        List.of(new ByteRange(0, 350), new ByteRange(350, 700), new ByteRange(700, END)),
        ByteRange.split(1000, 300, List.of(4L, 200L, 350L, 700L, 900L)));
    // one row group: nothing to cut
    assertEquals(List.of(ByteRange.WHOLE_FILE), ByteRange.split(1000, 300, List.of(4L)));
    // a part per row group, none empty before the first
    assertEquals(
        List.of(new ByteRange(0, 400), new ByteRange(400, 800), new ByteRange(800, END)),
        ByteRange.split(1000, 1, List.of(4L, 400L, 800L)));
  }

  @Test
  void offsetsThatCannotBeRowGroupStartsAreIgnored() {
    List<ByteRange> bySize = ByteRange.split(1000, 300, List.of());
    assertEquals(bySize, ByteRange.split(1000, 300, List.of(4L, 500L, 400L)));
    assertEquals(bySize, ByteRange.split(1000, 300, List.of(4L, 500L, 1000L)));
  }

  @Test
  void rangesTileTheFileFromItsFirstByte() {
    List<ByteRange> ranges = ByteRange.split(10_000, 700, List.of());
    assertEquals(0, ranges.get(0).start());
    assertTrue(ranges.get(0).beginsFile());
    for (int i = 1; i < ranges.size(); i++) {
      assertEquals(ranges.get(i - 1).end(), ranges.get(i).start());
      assertFalse(ranges.get(i).beginsFile());
    }
    assertEquals(END, ranges.get(ranges.size() - 1).end());
    // past the end the table records: still read by the last range
    assertTrue(ranges.get(ranges.size() - 1).holds(20_000));
  }

  @Test
  void aRangeHoldsAtLeastOneByte() {
    assertThrows(IllegalArgumentException.class, () -> new ByteRange(5, 5));
    assertThrows(IllegalArgumentException.class, () -> new ByteRange(-1, 5));
    assertThrows(IllegalArgumentException.class, () -> ByteRange.split(1000, 0, List.of()));
  }
}
