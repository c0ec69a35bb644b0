package io.lakehouse.engine.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.lakehouse.engine.table.SnapshotRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every corpus table that ships its writer's expected rows reads exactly those rows, compared as
 * unordered multisets of all columns: the Delta golden tables (a Spark read of the latest version)
 * and the DAT tables (one expected result per version, read by time travel).
 */
class DeltaExpectedResultsTest {

  private static final Pattern DAT_VERSION = Pattern.compile("v(\\d+)");

  static Stream<Arguments> expectedResults() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    Path corpus = DeltaTestTables.corpusPath("x").getParent().getParent();
    try (Stream<Path> tables = Files.list(corpus)) {
      for (Path table : tables.sorted().toList()) {
        Path expected = table.resolve("expected");
        String name = table.getFileName().toString();
        List<Path> files = parquetFiles(expected);
        if (!files.isEmpty()) {
          cases.add(Arguments.of(name, SnapshotRef.LATEST, files));
        }
        if (Files.isDirectory(expected)) {
          try (Stream<Path> versions = Files.list(expected)) {
            for (Path version : versions.sorted().toList()) {
              Matcher dat = DAT_VERSION.matcher(version.getFileName().toString());
              String dir = version.getFileName().toString();
              if (dat.matches()) {
                SnapshotRef ref = new SnapshotRef.Version(Long.parseLong(dat.group(1)));
                cases.add(Arguments.of(name, ref, parquetFiles(version)));
              } else if (dir.equals("latest")) {
                cases.add(Arguments.of(name, SnapshotRef.LATEST, parquetFiles(version)));
              }
            }
          }
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("expectedResults")
  void readsTheRowsItsWriterExpects(String name, SnapshotRef ref, List<Path> expectedFiles) {
    DeltaSnapshot snapshot = DeltaTestTables.open(name).snapshot(ref);
    List<Field> columns = snapshot.schema().getFields();
    int[] all = new int[columns.size()];
    Arrays.setAll(all, i -> i);

    List<List<String>> actual = new ArrayList<>();
    for (List<Object> row : DeltaTestTables.readRows(snapshot, all)) {
      List<String> canonical = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        canonical.add(ExpectedRows.canonical(columns.get(i), row.get(i)));
      }
      actual.add(canonical);
    }
    List<List<String>> expected = ExpectedRows.read(expectedFiles, columns);
    if (name.equals("data-reader-partition-values")) {
      // Spark wrote the partition value "2021-09-08 11:11:11" and read it back in its session time
      // zone, America/Los_Angeles. The protocol has no time zone for it; Delta Kernel, and so this
      // engine, read it as UTC: 7 hours earlier than Spark's instant.
      int column = DeltaTestTables.indexOf(snapshot, "as_timestamp");
      for (List<String> row : expected) {
        if (!row.get(column).equals(ExpectedRows.NULL)) {
          row.set(column, Long.toString(Long.parseLong(row.get(column)) - 7 * 3_600_000_000L));
        }
      }
    }
    assertFalse(expectedFiles.isEmpty());
    assertEquals(sorted(expected), sorted(actual), () -> name + " columns " + columns);
  }

  private static List<String> sorted(List<List<String>> rows) {
    return rows.stream().map(Object::toString).sorted(Comparator.naturalOrder()).collect(Collectors.toList());
  }

  private static List<Path> parquetFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
  }
}
