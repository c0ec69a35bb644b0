package io.lakehouse.engine.parquet;

import java.util.Arrays;

/**
 * Variable-length values laid out back to back, as an Arrow variable-width vector lays them out:
 * value {@code i} is {@code data[offset(i), offset(i + 1))}. Growable and reused batch after batch.
 */
final class BinaryBuffer {

  byte[] data = new byte[1024];
  /** {@code ends[i]} is where value {@code i} ends; entry 0 is 0, value {@code i} ends at {@code ends[i + 1]}. */
  int[] ends = new int[65];
  int count;

  void clear() {
    count = 0;
  }

  int size() {
    return ends[count];
  }

  int offset(int i) {
    return ends[i];
  }

  int length(int i) {
    return ends[i + 1] - ends[i];
  }

  void append(byte[] src, int from, int length) {
    int start = ends[count];
    ensureBytes(start + length);
    System.arraycopy(src, from, data, start, length);
    ensureValues(count + 1);
    ends[++count] = start + length;
  }

  /** Makes room for {@code bytes} bytes of data in total. */
  void ensureBytes(int bytes) {
    if (bytes > data.length) {
      data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(bytes, data.length * 2L)));
    }
  }

  /** Makes room for {@code values} values in total. */
  void ensureValues(int values) {
    if (values + 1 > ends.length) {
      ends = Arrays.copyOf(ends, Math.max(values + 1, ends.length * 2));
    }
  }
}
