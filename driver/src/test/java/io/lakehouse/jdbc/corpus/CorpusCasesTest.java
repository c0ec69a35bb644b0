package io.lakehouse.jdbc.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conformance over the shared corpus: each case in {@code shared/corpus-cases} is a query and the
 * rows the table's writer says it holds, decoded by an independent Parquet reader. We run the query
 * through the driver and compare the rows as a multiset, value by value. Cases listed in
 * {@code corpus/known-gaps.tsv} are expected to fail, each for its stated reason.
 */
class CorpusCasesTest {

  private static final AtomicInteger MATCHED = new AtomicInteger();
  private static final AtomicInteger TOTAL = new AtomicInteger();

  static Stream<String> cases() throws IOException {
    List<String> lines = Files.readAllLines(casesDir().resolve("INDEX.tsv"), StandardCharsets.UTF_8);
    return lines.stream().skip(1).filter(l -> !l.isBlank()).map(l -> l.split("\t")[0]);
  }

  private static Path casesDir() {
    return CorpusWarehouse.shared().resolve("corpus-cases");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void caseMatchesWriterResult(String id) throws Exception {
    String mismatch = run(id);
    TOTAL.incrementAndGet();
    if (mismatch == null) {
      MATCHED.incrementAndGet();
    }
    String gap = KnownGaps.reason(id);
    if (gap == null && mismatch != null) {
      fail(id + ": " + mismatch);
    }
    if (gap != null) {
      assertNotNull(mismatch, id + " now matches: remove it from corpus/known-gaps.tsv (" + gap + ")");
    }
  }

  @AfterAll
  static void report() {
    System.out.printf(
        "Corpus conformance: %d of %d cases match (%.1f%%)%n",
        MATCHED.get(), TOTAL.get(), TOTAL.get() == 0 ? 0.0 : 100.0 * MATCHED.get() / TOTAL.get());
  }

  /** Runs a case; returns null when it matches, else what differs. */
  private static String run(String id) throws IOException {
    Map<String, String> meta = meta(casesDir().resolve(id + ".meta"));
    String sql = Files.readString(casesDir().resolve(id + ".sql"), StandardCharsets.UTF_8).trim();
    try (Connection connection = DriverManager.getConnection(CorpusWarehouse.url());
        Statement statement = connection.createStatement()) {
      if ("error".equals(meta.get("expect"))) {
        return expectError(statement, sql, meta.get("table"));
      }
      List<CaseType> types = new ArrayList<>();
      for (String column : meta.get("columns").split(";")) {
        types.add(CaseType.parse(column.substring(column.indexOf(':') + 1)));
      }
      List<String> expected = expectedRows(id, types);
      List<String> actual = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery(sql)) {
        assertEquals(types.size(), rs.getMetaData().getColumnCount(), id + ": column count");
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          for (int c = 0; c < types.size(); c++) {
            Object value = rs.getObject(c + 1);
            row.add(Canonical.actual(types.get(c), value, value == null ? null : rs.getString(c + 1)));
          }
          actual.add(row.toString());
        }
      } catch (SQLException e) {
        return "query failed: " + e.getMessage();
      }
      return compare(expected, actual);
    } catch (SQLException e) {
      return "cannot connect: " + e.getMessage();
    }
  }

  private static String expectError(Statement statement, String sql, String table) {
    try (ResultSet rs = statement.executeQuery(sql)) {
      int rows = 0;
      while (rs.next()) {
        rows++;
      }
      return "expected an error, got " + rows + " rows";
    } catch (SQLException e) {
      String message = String.valueOf(e.getMessage());
      return message.contains(table) ? null : "error does not name table '" + table + "': " + message;
    }
  }

  private static List<String> expectedRows(String id, List<CaseType> types) throws IOException {
    String text = Files.readString(casesDir().resolve(id + ".csv"), StandardCharsets.UTF_8);
    List<List<String>> rows = Csv.parse(text);
    List<String> expected = new ArrayList<>();
    for (List<String> cells : rows.subList(1, rows.size())) {
      List<Object> row = new ArrayList<>();
      for (int c = 0; c < types.size(); c++) {
        row.add(Canonical.expected(types.get(c), cells.get(c)));
      }
      expected.add(row.toString());
    }
    return expected;
  }

  private static String compare(List<String> expected, List<String> actual) {
    Map<String, Integer> counts = new HashMap<>();
    expected.forEach(row -> counts.merge(row, 1, Integer::sum));
    List<String> extra = new ArrayList<>();
    for (String row : actual) {
      Integer left = counts.get(row);
      if (left == null) {
        extra.add(row);
      } else if (left == 1) {
        counts.remove(row);
      } else {
        counts.put(row, left - 1);
      }
    }
    List<String> missing = new ArrayList<>();
    counts.forEach((row, n) -> missing.addAll(java.util.Collections.nCopies(n, row)));
    if (missing.isEmpty() && extra.isEmpty()) {
      return null;
    }
    return String.format(
        "%d expected rows, %d read; missing %s; unexpected %s",
        expected.size(), actual.size(), head(missing), head(extra));
  }

  private static String head(List<String> rows) {
    return rows.size() <= 3 ? rows.toString() : rows.subList(0, 3) + " and " + (rows.size() - 3) + " more";
  }

  private static Map<String, String> meta(Path file) throws IOException {
    Map<String, String> meta = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        meta.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return meta;
  }
}
