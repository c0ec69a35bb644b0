package io.lakehouse.engine.delta;

import static io.lakehouse.engine.delta.DeltaTestTables.countRows;
import static io.lakehouse.engine.delta.DeltaTestTables.latest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.table.ScanRequest;
import io.lakehouse.engine.table.ScanTask;
import io.lakehouse.engine.table.SnapshotRef;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Log and file features: every kind of checkpoint and log compaction agree with a replay of the
 * plain JSON commits, a broken or stale {@code _last_checkpoint} is survived, type widening and the
 * timestamp encodings read the writer's values.
 */
class DeltaLogFeaturesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "basic-with-inserts-deletes-checkpoint", // classic
        "multi-part-checkpoint",
        "v2-checkpoints-json-with-sidecars",
        "v2-checkpoints-parquet-with-sidecars",
        "v2-classic-checkpoint-parquet",
        "v2-checkpoint-json",
        "v2-checkpoint-parquet",
        "compacted-log-files-table",
        "dv-partitioned-with-checkpoint"
      })
  void checkpointsAndCompactionsAgreeWithTheCommits(String name, @TempDir Path dir) throws IOException {
    DeltaSnapshot withCheckpoints = latest(name);

    Path root = dir.resolve(name);
    DeltaTestTables.copyTree(DeltaTestTables.corpusPath(name), root);
    Path log = root.resolve("_delta_log");
    int removed = 0;
    try (Stream<Path> files = Files.list(log)) {
      for (Path file : files.toList()) {
        String fileName = file.getFileName().toString();
        if (!fileName.matches("\\d{20}\\.json")) {
          removed++;
          if (Files.isDirectory(file)) {
            try (Stream<Path> sidecars = Files.list(file)) {
              for (Path sidecar : sidecars.toList()) {
                Files.delete(sidecar);
              }
            }
          }
          Files.delete(file);
        }
      }
    }
    assertTrue(removed > 0, "no checkpoint or compaction in " + name);
    DeltaSnapshot fromCommits =
        DeltaTable.open(name, root.toString(), DeltaTestTables.STORAGE).snapshot(SnapshotRef.LATEST);

    assertEquals(fromCommits.version(), withCheckpoints.version());
    assertEquals(relativePaths(fromCommits, root), relativePaths(withCheckpoints, DeltaTestTables.corpusPath(name)));
    assertEquals(countRows(fromCommits), countRows(withCheckpoints));
  }

  @Test
  void logCompactionAtEachVersion() {
    // numRecords minus deletion vector cardinality of the live files after each commit
    List<Long> expected = List.of(1L, 5L, 4L, 4L, 5L, 3L, 3L, 4L, 5L, 5L, 4L, 4L, 4L, 4L, 6L, 8L, 6L, 6L, 8L, 8L, 8L,
        8L, 8L, 8L, 2L, 5L);
    DeltaTable table = DeltaTestTables.open("compacted-log-files-table");
    List<Long> counts = new ArrayList<>();
    for (long version = 0; version < expected.size(); version++) {
      counts.add(countRows(table.snapshot(new SnapshotRef.Version(version))));
    }
    assertEquals(expected, counts);
  }

  @Test
  void brokenOrStaleLastCheckpointIsSurvived() {
    // _last_checkpoint is unreadable: the log is listed instead
    DeltaSnapshot corrupted = latest("corrupted-last-checkpoint-kernel");
    assertEquals(11, corrupted.version());
    assertEquals(100, countRows(corrupted));
    // _last_checkpoint names the checkpoint at version 1 though version 3 has one too
    DeltaSnapshot stale = latest("table_failed_last_checkpoint_update");
    assertEquals(3, stale.version());
    assertEquals(20, countRows(stale));
  }

  @Test
  void typeWideningReadsOldFilesAsTheWidenedType() {
    DeltaSnapshot snapshot = latest("type-widening");
    List<List<Object>> rows = rowsOf(snapshot, "byte_long", "int_long", "float_double", "byte_double", "short_double",
        "int_double", "date_timestamp_ntz");
    rows.sort(Comparator.comparing(row -> (Long) row.get(0)));
    assertEquals(
        List.of(
            List.of(1L, 2L, 3.4000000953674316, 5.0, 6.0, 7.0, LocalDateTime.parse("2024-09-09T00:00:00")),
            List.of(Long.MAX_VALUE, Long.MAX_VALUE, 1.234567890123, 1.234567890123, 1.234567890123, 1.234567890123,
                LocalDateTime.parse("2024-09-09T12:34:56.123456"))),
        rows);

    List<List<Object>> decimals = rowsOf(snapshot, "decimal_decimal_same_scale", "decimal_decimal_greater_scale",
        "byte_decimal", "short_decimal", "int_decimal", "long_decimal");
    decimals.sort(Comparator.comparing(row -> (BigDecimal) row.get(0)));
    assertEquals(
        List.of(
            decimals("123.45", "67.89000", "1.0", "2.0", "3.0", "4.0"),
            decimals("12345678901234.56", "12345678901.23456", "123.4", "12345.6", "1234567890.1",
                "123456789012345678.9")),
        decimals);
  }

  @Test
  void int96AndMillisecondTimestampsReadAsMicroseconds() {
    // the same rows written with three physical timestamp encodings
    Set<String> micros = timestamps("kernel-timestamp-timestamp_micros");
    assertEquals(micros, timestamps("kernel-timestamp-int96"));
    assertEquals(5, micros.size());
    Set<String> millis = timestamps("kernel-timestamp-timestamp_millis");
    assertEquals(5, millis.size());
    assertEquals(micros, millis);
  }

  private static Set<String> timestamps(String table) {
    DeltaSnapshot snapshot = latest(table);
    return rowsOf(snapshot, "id", "time").stream().map(Object::toString).collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<Object> decimals(String... values) {
    return Arrays.stream(values).map(BigDecimal::new).collect(Collectors.toList());
  }

  private static List<List<Object>> rowsOf(DeltaSnapshot snapshot, String... columns) {
    int[] projection = Arrays.stream(columns).mapToInt(c -> DeltaTestTables.indexOf(snapshot, c)).toArray();
    return new ArrayList<>(DeltaTestTables.readRows(snapshot, projection));
  }

  private static Set<String> relativePaths(DeltaSnapshot snapshot, Path root) {
    Set<String> paths = new TreeSet<>();
    String prefix = "file:" + root.toAbsolutePath().normalize() + "/";
    for (ScanTask task : snapshot.plan(new ScanRequest(new int[0])).tasks()) {
      assertTrue(task.path().startsWith(prefix), task.path());
      paths.add(task.path().substring(prefix.length()));
    }
    return paths;
  }
}
