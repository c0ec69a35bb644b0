package io.lakehouse.engine.parquet;

import java.util.Arrays;

/**
 * The rows of a data file that deletes remove, by position in the file (counting from 0 over all
 * row groups). A reader leaves them out of its batches' selections, decodes no column of a batch
 * whose rows are all deleted, and skips pages whose rows are all deleted.
 */
public interface DeletedRows {

  /** Whether the row at {@code position} is deleted. */
  boolean isDeleted(long position);

  /** Whether every row in {@code [from, to)} is deleted. */
  default boolean allDeleted(long from, long to) {
    for (long position = from; position < to; position++) {
      if (!isDeleted(position)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The indexes in {@code [0, rows)} of the live rows of the run of {@code rows} rows starting at
   * {@code first}, ascending, or null when none of them is deleted.
   */
  default int[] liveRows(long first, int rows) {
    int[] live = new int[rows];
    int count = 0;
    for (int i = 0; i < rows; i++) {
      if (!isDeleted(first + i)) {
        live[count++] = i;
      }
    }
    return count == rows ? null : Arrays.copyOf(live, count);
  }

  /** The deletes of a sorted array of deleted positions (a deletion vector's). */
  static DeletedRows of(long[] sortedPositions) {
    return new DeletedRows() {
      @Override
      public boolean isDeleted(long position) {
        return Arrays.binarySearch(sortedPositions, position) >= 0;
      }

      @Override
      public boolean allDeleted(long from, long to) {
        return countIn(from, to) == to - from;
      }

      private int countIn(long from, long to) {
        return lowerBound(to) - lowerBound(from);
      }

      private int lowerBound(long position) {
        int found = Arrays.binarySearch(sortedPositions, position);
        return found < 0 ? -found - 1 : found;
      }

      @Override
      public int[] liveRows(long first, int rows) {
        int next = lowerBound(first);
        if (next == sortedPositions.length || sortedPositions[next] >= first + rows) {
          return null;
        }
        int[] live = new int[rows];
        int count = 0;
        for (int i = 0; i < rows; i++) {
          if (next < sortedPositions.length && sortedPositions[next] == first + i) {
            next++;
          } else {
            live[count++] = i;
          }
        }
        return Arrays.copyOf(live, count);
      }
    };
  }
}
