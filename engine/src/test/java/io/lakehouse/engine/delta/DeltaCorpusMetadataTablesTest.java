package io.lakehouse.engine.delta;

import static io.lakehouse.engine.delta.DeltaTestTables.assertLakeException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.MetadataRows;
import io.lakehouse.engine.table.MetadataTableKind;
import io.lakehouse.engine.table.SnapshotRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The metadata tables of the Delta corpus, checked against what the writers recorded: the
 * commitInfo of each commit file, the commit files' modification times, the row counts of the
 * corpus manifest and the rows a scan reads.
 */
class DeltaCorpusMetadataTablesTest {

  private static final Pattern LEADING_COUNT = Pattern.compile("^(\\d+) ");

  /**
   * The manifest's count for basic-dv-no-checkpoint cancelled the add with a deletion vector
   * against the remove of the same path; its 10 rows less the 2 the vector deletes leave 8 (see
   * DeltaCorpusTest).
   */
  private static final Map<String, Long> CORRECTED_ROWS = Map.of("basic-dv-no-checkpoint", 8L);

  static Stream<String> tableNames() throws IOException {
    try (Stream<Path> tables = Files.list(Path.of(System.getProperty("lakehouse.corpus"), "tables", "delta"))) {
      return tables.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  private static List<Object> column(MetadataRows rows, String name) {
    int index = rows.schema().getFields().stream().map(Field::getName).toList().indexOf(name);
    return rows.rows().stream().map(row -> row.get(index)).toList();
  }

  /** Rows as written minus rows deleted by deletion vectors: what a scan reads. */
  private static long liveRecords(MetadataRows files) {
    long live = 0;
    for (List<Object> file : files.rows()) {
      live += (Long) file.get(3) - (Long) file.get(8);
    }
    return live;
  }

  /** The commit time of a version of a table without in-commit timestamps: its log file's. */
  private static long fileTimeMicros(String table, long version) throws IOException {
    Path commit = DeltaTestTables.corpusPath(table).resolve("_delta_log").resolve(String.format("%020d.json", version));
    return Files.getLastModifiedTime(commit).toMillis() * 1000;
  }

  /**
   * Every metadata table of every corpus table is either read or refused with a user-facing error;
   * where every file records its row count, the live rows match the count in the corpus manifest.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("tableNames")
  void everyTableIsReadOrRefusedCleanly(String name) {
    DeltaTable table = DeltaTestTables.open(name);
    Map<MetadataTableKind, MetadataRows> read = new EnumMap<>(MetadataTableKind.class);
    for (MetadataTableKind kind : MetadataTableKind.values()) {
      try {
        read.put(kind, table.metadataTable(kind, SnapshotRef.LATEST));
        assertEquals(kind.schema(), read.get(kind).schema());
      } catch (LakeException e) {
        assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
      }
    }
    MetadataRows files = read.get(MetadataTableKind.FILES);
    if (files == null) {
      return;
    }
    Matcher count = LEADING_COUNT.matcher(DeltaTestTables.manifestRows().getOrDefault(name, ""));
    if (count.find() && column(files, "record_count").stream().allMatch(Objects::nonNull)) {
      long expected = CORRECTED_ROWS.getOrDefault(name, Long.parseLong(count.group(1)));
      assertEquals(expected, liveRecords(files), "live rows");
    }
    MetadataRows partitions = read.get(MetadataTableKind.PARTITIONS);
    assertEquals((long) files.rows().size(), column(partitions, "file_count").stream().mapToLong(v -> (Long) v).sum());
  }

  @Test
  void historyOfInsertsAndDeletesAcrossACheckpoint() throws IOException {
    DeltaTable table = DeltaTestTables.open("basic-with-inserts-deletes-checkpoint");
    MetadataRows history = table.metadataTable(MetadataTableKind.HISTORY, SnapshotRef.LATEST);
    assertEquals(LongStream.rangeClosed(0, 13).boxed().toList(), column(history, "version"));
    List<Object> parents = new ArrayList<>(Arrays.asList((Object) null));
    LongStream.rangeClosed(0, 12).forEach(parents::add);
    assertEquals(parents, column(history, "parent"));
    assertEquals(
        List.of("WRITE", "WRITE", "WRITE", "WRITE", "WRITE", "DELETE", "DELETE", "DELETE", "DELETE", "DELETE",
            "WRITE", "WRITE", "WRITE", "DELETE"),
        column(history, "operation"));
    assertEquals(Map.of("mode", "Append", "partitionBy", "[]"), column(history, "operation_parameters").get(0));
    assertEquals(Map.of("predicate", "[\"(id#6991L >= 66)\"]"), column(history, "operation_parameters").get(13));
    for (long version = 0; version <= 13; version++) {
      assertEquals(fileTimeMicros("basic-with-inserts-deletes-checkpoint", version),
          column(history, "committed_at").get((int) version), "version " + version);
    }

    MetadataRows files = table.metadataTable(MetadataTableKind.FILES, SnapshotRef.LATEST);
    assertEquals(41L, liveRecords(files));
    assertEquals(41, DeltaTestTables.countRows(table.snapshot(SnapshotRef.LATEST), 0));

    MetadataRows atFive = table.metadataTable(MetadataTableKind.HISTORY, new SnapshotRef.Version(5));
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), column(atFive, "version"));
    MetadataRows filesAtFive = table.metadataTable(MetadataTableKind.FILES, new SnapshotRef.Version(5));
    assertEquals(DeltaTestTables.countRows(table.snapshot(new SnapshotRef.Version(5)), 0), liveRecords(filesAtFive));
  }

  @Test
  void snapshotsCarryTheOperationMetrics() {
    DeltaTable table = DeltaTestTables.open("dat-basic_append");
    MetadataRows snapshots = table.metadataTable(MetadataTableKind.SNAPSHOTS, SnapshotRef.LATEST);
    assertEquals(List.of(0L, 1L), column(snapshots, "version"));
    assertEquals(List.of("WRITE", "WRITE"), column(snapshots, "operation"));
    assertEquals("3", ((Map<?, ?>) column(snapshots, "summary").get(0)).get("numOutputRows"));
    assertEquals("2", ((Map<?, ?>) column(snapshots, "summary").get(1)).get("numOutputRows"));
    MetadataRows history = table.metadataTable(MetadataTableKind.HISTORY, SnapshotRef.LATEST);
    assertEquals(Map.of("mode", "ErrorIfExists", "partitionBy", "[]"), column(history, "operation_parameters").get(0));
    assertEquals(3L, liveRecords(table.metadataTable(MetadataTableKind.FILES, new SnapshotRef.Version(0))));
    assertEquals(5L, liveRecords(table.metadataTable(MetadataTableKind.FILES, SnapshotRef.LATEST)));
  }

  @Test
  void deletionVectorsShowAsDeletedRowsPerFile() {
    DeltaTable table = DeltaTestTables.open("dv-partitioned-with-checkpoint");
    MetadataRows files = table.metadataTable(MetadataTableKind.FILES, SnapshotRef.LATEST);
    assertEquals(35L, liveRecords(files));
    assertEquals(35, DeltaTestTables.countRows(table.snapshot(SnapshotRef.LATEST), 0));
    assertTrue(column(files, "deleted_rows").stream().anyMatch(rows -> (Long) rows > 0), files.rows().toString());
    assertTrue(column(files, "partition").contains(Map.of("part", "0")), files.rows().toString());
    assertEquals(List.of(0L), column(files, "delete_files").stream().distinct().toList());

    MetadataRows partitions = table.metadataTable(MetadataTableKind.PARTITIONS, SnapshotRef.LATEST);
    long written = column(files, "record_count").stream().mapToLong(v -> (Long) v).sum();
    assertEquals(written, column(partitions, "record_count").stream().mapToLong(v -> (Long) v).sum());

    List<List<Object>> properties = table.metadataTable(MetadataTableKind.PROPERTIES, SnapshotRef.LATEST).rows();
    assertEquals(
        List.of(
            List.of("delta.enableDeletionVectors", "true"),
            List.of("delta.feature.deletionVectors", "supported"),
            List.of("delta.minReaderVersion", "3"),
            List.of("delta.minWriterVersion", "7")),
        properties);
  }

  @Test
  void columnMappingShowsLogicalNamesInStatisticsAndPartitions() {
    MetadataRows files =
        DeltaTestTables.open("dv-with-columnmapping").metadataTable(MetadataTableKind.FILES, SnapshotRef.LATEST);
    assertTrue(column(files, "partition").contains(Map.of("part", "0")), files.rows().toString());
    Map<?, ?> lower = (Map<?, ?>) column(files, "lower_bounds").get(0);
    assertEquals(List.of("col1", "col2"), lower.keySet().stream().map(Object::toString).sorted().toList());
  }

  @Test
  void filesWithoutStatisticsHaveNoCounts() {
    MetadataRows files =
        DeltaTestTables.open("data-reader-nested-struct").metadataTable(MetadataTableKind.FILES, SnapshotRef.LATEST);
    assertEquals(2, files.rows().size());
    for (List<Object> file : files.rows()) {
      assertNull(file.get(3));
      assertNull(file.get(5));
    }
    MetadataRows partitions =
        DeltaTestTables.open("data-reader-nested-struct").metadataTable(MetadataTableKind.PARTITIONS, SnapshotRef.LATEST);
    assertEquals(List.of(Arrays.asList(Map.of(), null, 2L, column(files, "file_size_in_bytes").stream()
        .mapToLong(v -> (Long) v).sum())), partitions.rows());
  }

  @Test
  void aNullPartitionValueIsNull() {
    MetadataRows files =
        DeltaTestTables.open("data-reader-partition-values").metadataTable(MetadataTableKind.FILES, SnapshotRef.LATEST);
    long allNull = column(files, "partition").stream()
        .filter(partition -> ((Map<?, ?>) partition).values().stream().allMatch(Objects::isNull)).count();
    assertEquals(1, allNull);
  }

  @Test
  void anUnknownVersionNamesTheTableAndTheVersionsThatExist() {
    DeltaTable table = DeltaTestTables.open("dat-basic_append");
    assertLakeException(
        LakeException.UNDEFINED_OBJECT,
        () -> table.metadataTable(MetadataTableKind.FILES, new SnapshotRef.Version(7)),
        "'dat-basic_append' has no version 7: versions 0–1 exist");
    LakeException refused = assertThrows(LakeException.class,
        () -> DeltaTestTables.open("deltalog-invalid-protocol-version").metadataTable(MetadataTableKind.HISTORY, SnapshotRef.LATEST));
    assertEquals(LakeException.FEATURE_NOT_SUPPORTED, refused.sqlState());
  }
}
