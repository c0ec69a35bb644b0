package io.lakehouse.engine.parquet;

import java.util.Arrays;
import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;

/**
 * Decodes Parquet's RLE / bit-packed hybrid encoding (definition levels, dictionary indices, RLE
 * booleans) from a byte array. Runs are handed out whole, so that callers can treat a long run of
 * equal values (typically "not null") in bulk.
 */
final class HybridDecoder {

  private final int bitWidth;
  private final BytePacker packer;
  private final byte[] padded;
  private byte[] data;
  private int position;
  private int end;

  /** Values of the current run still to be read. */
  private int runRemaining;
  private boolean runIsRle;
  private int rleValue;
  /** The unpacked values of a bit-packed run, read from {@link #packedIndex}. */
  private int[] packed = new int[8];
  private int packedIndex;

  HybridDecoder(int bitWidth) {
    if (bitWidth < 0 || bitWidth > 32) {
      throw new IllegalArgumentException("invalid bit width " + bitWidth);
    }
    this.bitWidth = bitWidth;
    this.packer = Packer.LITTLE_ENDIAN.newBytePacker(bitWidth);
    this.padded = new byte[bitWidth];
  }

  /** Starts decoding {@code data[from, to)}. */
  void reset(byte[] data, int from, int to) {
    this.data = data;
    this.position = from;
    this.end = to;
    this.runRemaining = 0;
  }

  /** Decodes the next {@code count} values into {@code out[offset, offset + count)}. */
  void read(int[] out, int offset, int count) {
    int done = 0;
    while (done < count) {
      if (runRemaining == 0) {
        nextRun();
      }
      int n = Math.min(runRemaining, count - done);
      if (runIsRle) {
        Arrays.fill(out, offset + done, offset + done + n, rleValue);
      } else {
        System.arraycopy(packed, packedIndex, out, offset + done, n);
        packedIndex += n;
      }
      runRemaining -= n;
      done += n;
    }
  }

  /**
   * Decodes the next {@code count} values, which must be 0 or 1, into {@code out} as bytes, and
   * returns how many are 1.
   */
  int readBits(byte[] out, int offset, int count) {
    int done = 0;
    int ones = 0;
    while (done < count) {
      if (runRemaining == 0) {
        nextRun();
      }
      int n = Math.min(runRemaining, count - done);
      if (runIsRle) {
        Arrays.fill(out, offset + done, offset + done + n, (byte) rleValue);
        ones += rleValue * n;
      } else {
        for (int i = 0; i < n; i++) {
          int value = packed[packedIndex++];
          out[offset + done + i] = (byte) value;
          ones += value;
        }
      }
      runRemaining -= n;
      done += n;
    }
    return ones;
  }

  private void nextRun() {
    int header = readVarInt();
    if ((header & 1) == 0) {
      runIsRle = true;
      runRemaining = header >>> 1;
      int bytes = (bitWidth + 7) / 8;
      ensureAvailable(bytes);
      int value = 0;
      for (int i = 0; i < bytes; i++) {
        value |= (data[position++] & 0xFF) << (8 * i);
      }
      rleValue = value;
      if (runRemaining == 0 || (bitWidth < 32 && (value >>> bitWidth) != 0)) {
        throw new IllegalStateException("corrupt RLE run: length " + runRemaining + ", value " + value);
      }
    } else {
      runIsRle = false;
      int groups = header >>> 1;
      if (groups == 0) {
        throw new IllegalStateException("corrupt bit-packed run of no groups");
      }
      int values = groups * 8;
      if (packed.length < values) {
        packed = new int[values];
      }
      if (bitWidth == 0) {
        // the packer for width 0 writes nothing: every value is 0
        Arrays.fill(packed, 0, values, 0);
      }
      for (int g = 0; g < groups && bitWidth > 0; g++) {
        int available = end - position;
        if (available >= bitWidth) {
          packer.unpack8Values(data, position, packed, g * 8);
          position += bitWidth;
        } else {
          // writers may end the last group early; the missing bits belong to values past the end
          Arrays.fill(padded, (byte) 0);
          System.arraycopy(data, position, padded, 0, Math.max(0, available));
          packer.unpack8Values(padded, 0, packed, g * 8);
          position = end;
        }
      }
      packedIndex = 0;
      runRemaining = values;
    }
  }

  private int readVarInt() {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      ensureAvailable(1);
      int b = data[position++];
      value |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalStateException("corrupt RLE / bit-packed header");
  }

  private void ensureAvailable(int bytes) {
    if (end - position < bytes) {
      throw new IllegalStateException("RLE / bit-packed data ends before its values");
    }
  }
}
