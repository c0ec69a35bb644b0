package io.lakehouse.engine.parquet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The non-null values of one data page, decoded in order. Fixed-width values come out as the
 * little-endian bytes Arrow stores (booleans as one byte, 0 or 1; INT96 and fixed-length binary as
 * their raw bytes); byte arrays are appended to a {@link BinaryBuffer}.
 */
abstract class PageValues {

  static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Decodes the next {@code count} fixed-width values into {@code out} from {@code offset}. */
  void readFixed(byte[] out, int offset, int count) {
    throw new IllegalStateException(getClass().getSimpleName() + " holds no fixed-width values");
  }

  /** Decodes the next {@code count} byte arrays onto the end of {@code out}. */
  void readBinary(BinaryBuffer out, int count) {
    throw new IllegalStateException(getClass().getSimpleName() + " holds no byte arrays");
  }

  /** Passes over the next {@code count} fixed-width values of {@code width} bytes each. */
  void skipFixed(int count, int width) {
    byte[] scratch = new byte[Math.min(count, 1024) * width];
    for (int left = count; left > 0; ) {
      int n = Math.min(left, 1024);
      readFixed(scratch, 0, n);
      left -= n;
    }
  }

  /** Passes over the next {@code count} byte arrays. */
  void skipBinary(int count) {
    readBinary(new BinaryBuffer(), count);
  }

  static IllegalStateException truncated() {
    return new IllegalStateException("a data page ends before its values");
  }

  /** PLAIN fixed-width values: already the bytes Arrow wants. */
  static final class PlainFixed extends PageValues {
    private final byte[] data;
    private final int width;
    private int position;
    private final int end;

    PlainFixed(byte[] data, int from, int to, int width) {
      this.data = data;
      this.position = from;
      this.end = to;
      this.width = width;
    }

    @Override
    void readFixed(byte[] out, int offset, int count) {
      int bytes = count * width;
      if (end - position < bytes) {
        throw truncated();
      }
      System.arraycopy(data, position, out, offset, bytes);
      position += bytes;
    }

    @Override
    void skipFixed(int count, int width) {
      int bytes = count * width;
      if (end - position < bytes) {
        throw truncated();
      }
      position += bytes;
    }
  }

  /** PLAIN booleans: one bit each, least significant bit first. */
  static final class PlainBoolean extends PageValues {
    private final byte[] data;
    private final int from;
    private final int end;
    private long bit;

    PlainBoolean(byte[] data, int from, int to) {
      this.data = data;
      this.from = from;
      this.end = to;
    }

    @Override
    void readFixed(byte[] out, int offset, int count) {
      if (((bit + count + 7) >>> 3) > end - from) {
        throw truncated();
      }
      for (int i = 0; i < count; i++, bit++) {
        out[offset + i] = (byte) ((data[from + (int) (bit >>> 3)] >>> (bit & 7)) & 1);
      }
    }
  }

  /** RLE booleans (data pages V2): a 4-byte length, then the hybrid encoding with bit width 1. */
  static final class RleBoolean extends PageValues {
    private final HybridDecoder decoder = new HybridDecoder(1);

    RleBoolean(byte[] data, int from, int to) {
      if (to - from < 4) {
        throw truncated();
      }
      int length = (int) INTS.get(data, from);
      if (length < 0 || length > to - from - 4) {
        throw truncated();
      }
      decoder.reset(data, from + 4, from + 4 + length);
    }

    @Override
    void readFixed(byte[] out, int offset, int count) {
      decoder.readBits(out, offset, count);
    }
  }

  /** PLAIN byte arrays: each a 4-byte little-endian length, then the bytes. */
  static final class PlainBinary extends PageValues {
    private final byte[] data;
    private int position;
    private final int end;

    PlainBinary(byte[] data, int from, int to) {
      this.data = data;
      this.position = from;
      this.end = to;
    }

    @Override
    void readBinary(BinaryBuffer out, int count) {
      out.ensureValues(out.count + count);
      for (int i = 0; i < count; i++) {
        if (end - position < 4) {
          throw truncated();
        }
        int length = (int) INTS.get(data, position);
        position += 4;
        if (length < 0 || length > end - position) {
          throw truncated();
        }
        out.append(data, position, length);
        position += length;
      }
    }
  }

  /**
   * Dictionary indices: one byte giving the bit width, then the hybrid encoding; values are copied
   * from the decoded dictionary.
   */
  static final class DictionaryIndexed extends PageValues {
    private final Dictionary dictionary;
    private final HybridDecoder indices;
    private int[] buffer = new int[256];

    DictionaryIndexed(Dictionary dictionary, byte[] data, int from, int to) {
      if (to - from < 1) {
        throw truncated();
      }
      this.dictionary = dictionary;
      this.indices = new HybridDecoder(data[from] & 0xFF);
      indices.reset(data, from + 1, to);
    }

    private int[] indices(int count) {
      if (buffer.length < count) {
        buffer = new int[Math.max(count, buffer.length * 2)];
      }
      readIndices(buffer, 0, count);
      return buffer;
    }

    /** Decodes the next {@code count} dictionary indices into {@code out} from {@code offset}. */
    void readIndices(int[] out, int offset, int count) {
      indices.read(out, offset, count);
      int size = dictionary.size;
      for (int i = offset; i < offset + count; i++) {
        if (out[i] < 0 || out[i] >= size) {
          throw new IllegalStateException(
              "dictionary index " + out[i] + " is out of a dictionary of " + size + " values");
        }
      }
    }

    @Override
    void readFixed(byte[] out, int offset, int count) {
      int[] ids = indices(count);
      int width = dictionary.width;
      if (width == 8) {
        long[] values = dictionary.longs;
        for (int i = 0; i < count; i++) {
          LONGS.set(out, offset + i * 8, values[ids[i]]);
        }
      } else if (width == 4) {
        int[] values = dictionary.ints;
        for (int i = 0; i < count; i++) {
          INTS.set(out, offset + i * 4, values[ids[i]]);
        }
      } else {
        byte[] values = dictionary.fixed;
        for (int i = 0; i < count; i++) {
          System.arraycopy(values, ids[i] * width, out, offset + i * width, width);
        }
      }
    }

    @Override
    void readBinary(BinaryBuffer out, int count) {
      int[] ids = indices(count);
      BinaryBuffer values = dictionary.binaries;
      out.ensureValues(out.count + count);
      for (int i = 0; i < count; i++) {
        int id = ids[i];
        out.append(values.data, values.offset(id), values.length(id));
      }
    }
  }

  /** A column chunk's dictionary, decoded once from its PLAIN-encoded dictionary page. */
  static final class Dictionary {
    final int size;
    final int width;
    final byte[] fixed;
    final int[] ints;
    final long[] longs;
    final BinaryBuffer binaries;

    /** A dictionary of fixed-width values of {@code width} bytes. */
    Dictionary(byte[] data, int from, int to, int size, int width) {
      if ((long) size * width > to - from) {
        throw truncated();
      }
      this.size = size;
      this.width = width;
      this.fixed = new byte[size * width];
      System.arraycopy(data, from, fixed, 0, fixed.length);
      this.ints = width == 4 ? new int[size] : null;
      this.longs = width == 8 ? new long[size] : null;
      for (int i = 0; ints != null && i < size; i++) {
        ints[i] = (int) INTS.get(fixed, i * 4);
      }
      for (int i = 0; longs != null && i < size; i++) {
        longs[i] = (long) LONGS.get(fixed, i * 8);
      }
      this.binaries = null;
    }

    /** A dictionary of byte arrays. */
    Dictionary(byte[] data, int from, int to, int size) {
      this.size = size;
      this.width = -1;
      this.fixed = null;
      this.ints = null;
      this.longs = null;
      this.binaries = new BinaryBuffer();
      new PlainBinary(data, from, to).readBinary(binaries, size);
    }
  }
}
