package io.lakehouse.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.benchmarks.tpch.TpchData;
import io.lakehouse.benchmarks.tpch.TpchFormat;
import io.lakehouse.benchmarks.tpch.TpchSchema;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every benchmark of every reader once on tiny data (scale factor 0.001, about 6,000 rows) and
 * checks the answers against each other and against sums taken straight from the generator.
 */
class BenchmarkSmokeTest {

  private static final double SCALE_FACTOR = 0.001;

  @TempDir static Path root;
  private static Path warehouse;

  @BeforeAll
  static void generate() throws IOException {
    warehouse = TpchData.ensure(root, SCALE_FACTOR, TpchFormat.DELTA);
  }

  @Test
  void theTableIsOneCommitOfSeveralFiles() throws IOException {
    assertEquals(root.resolve("sf0.001").resolve("delta"), warehouse);
    assertEquals(8, lineitemFiles().size());
    try (Stream<Path> log = Files.list(warehouse.resolve("lineitem/_delta_log"))) {
      assertEquals(List.of("00000000000000000000.json"),
          log.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).toList());
    }
    List<Path> files = lineitemFiles();
    assertEquals(warehouse, TpchData.ensure(root, SCALE_FACTOR, TpchFormat.DELTA));
    assertEquals(files, lineitemFiles(), "a second run reuses the data");
  }

  private static List<Path> lineitemFiles() throws IOException {
    return TpchData.dataFiles(warehouse, "lineitem", TpchFormat.DELTA);
  }

  @Test
  void everyReaderAnswersEveryBenchmarkAsTheGeneratorSays() throws Exception {
    List<Answer> expected = fromGenerator();
    assertTrue(Long.parseLong(expected.get(2).values().get(1)) > 0, "Q6 selects some rows");
    for (Reader reader : Reader.values()) {
      LineitemBenchmark benchmark = new LineitemBenchmark();
      benchmark.reader = reader.parameter;
      benchmark.scaleFactor = SCALE_FACTOR;
      benchmark.open(root);
      try {
        assertEquals(expected.get(0), benchmark.fullScan(), reader + " full scan");
        assertEquals(expected.get(1), benchmark.projection(), reader + " projection");
        assertEquals(expected.get(2), benchmark.selectiveFilter(), reader + " selective filter");
      } finally {
        benchmark.tearDown();
      }
    }
  }

  @Test
  void skippingBenchmarkAnswersAlikeWithSkippingOnAndOffAndOpensOneFileForAPoint() throws Exception {
    int files = 20;
    long point = files * SkippingBenchmark.ROWS_PER_FILE * 37L / 100 + 11;
    long from = files * SkippingBenchmark.ROWS_PER_FILE / 2L;
    long range = 0;
    for (long key = from; key < from + SkippingBenchmark.ROWS_PER_FILE * 10L; key++) {
      range += SkippingBenchmark.value(key);
    }
    for (String format : List.of("delta", "iceberg")) {
      for (boolean skipping : List.of(true, false)) {
        SkippingBenchmark benchmark = new SkippingBenchmark();
        benchmark.format = format;
        benchmark.dataSkipping = skipping;
        benchmark.files = files;
        benchmark.setUp();
        try {
          String what = format + " dataSkipping=" + skipping;
          assertEquals(SkippingBenchmark.value(point), benchmark.point(), what);
          assertEquals(skipping ? 1 : files, benchmark.lastStatistics().filesOpened(), what);
          assertEquals(range, benchmark.range(), what);
          assertEquals(skipping ? 10 : files, benchmark.lastStatistics().filesOpened(), what);
          assertTrue(benchmark.partition() > 0, what);
          assertEquals(skipping ? 4 : 4 * SkippingBenchmark.DAYS, benchmark.lastStatistics().filesOpened(), what);
        } finally {
          benchmark.tearDown();
        }
      }
    }
  }

  /** The three answers computed from the generated rows themselves. */
  private static List<Answer> fromGenerator() {
    long rows = 0;
    long[] keys = new long[4];
    BigDecimal[] money = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
    List<Comparable<Object>> max = new ArrayList<>();
    long shipModeChars = 0;
    BigDecimal revenue = BigDecimal.ZERO;
    long q6Rows = 0;
    for (List<Object> row : TpchSchema.rows("lineitem", SCALE_FACTOR)) {
      rows++;
      for (int i = 0; i < 4; i++) {
        keys[i] += ((Number) row.get(i)).longValue();
        money[i] = money[i].add((BigDecimal) row.get(4 + i));
      }
      for (int i = 8; i < 16; i++) {
        @SuppressWarnings("unchecked")
        Comparable<Object> value = (Comparable<Object>) row.get(i);
        if (max.size() < i - 7) {
          max.add(value);
        } else if (value.compareTo(max.get(i - 8)) > 0) {
          max.set(i - 8, value);
        }
      }
      shipModeChars += ((String) row.get(14)).length();
      LocalDate shipDate = (LocalDate) row.get(10);
      BigDecimal discount = (BigDecimal) row.get(6);
      if (!shipDate.isBefore(LocalDate.of(1994, 1, 1)) && shipDate.isBefore(LocalDate.of(1995, 1, 1))
          && discount.compareTo(new BigDecimal("0.05")) >= 0 && discount.compareTo(new BigDecimal("0.07")) <= 0
          && ((BigDecimal) row.get(4)).compareTo(BigDecimal.valueOf(24)) < 0) {
        q6Rows++;
        revenue = revenue.add(((BigDecimal) row.get(5)).multiply(discount));
      }
    }
    List<Object> fullScan = new ArrayList<>(List.of(rows, keys[0], keys[1], keys[2], keys[3]));
    fullScan.addAll(List.of(money));
    fullScan.addAll(max);
    return List.of(
        Answer.of(fullScan.toArray()),
        Answer.of(rows, keys[0], money[0], money[1], shipModeChars),
        Answer.of(revenue, q6Rows));
  }
}
