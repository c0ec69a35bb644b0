package io.lakehouse.engine.calcite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The scan aggregate's string order is Java's (UTF-16 code units), which SQL comparisons use. */
class ScanAggregationTest {

  @Test
  void utf8BytesCompareAsJavaStringsEvenBeyondTheBasicPlane() {
    String[] values = {"", "a", "ab", "b", "z\u0000", "é", "\uE000", "\uFFFF", "\uD83D\uDE00", "a\uD83D\uDE00", "a\uFFFF"};
    for (String a : values) {
      for (String b : values) {
        int expected = Integer.signum(a.compareTo(b));
        int actual = Integer.signum(ScanAggregation.compareUtf16(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, actual, a + " vs " + b);
      }
    }
  }
}
