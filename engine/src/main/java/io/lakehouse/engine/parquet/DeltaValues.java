package io.lakehouse.engine.parquet;

import java.util.Arrays;
import org.apache.parquet.column.values.bitpacking.BytePackerForLong;
import org.apache.parquet.column.values.bitpacking.Packer;

/**
 * The Parquet 2 value encodings (DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY,
 * BYTE_STREAM_SPLIT) of one data page. Each page is decoded whole when it is opened: these
 * encodings carry running state from value to value, and pages are small.
 */
final class DeltaValues {

  private DeltaValues() {}

  /** The bytes of a page being parsed, and where parsing stands. */
  private static final class Cursor {
    final byte[] data;
    int position;
    final int end;

    Cursor(byte[] data, int from, int to) {
      this.data = data;
      this.position = from;
      this.end = to;
    }

    long unsignedVarLong() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (position >= end) {
          throw PageValues.truncated();
        }
        int b = data[position++];
        value |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new IllegalStateException("corrupt variable-length integer in a DELTA_BINARY_PACKED page");
    }

    long zigZagVarLong() {
      long raw = unsignedVarLong();
      return (raw >>> 1) ^ -(raw & 1);
    }
  }

  /**
   * Decodes a DELTA_BINARY_PACKED run from {@code cursor}, leaving it after the run's last stored
   * miniblock. Sums wrap, as the encoding's arithmetic does; INT32 values are the low 32 bits.
   */
  private static long[] unpackDeltas(Cursor cursor) {
    long blockSize = cursor.unsignedVarLong();
    long miniblocks = cursor.unsignedVarLong();
    long total = cursor.unsignedVarLong();
    if (blockSize <= 0 || blockSize % 128 != 0 || miniblocks <= 0 || blockSize % miniblocks != 0
        || (blockSize / miniblocks) % 32 != 0 || total < 0 || total > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("corrupt DELTA_BINARY_PACKED header: block size " + blockSize
          + ", miniblocks " + miniblocks + ", values " + total);
    }
    int count = (int) total;
    long[] values = new long[count];
    // the header holds a first value even when the run is empty
    long first = cursor.zigZagVarLong();
    if (count == 0) {
      return values;
    }
    values[0] = first;
    int perMiniblock = (int) (blockSize / miniblocks);
    int[] widths = new int[(int) miniblocks];
    long[] deltas = new long[perMiniblock];
    int next = 1;
    long previous = values[0];
    while (next < count) {
      long minDelta = cursor.zigZagVarLong();
      if (cursor.end - cursor.position < widths.length) {
        throw PageValues.truncated();
      }
      for (int m = 0; m < widths.length; m++) {
        widths[m] = cursor.data[cursor.position++] & 0xFF;
      }
      for (int m = 0; m < widths.length && next < count; m++) {
        int width = widths[m];
        if (width > 64) {
          throw new IllegalStateException("corrupt DELTA_BINARY_PACKED bit width " + width);
        }
        int bytes = width * perMiniblock / 8;
        if (cursor.end - cursor.position < bytes) {
          throw PageValues.truncated();
        }
        if (width == 0) {
          // the packer for width 0 writes nothing, which would leave the last miniblock's deltas
          Arrays.fill(deltas, 0L);
        } else {
          BytePackerForLong packer = Packer.LITTLE_ENDIAN.newBytePackerForLong(width);
          for (int i = 0; i < perMiniblock; i += 8) {
            packer.unpack8Values(cursor.data, cursor.position + i / 8 * width, deltas, i);
          }
        }
        cursor.position += bytes;
        int n = Math.min(perMiniblock, count - next);
        for (int i = 0; i < n; i++) {
          previous += minDelta + deltas[i];
          values[next++] = previous;
        }
      }
    }
    return values;
  }

  private static int[] lengths(Cursor cursor) {
    long[] raw = unpackDeltas(cursor);
    int[] lengths = new int[raw.length];
    for (int i = 0; i < raw.length; i++) {
      lengths[i] = (int) raw[i];
      if (lengths[i] < 0) {
        throw new IllegalStateException("negative byte array length " + lengths[i]);
      }
    }
    return lengths;
  }

  /** DELTA_BINARY_PACKED INT32 or INT64 values. */
  static final class BinaryPacked extends PageValues {
    private final long[] values;
    private final int width;
    private int next;

    BinaryPacked(byte[] data, int from, int to, int width) {
      this.values = unpackDeltas(new Cursor(data, from, to));
      this.width = width;
    }

    @Override
    void readFixed(byte[] out, int offset, int count) {
      if (next + count > values.length) {
        throw truncated();
      }
      if (width == 8) {
        for (int i = 0; i < count; i++) {
          LONGS.set(out, offset + i * 8, values[next++]);
        }
      } else {
        for (int i = 0; i < count; i++) {
          INTS.set(out, offset + i * 4, (int) values[next++]);
        }
      }
    }
  }

  /** DELTA_LENGTH_BYTE_ARRAY: all lengths delta-encoded, then all bytes back to back. */
  static final class LengthByteArray extends PageValues {
    private final byte[] data;
    private final int[] lengths;
    private int position;
    private final int end;
    private int next;

    LengthByteArray(byte[] data, int from, int to) {
      Cursor cursor = new Cursor(data, from, to);
      this.lengths = lengths(cursor);
      this.data = data;
      this.position = cursor.position;
      this.end = to;
    }

    @Override
    void readBinary(BinaryBuffer out, int count) {
      if (next + count > lengths.length) {
        throw truncated();
      }
      out.ensureValues(out.count + count);
      for (int i = 0; i < count; i++) {
        int length = lengths[next++];
        if (length > end - position) {
          throw truncated();
        }
        out.append(data, position, length);
        position += length;
      }
    }
  }

  /**
   * DELTA_BYTE_ARRAY: each value is a prefix of the one before plus a suffix; prefix lengths are
   * delta-encoded, suffixes are DELTA_LENGTH_BYTE_ARRAY. Used for byte arrays and fixed-length
   * byte arrays.
   */
  static final class ByteArray extends PageValues {
    private final BinaryBuffer values = new BinaryBuffer();
    private final int width;
    private int next;

    ByteArray(byte[] data, int from, int to, int width) {
      this.width = width;
      Cursor cursor = new Cursor(data, from, to);
      int[] prefixes = lengths(cursor);
      LengthByteArray suffixes = new LengthByteArray(data, cursor.position, to);
      if (suffixes.lengths.length != prefixes.length) {
        throw new IllegalStateException("DELTA_BYTE_ARRAY page has " + prefixes.length + " prefixes but "
            + suffixes.lengths.length + " suffixes");
      }
      BinaryBuffer suffix = new BinaryBuffer();
      suffixes.readBinary(suffix, prefixes.length);
      values.ensureValues(prefixes.length);
      int previousLength = 0;
      for (int i = 0; i < prefixes.length; i++) {
        int prefix = prefixes[i];
        if (prefix > previousLength) {
          throw new IllegalStateException("DELTA_BYTE_ARRAY prefix " + prefix + " is longer than the value before");
        }
        int length = prefix + suffix.length(i);
        int start = values.size();
        values.ensureBytes(start + length);
        // the previous value is the one just written: its prefix is copied within the buffer
        System.arraycopy(values.data, start - previousLength, values.data, start, prefix);
        System.arraycopy(suffix.data, suffix.offset(i), values.data, start + prefix, suffix.length(i));
        values.ends[++values.count] = start + length;
        previousLength = length;
      }
    }

    @Override
    void readBinary(BinaryBuffer out, int count) {
      if (next + count > values.count) {
        throw truncated();
      }
      out.ensureValues(out.count + count);
      for (int i = 0; i < count; i++, next++) {
        out.append(values.data, values.offset(next), values.length(next));
      }
    }

    @Override
    void readFixed(byte[] out, int offset, int count) {
      if (next + count > values.count) {
        throw truncated();
      }
      for (int i = 0; i < count; i++, next++) {
        if (values.length(next) != width) {
          throw new IllegalStateException(
              "a fixed-length value of " + values.length(next) + " bytes instead of " + width);
        }
        System.arraycopy(values.data, values.offset(next), out, offset + i * width, width);
      }
    }
  }

  /** BYTE_STREAM_SPLIT: byte {@code k} of every value, then byte {@code k + 1} of every value. */
  static final class ByteStreamSplit extends PageValues {
    private final byte[] values;
    private final int width;
    private int next;

    ByteStreamSplit(byte[] data, int from, int to, int width) {
      int length = to - from;
      if (length % width != 0) {
        throw new IllegalStateException("BYTE_STREAM_SPLIT page of " + length + " bytes for values of " + width);
      }
      int count = length / width;
      this.width = width;
      this.values = new byte[length];
      for (int k = 0; k < width; k++) {
        int stream = from + k * count;
        for (int i = 0; i < count; i++) {
          values[i * width + k] = data[stream + i];
        }
      }
    }

    @Override
    void readFixed(byte[] out, int offset, int count) {
      if ((next + count) * width > values.length) {
        throw truncated();
      }
      System.arraycopy(values, next * width, out, offset, count * width);
      next += count;
    }
  }
}
