package io.lakehouse.engine.table;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of a data file one scan task reads: the row groups whose first byte lies in {@code
 * [start, end)}.
 *
 * <p>Files are cut by bytes, as Spark, Trino and parquet-mr cut them, so that planning needs the
 * file's size only and reads no footer; each part reads the footer when it is opened and keeps the
 * row groups that begin in it. The parts of one file tile it from byte 0 to beyond its end, so
 * every row group is read by exactly one part whatever the footer says, even when the size a table
 * records is wrong. Where the table format records where the row groups begin (Iceberg's split
 * offsets) the cuts fall there, so that no part is empty.
 *
 * @param start the first byte of the range
 * @param end the byte after the range ({@link Long#MAX_VALUE} for a range that runs to the end)
 */
public record ByteRange(long start, long end) {

  /** The whole file: every row group. */
  public static final ByteRange WHOLE_FILE = new ByteRange(0, Long.MAX_VALUE);

  public ByteRange {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("not a byte range: [" + start + ", " + end + ")");
    }
  }

  /** Whether a row group beginning at {@code offset} belongs to this range. */
  public boolean holds(long offset) {
    return offset >= start && offset < end;
  }

  /** Whether this is the file's first range, which counts the file as opened. */
  public boolean beginsFile() {
    return start == 0;
  }

  /**
   * Cuts a file into ranges of at least {@code splitSize} bytes, in file order; the whole file
   * alone when it is smaller than two of them. The first range starts at byte 0 and the last runs
   * to the end.
   *
   * @param fileSize the file's size in bytes as the table records it, or -1 when unknown
   * @param splitSize the least bytes of a range
   * @param offsets where the file's row groups begin, ascending, or empty when unknown; offsets
   *     that are not ascending within the file are ignored
   */
  public static List<ByteRange> split(long fileSize, long splitSize, List<Long> offsets) {
    if (splitSize <= 0) {
      throw new IllegalArgumentException("splitSize must be positive: " + splitSize);
    }
    if (fileSize < 2 * splitSize) {
      return List.of(WHOLE_FILE);
    }
    List<Long> cuts =
        validOffsets(fileSize, offsets) ? cutsAtOffsets(offsets, splitSize) : evenCuts(fileSize, splitSize);
    List<ByteRange> ranges = new ArrayList<>(cuts.size() + 1);
    long start = 0;
    for (long cut : cuts) {
      ranges.add(new ByteRange(start, cut));
      start = cut;
    }
    ranges.add(new ByteRange(start, Long.MAX_VALUE));
    return ranges;
  }

  /** Cuts every {@code splitSize} bytes, the last range taking the rest. */
  private static List<Long> evenCuts(long fileSize, long splitSize) {
    List<Long> cuts = new ArrayList<>();
    for (long cut = splitSize; cut + splitSize <= fileSize; cut += splitSize) {
      cuts.add(cut);
    }
    return cuts;
  }

  /** Cuts at the first row group at least {@code splitSize} bytes after the previous cut (or the first row group). */
  private static List<Long> cutsAtOffsets(List<Long> offsets, long splitSize) {
    List<Long> cuts = new ArrayList<>();
    long previous = offsets.get(0);
    for (long offset : offsets.subList(1, offsets.size())) {
      if (offset - previous >= splitSize) {
        cuts.add(offset);
        previous = offset;
      }
    }
    return cuts;
  }

  private static boolean validOffsets(long fileSize, List<Long> offsets) {
    if (offsets.isEmpty()) {
      return false;
    }
    long previous = -1;
    for (long offset : offsets) {
      if (offset <= previous || offset >= fileSize) {
        return false;
      }
      previous = offset;
    }
    return true;
  }
}
