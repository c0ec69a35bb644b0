package io.lakehouse.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.io.RangeReadable;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.io.ParquetFileRange;
import org.junit.jupiter.api.Test;

/** Which requests {@link RangedInputStream} sends for the reads parquet-mr makes. */
class RangedInputStreamTest {

  private static final int SIZE = 1 << 20;
  private final byte[] content = new byte[SIZE];

  RangedInputStreamTest() {
    for (int i = 0; i < SIZE; i++) {
      content[i] = (byte) (i * 31 + 7);
    }
  }

  /** A remote file that records each request: "tail N" or "range START+LENGTH". */
  private final class RecordingFile extends org.apache.iceberg.io.SeekableInputStream implements RangeReadable {
    final List<String> requests = new ArrayList<>();

    @Override
    public synchronized void readFully(long position, byte[] buffer, int offset, int length) {
      requests.add("range " + position + "+" + length);
      System.arraycopy(content, (int) position, buffer, offset, length);
    }

    @Override
    public synchronized int readTail(byte[] buffer, int offset, int length) {
      requests.add("tail " + length);
      System.arraycopy(content, SIZE - length, buffer, offset, length);
      return length;
    }

    @Override
    public long getPos() {
      throw new UnsupportedOperationException("the ranged stream keeps its own position");
    }

    @Override
    public void seek(long newPos) {
      throw new UnsupportedOperationException("the ranged stream never seeks its source");
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException("the ranged stream never reads its source sequentially");
    }
  }

  private RangedInputStream open(RecordingFile file, FooterCache footers) {
    return new RangedInputStream(file, SIZE, Runnable::run, "s3://b/f.parquet", footers);
  }

  @Test
  void footerReadsComeFromOneTailRequest() throws IOException {
    RecordingFile file = new RecordingFile();
    try (RangedInputStream in = open(file, null)) {
      // parquet-mr: seek to length - 8, read the footer length and the magic, then the footer
      in.seek(SIZE - 8);
      int b0 = in.read();
      byte[] rest = new byte[7];
      in.readFully(rest);
      in.seek(SIZE - 8 - 20_000);
      byte[] footer = new byte[20_000];
      in.readFully(footer);
      assertEquals(content[SIZE - 8] & 0xff, b0);
      assertArrayEquals(Arrays.copyOfRange(content, SIZE - 7, SIZE), rest);
      assertArrayEquals(Arrays.copyOfRange(content, SIZE - 20_008, SIZE - 8), footer);
    }
    assertEquals(List.of("tail " + RangedInputStream.TAIL_SIZE), file.requests);
  }

  @Test
  void cachedFooterCostsNoRequest() throws IOException {
    FooterCache footers = new FooterCache(1 << 20);
    RecordingFile first = new RecordingFile();
    try (RangedInputStream in = open(first, footers)) {
      in.seek(SIZE - 8);
      in.readFully(new byte[8]);
    }
    RecordingFile second = new RecordingFile();
    byte[] again = new byte[8];
    try (RangedInputStream in = open(second, footers)) {
      in.seek(SIZE - 8);
      in.readFully(again);
    }
    assertEquals(1, first.requests.size());
    assertEquals(List.of(), second.requests);
    assertArrayEquals(Arrays.copyOfRange(content, SIZE - 8, SIZE), again);
  }

  @Test
  void nearbyRangesAreCoalescedAndFarOnesNot() throws Exception {
    RecordingFile file = new RecordingFile();
    // two chunks 1 000 bytes apart (one request), a third far away (a second request)
    List<ParquetFileRange> ranges =
        List.of(new ParquetFileRange(4, 10_000), new ParquetFileRange(11_004, 5_000), new ParquetFileRange(600_000, 3_000));
    try (RangedInputStream in = open(file, null)) {
      in.readVectored(ranges, HeapByteBufferAllocator.getInstance());
      for (ParquetFileRange range : ranges) {
        ByteBuffer data = range.getDataReadFuture().get();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        int start = (int) range.getOffset();
        assertArrayEquals(Arrays.copyOfRange(content, start, start + range.getLength()), bytes, range.toString());
      }
    }
    assertEquals(List.of("range 4+16000", "range 600000+3000"), file.requests);
  }

  @Test
  void largeReadIsOneExactRange() throws IOException {
    RecordingFile file = new RecordingFile();
    byte[] chunk = new byte[100_000];
    try (RangedInputStream in = open(file, null)) {
      in.seek(1000);
      in.readFully(chunk);
      assertEquals(101_000, in.getPos());
    }
    assertEquals(List.of("range 1000+100000"), file.requests);
    assertArrayEquals(Arrays.copyOfRange(content, 1000, 101_000), chunk);
  }

  @Test
  void theNextRowGroupIsFetchedWhileTheCurrentOneIsRead() throws Exception {
    RecordingFile file = new RecordingFile();
    List<List<ReadAhead.Range>> plan =
        List.of(
            List.of(new ReadAhead.Range(4, 1_000), new ReadAhead.Range(2_000, 500)),
            List.of(new ReadAhead.Range(300_000, 4_000)),
            List.of(new ReadAhead.Range(700_000, 2_000)));
    try (RangedInputStream in = open(file, null)) {
      in.willRead(plan);
      assertEquals(List.of("range 4+2496"), file.requests, "the first row group is fetched at once");

      List<ParquetFileRange> first = List.of(new ParquetFileRange(4, 1_000), new ParquetFileRange(2_000, 500));
      in.readVectored(first, HeapByteBufferAllocator.getInstance());
      assertEquals(List.of("range 4+2496", "range 300000+4000"), file.requests, "reading it starts the next");
      assertRead(first);

      List<ParquetFileRange> second = List.of(new ParquetFileRange(300_000, 4_000));
      in.readVectored(second, HeapByteBufferAllocator.getInstance());
      assertRead(second);
      List<ParquetFileRange> third = List.of(new ParquetFileRange(700_000, 2_000));
      in.readVectored(third, HeapByteBufferAllocator.getInstance());
      assertRead(third);
      assertEquals(List.of("range 4+2496", "range 300000+4000", "range 700000+2000"), file.requests);

      List<ParquetFileRange> unplanned = List.of(new ParquetFileRange(900_000, 100));
      in.readVectored(unplanned, HeapByteBufferAllocator.getInstance());
      assertRead(unplanned);
      assertEquals("range 900000+100", file.requests.get(file.requests.size() - 1));
    }
  }

  private void assertRead(List<ParquetFileRange> ranges) throws Exception {
    for (ParquetFileRange range : ranges) {
      ByteBuffer data = range.getDataReadFuture().get();
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      int start = (int) range.getOffset();
      assertArrayEquals(Arrays.copyOfRange(content, start, start + range.getLength()), bytes, range.toString());
    }
  }
}
