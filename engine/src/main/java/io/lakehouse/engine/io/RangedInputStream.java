package io.lakehouse.engine.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.iceberg.io.RangeReadable;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.io.ParquetFileRange;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet input stream over a remote file that reads only the byte ranges asked for, each with
 * one ranged request, never an open-ended one:
 *
 * <ul>
 *   <li>the first read in the last {@value #TAIL_SIZE} bytes fetches that tail with one suffix
 *       request and serves the footer (length, magic and metadata) from it;
 *   <li>{@code readFully} outside the tail is one ranged GET of exactly the bytes wanted;
 *   <li>{@link #readVectored} (which parquet-mr uses for the column chunks of a row group) merges
 *       ranges less than {@value #MAX_GAP} bytes apart into one request of at most
 *       {@value #MAX_MERGED} bytes, and sends the requests concurrently;
 *   <li>once {@link #willRead} has said which ranges each row group to be read needs, the first
 *       row group's ranges are fetched at once, and each {@code readVectored} served from row
 *       group <i>n</i> starts fetching row group <i>n + 1</i>, so that it arrives while <i>n</i>
 *       decodes. At most two row groups are held: the one being read and the next.
 * </ul>
 *
 * Small reads outside the tail (single bytes, short arrays) are served from a buffer of
 * {@value #SMALL_READ} bytes filled by one ranged GET. Tails are kept in the storage's
 * {@link FooterCache}, so a file read again costs no footer request.
 */
final class RangedInputStream extends SeekableInputStream {

  /** Bytes fetched from the end of the file by the first read there: footers are usually smaller. */
  static final int TAIL_SIZE = 64 * 1024;
  /** Ranges this close are read with one request (reading the gap costs less than a request). */
  static final int MAX_GAP = 128 * 1024;
  /** The largest merged request. */
  static final int MAX_MERGED = 16 * 1024 * 1024;
  private static final int SMALL_READ = 8 * 1024;

  private final org.apache.iceberg.io.SeekableInputStream source;
  private final RangeReadable ranges;
  private final long length;
  private final Executor executor;
  private final String location;
  private final FooterCache footers;
  /** The merged spans of each row group announced by {@link #willRead}, in reading order. */
  private List<List<long[]>> planned = List.of();
  /** Fetches started for planned row groups and not yet passed: row group index → its spans. */
  private final java.util.TreeMap<Integer, List<Span>> ahead = new java.util.TreeMap<>();
  private long pos;
  private byte[] buffer = new byte[0];
  private long bufferStart = -1;

  /**
   * @param location the file's location, the key of its tail in {@code footers}
   * @param footers the tails read before, or null to read each again
   */
  RangedInputStream(
      org.apache.iceberg.io.SeekableInputStream source,
      long length,
      Executor executor,
      String location,
      FooterCache footers) {
    this.source = source;
    this.ranges = (RangeReadable) source;
    this.length = length;
    this.executor = executor;
    this.location = location;
    this.footers = footers;
  }

  @Override
  public long getPos() {
    return pos;
  }

  @Override
  public void seek(long newPos) throws IOException {
    if (newPos < 0 || newPos > length) {
      throw new EOFException("Cannot seek to " + newPos + " in a file of " + length + " bytes");
    }
    pos = newPos;
  }

  @Override
  public int read() throws IOException {
    if (pos >= length) {
      return -1;
    }
    fillBufferAt(pos);
    return buffer[(int) (pos++ - bufferStart)] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos >= length) {
      return -1;
    }
    int n = (int) Math.min(len, length - pos);
    readFully(b, off, n);
    return n;
  }

  @Override
  public void readFully(byte[] bytes) throws IOException {
    readFully(bytes, 0, bytes.length);
  }

  @Override
  public void readFully(byte[] bytes, int start, int len) throws IOException {
    if (len > length - pos) {
      throw new EOFException("Reached the end of the file: " + len + " bytes at " + pos + " of " + length);
    }
    if (inBuffer(pos, len)) {
      System.arraycopy(buffer, (int) (pos - bufferStart), bytes, start, len);
    } else if (pos >= length - TAIL_SIZE || len < SMALL_READ) {
      fillBufferAt(pos);
      if (inBuffer(pos, len)) {
        System.arraycopy(buffer, (int) (pos - bufferStart), bytes, start, len);
      } else {
        ranges.readFully(pos, bytes, start, len);
      }
    } else {
      ranges.readFully(pos, bytes, start, len);
    }
    pos += len;
  }

  @Override
  public int read(ByteBuffer buf) throws IOException {
    if (!buf.hasRemaining()) {
      return 0;
    }
    if (pos >= length) {
      return -1;
    }
    int n = (int) Math.min(buf.remaining(), length - pos);
    ByteBuffer part = buf.duplicate();
    part.limit(part.position() + n);
    readFully(part);
    buf.position(buf.position() + n);
    return n;
  }

  @Override
  public void readFully(ByteBuffer buf) throws IOException {
    int len = buf.remaining();
    if (buf.hasArray()) {
      readFully(buf.array(), buf.arrayOffset() + buf.position(), len);
      buf.position(buf.limit());
    } else {
      byte[] bytes = new byte[len];
      readFully(bytes, 0, len);
      buf.put(bytes);
    }
  }

  @Override
  public boolean readVectoredAvailable(ByteBufferAllocator allocator) {
    return !allocator.isDirect();
  }

  @Override
  public void readVectored(List<ParquetFileRange> wanted, ByteBufferAllocator allocator) {
    if (!wanted.isEmpty() && servedAhead(wanted)) {
      return;
    }
    List<ParquetFileRange> sorted = new ArrayList<>(wanted);
    sorted.sort(Comparator.comparingLong(ParquetFileRange::getOffset));
    List<ParquetFileRange> group = new ArrayList<>();
    long groupStart = -1;
    long groupEnd = -1;
    for (ParquetFileRange range : sorted) {
      long end = range.getOffset() + range.getLength();
      if (!group.isEmpty()
          && (range.getOffset() - groupEnd > MAX_GAP || Math.max(end, groupEnd) - groupStart > MAX_MERGED)) {
        fetch(group, groupStart, groupEnd);
        group = new ArrayList<>();
      }
      if (group.isEmpty()) {
        groupStart = range.getOffset();
        groupEnd = end;
      }
      group.add(range);
      groupEnd = Math.max(groupEnd, end);
    }
    if (!group.isEmpty()) {
      fetch(group, groupStart, groupEnd);
    }
  }

  /** A fetch of {@code [start, end)} started ahead of its use. */
  private record Span(long start, long end, CompletableFuture<byte[]> bytes) {
    boolean covers(ParquetFileRange range) {
      return range.getOffset() >= start && range.getOffset() + range.getLength() <= end;
    }
  }

  /**
   * Announces the ranges each row group to be read needs, in reading order, and starts fetching
   * the first row group's.
   */
  void willRead(List<List<ReadAhead.Range>> rowGroups) {
    List<List<long[]>> spans = new ArrayList<>();
    for (List<ReadAhead.Range> rowGroup : rowGroups) {
      spans.add(merge(rowGroup));
    }
    planned = spans;
    ahead.clear();
    startAhead(0);
  }

  /** The ranges merged as {@link #readVectored} merges them, as {start, end} pairs. */
  private static List<long[]> merge(List<ReadAhead.Range> ranges) {
    List<ReadAhead.Range> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparingLong(ReadAhead.Range::offset));
    List<long[]> spans = new ArrayList<>();
    for (ReadAhead.Range range : sorted) {
      long end = range.offset() + range.length();
      long[] last = spans.isEmpty() ? null : spans.get(spans.size() - 1);
      if (last != null && range.offset() - last[1] <= MAX_GAP && Math.max(end, last[1]) - last[0] <= MAX_MERGED) {
        last[1] = Math.max(last[1], end);
      } else {
        spans.add(new long[] {range.offset(), end});
      }
    }
    return spans;
  }

  private void startAhead(int rowGroup) {
    if (rowGroup >= planned.size() || ahead.containsKey(rowGroup)) {
      return;
    }
    List<Span> spans = new ArrayList<>();
    for (long[] span : planned.get(rowGroup)) {
      spans.add(new Span(span[0], span[1], read(span[0], span[1])));
    }
    ahead.put(rowGroup, spans);
  }

  /**
   * Serves {@code wanted} from the fetches started ahead, when one row group's cover them all;
   * then drops the row groups before it and starts fetching the one after it.
   */
  private boolean servedAhead(List<ParquetFileRange> wanted) {
    for (var entry : ahead.entrySet()) {
      List<Span> spans = entry.getValue();
      boolean covered = true;
      for (ParquetFileRange range : wanted) {
        covered &= spans.stream().anyMatch(span -> span.covers(range));
      }
      if (covered) {
        for (ParquetFileRange range : wanted) {
          Span span = spans.stream().filter(s -> s.covers(range)).findFirst().orElseThrow();
          int offset = (int) (range.getOffset() - span.start());
          range.setDataReadFuture(
              span.bytes().thenApply(data -> ByteBuffer.wrap(data, offset, range.getLength()).slice()));
        }
        int rowGroup = entry.getKey();
        ahead.headMap(rowGroup).clear();
        startAhead(rowGroup + 1);
        return true;
      }
    }
    return false;
  }

  /** Reads {@code [start, end)} with one request and hands each range its slice. */
  private void fetch(List<ParquetFileRange> group, long start, long end) {
    CompletableFuture<byte[]> bytes = read(start, end);
    for (ParquetFileRange range : group) {
      int offset = (int) (range.getOffset() - start);
      range.setDataReadFuture(bytes.thenApply(data -> ByteBuffer.wrap(data, offset, range.getLength()).slice()));
    }
  }

  /** The bytes {@code [start, end)}: from the buffer when it holds them, else by one request on the executor. */
  private CompletableFuture<byte[]> read(long start, long end) {
    if (inBuffer(start, (int) (end - start))) {
      byte[] copy = new byte[(int) (end - start)];
      System.arraycopy(buffer, (int) (start - bufferStart), copy, 0, copy.length);
      return CompletableFuture.completedFuture(copy);
    }
    return CompletableFuture.supplyAsync(
        () -> {
          byte[] data = new byte[(int) (end - start)];
          try {
            ranges.readFully(start, data, 0, data.length);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return data;
        },
        executor);
  }

  private boolean inBuffer(long at, int len) {
    return bufferStart >= 0 && at >= bufferStart && at + len <= bufferStart + buffer.length;
  }

  /** Fills the buffer with the bytes at {@code at}: the file's tail when {@code at} lies in it. */
  private void fillBufferAt(long at) throws IOException {
    if (inBuffer(at, 1)) {
      return;
    }
    if (at >= length - TAIL_SIZE) {
      int size = (int) Math.min(TAIL_SIZE, length);
      byte[] tail = footers == null ? null : footers.get(location, length);
      if (tail == null) {
        tail = new byte[size];
        int read = ranges.readTail(tail, 0, size);
        if (read != size) {
          throw new EOFException("Read " + read + " of the last " + size + " bytes of a file of " + length);
        }
        if (footers != null) {
          footers.put(location, length, tail);
        }
      }
      buffer = tail;
      bufferStart = length - size;
    } else {
      int size = (int) Math.min(SMALL_READ, length - at);
      byte[] bytes = new byte[size];
      ranges.readFully(at, bytes, 0, size);
      buffer = bytes;
      bufferStart = at;
    }
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
