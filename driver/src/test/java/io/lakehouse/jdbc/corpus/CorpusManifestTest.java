package io.lakehouse.jdbc.corpus;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every table of the shared corpus ({@code shared/tables/MANIFEST.json}) is read in full through
 * the driver. Where the manifest gives a count it must match; where it gives only a count before
 * deletes, ours may not exceed it. A table we cannot read must fail with an error naming it, and
 * must be listed in {@code corpus/known-gaps.tsv} as {@code manifest:<name>} with the reason.
 */
class CorpusManifestTest {

  private static final Pattern EXACT =
      Pattern.compile("^(\\d+) \\((expected|expected latest|latest;[^)]*)\\)$|^total-records=(\\d+)$");
  private static final Pattern ENGINE_COUNT = Pattern.compile("count\\(\\*\\)=(\\d+)");
  private static final Pattern BEFORE_DELETES = Pattern.compile("^total-records=(\\d+) before deletes");

  static Stream<Arguments> tables() throws IOException {
    JsonNode manifest =
        new ObjectMapper().readTree(CorpusWarehouse.shared().resolve("tables/MANIFEST.json").toFile());
    List<Arguments> tables = new ArrayList<>();
    manifest.forEach(t -> tables.add(Arguments.of(t.get("name").asText(), t.get("rows").asText())));
    return tables.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void tableReadsInFull(String name, String rows) {
    if (isNegative(name)) {
      SQLException error = readError(name);
      assertNotNull(error, name + " is a broken table and must not read");
      assertTrue(error.getMessage().contains(name), "the error names the table: " + error.getMessage());
      return;
    }
    String problem = problem(name, rows);
    String gap = KnownGaps.reason("manifest:" + name);
    if (gap == null && problem != null) {
      fail(name + ": " + problem);
    }
    if (gap != null) {
      assertNotNull(problem, name + " now reads right: remove manifest:" + name + " from corpus/known-gaps.tsv (" + gap + ")");
    }
  }

  /** What is wrong with reading a table, or null when it reads with the right count. */
  private static String problem(String name, String rows) {
    long count;
    try {
      count = countByReadingEveryRow(name);
    } catch (SQLException e) {
      return e.getMessage().contains(name)
          ? "does not read: " + e.getMessage()
          : "does not read, and the error does not name the table: " + e.getMessage();
    }
    Matcher engine = ENGINE_COUNT.matcher(rows);
    Matcher exact = EXACT.matcher(rows);
    Matcher before = BEFORE_DELETES.matcher(rows);
    long expected = -1;
    if (engine.find()) {
      expected = Long.parseLong(engine.group(1));
    } else if (exact.matches()) {
      expected = Long.parseLong(exact.group(1) != null ? exact.group(1) : exact.group(3));
    } else if (before.find() && count > Long.parseLong(before.group(1))) {
      return count + " rows, more than the " + before.group(1) + " the table holds before deletes";
    }
    return expected < 0 || expected == count ? null : count + " rows where the manifest says " + rows;
  }

  /** Reads every column of every row, so that decoding is exercised, and counts the rows. */
  private static long countByReadingEveryRow(String name) throws SQLException {
    try (Connection connection = DriverManager.getConnection(CorpusWarehouse.url());
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT * FROM \"" + name + "\"")) {
      int columns = rs.getMetaData().getColumnCount();
      long count = 0;
      while (rs.next()) {
        for (int c = 1; c <= columns; c++) {
          rs.getObject(c);
        }
        count++;
      }
      return count;
    }
  }

  private static SQLException readError(String name) {
    try {
      countByReadingEveryRow(name);
      return null;
    } catch (SQLException e) {
      return e;
    }
  }

  private static boolean isNegative(String name) {
    return switch (name) {
      case "deltalog-invalid-protocol-version",
          "deltalog-state-reconstruction-without-protocol",
          "versions-not-contiguous",
          "simple_table_features" -> true;
      default -> false;
    };
  }
}
