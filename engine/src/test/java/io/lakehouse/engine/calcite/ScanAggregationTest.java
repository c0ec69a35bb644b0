package io.lakehouse.engine.calcite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.table.Memory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.ByteFunctionHelpers;
import org.junit.jupiter.api.Test;

/**
 * The scan aggregate's string order is Java's (UTF-16 code units), which SQL comparisons use:
 * exactly by decoding, and as unsigned byte order on Arrow's buffer whenever the string compared
 * with has no character from U+E000 up.
 */
class ScanAggregationTest {

  private static final String[] SAMPLES = {
    "", "a", "ab", "b", "z\u0000", "é", "\uD7FF", "\uE000", "\uFFFF", "\uD83D\uDE00", "a\uD83D\uDE00", "a\uFFFF", "a\uE000b"
  };

  @Test
  void utf8BytesCompareAsJavaStringsEvenBeyondTheBasicPlane() {
    for (String a : SAMPLES) {
      for (String b : SAMPLES) {
        assertEquals(Integer.signum(a.compareTo(b)), Integer.signum(ScanAggregation.compareUtf16(utf8(a), utf8(b))),
            a + " vs " + b);
      }
    }
  }

  @Test
  void byteOrderOnTheBufferIsStringOrderAgainstStringsWithoutHighCharacters() {
    List<String> strings = new ArrayList<>(List.of(SAMPLES));
    Random random = new Random(42);
    int[] pool = {'a', 'z', 0x7f, 0xe9, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x1f600, 0x10ffff};
    for (int i = 0; i < 300; i++) {
      StringBuilder s = new StringBuilder();
      for (int n = random.nextInt(4); n > 0; n--) {
        s.appendCodePoint(pool[random.nextInt(pool.length)]);
      }
      strings.add(s.toString());
    }
    try (BufferAllocator allocator = Memory.newRootAllocator(Long.MAX_VALUE); ArrowBuf buffer = allocator.buffer(64)) {
      int compared = 0;
      for (String value : strings) {
        byte[] bytes = utf8(value);
        buffer.setBytes(0, bytes);
        for (String extreme : strings) {
          if (extreme.chars().anyMatch(c -> c >= 0xd800)) {
            continue; // the scan decodes such strings instead
          }
          int bufferOrder = ByteFunctionHelpers.compare(buffer, 0, bytes.length, utf8(extreme), 0, utf8(extreme).length);
          assertEquals(Integer.signum(value.compareTo(extreme)), Integer.signum(bufferOrder), value + " vs " + extreme);
          compared++;
        }
      }
      assertTrue(compared > 10_000, "pairs compared: " + compared);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
