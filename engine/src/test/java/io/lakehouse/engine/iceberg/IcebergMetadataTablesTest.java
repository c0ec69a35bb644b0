package io.lakehouse.engine.iceberg;

import static io.lakehouse.engine.table.MetadataColumns.column;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.MetadataColumns;
import io.lakehouse.engine.table.MetadataRows;
import io.lakehouse.engine.table.MetadataTableKind;
import io.lakehouse.engine.table.SnapshotRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata tables of a table written with the Iceberg API, on main, a tag and a branch.
 *
 * <p>History of main: s1 appends files A (x: 1, 2) and B (y: 3) and is tagged v1; s2 appends C (x:
 * 4, 5, 6); branch dev forks at s2 and gets D (z: 7); s3 overwrites B with E (y: 8, 9); s4 deletes
 * A; s5 deletes row 0 of C by position.
 */
class IcebergMetadataTablesTest {

  private static final long DAY_MS = 86_400_000L;

  @TempDir static Path dir;

  private static Table written;
  private static long s1;
  private static long s2;
  private static long s3;
  private static long s4;
  private static long s5;
  private static long devHead;
  private static IcebergTable table;

  @BeforeAll
  static void writeHistory() throws InterruptedException {
    Schema schema = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "category", Types.StringType.get()));
    written = TestTables.create(dir, schema, PartitionSpec.builderFor(schema).identity("category").build(), 2);
    TestTables.append(written,
        List.of(TestTables.record(schema, 1L, "x"), TestTables.record(schema, 2L, "x")),
        List.of(TestTables.record(schema, 3L, "y")));
    s1 = written.currentSnapshot().snapshotId();
    written.manageSnapshots().createTag("v1", s1).setMaxRefAgeMs("v1", DAY_MS).commit();
    pause();
    DataFile c = TestTables.append(written,
        List.of(TestTables.record(schema, 4L, "x"), TestTables.record(schema, 5L, "x"), TestTables.record(schema, 6L, "x"))).get(0);
    s2 = written.currentSnapshot().snapshotId();
    written.manageSnapshots().createBranch("dev", s2).setMinSnapshotsToKeep("dev", 3).setMaxSnapshotAgeMs("dev", DAY_MS).commit();
    written.newAppend().appendFile(TestTables.writeData(written, List.of(TestTables.record(schema, 7L, "z")))).toBranch("dev").commit();
    devHead = written.refs().get("dev").snapshotId();
    pause();
    DataFile b = fileWith(3L);
    written.newOverwrite().deleteFile(b)
        .addFile(TestTables.writeData(written, List.of(TestTables.record(schema, 8L, "y"), TestTables.record(schema, 9L, "y"))))
        .commit();
    s3 = written.currentSnapshot().snapshotId();
    pause();
    written.newDelete().deleteFile(fileWith(1L)).commit();
    s4 = written.currentSnapshot().snapshotId();
    pause();
    written.newRowDelta().addDeletes(TestTables.writePositionDeletes(written, c, 0)).commit();
    s5 = written.currentSnapshot().snapshotId();
    written.updateProperties().set("comment", "metadata tables").commit();
    table = IcebergTable.open("history", dir.toString(), Corpus.STORAGE, false);
  }

  /** Snapshot timestamps have millisecond precision; keep commits apart. */
  private static void pause() throws InterruptedException {
    Thread.sleep(20);
  }

  /** The live data file of main whose lower bound of id is {@code id}. */
  private static DataFile fileWith(long id) {
    for (var task : written.newScan().includeColumnStats().planFiles()) {
      Long lower = org.apache.iceberg.types.Conversions.fromByteBuffer(Types.LongType.get(), task.file().lowerBounds().get(1));
      if (lower == id) {
        return task.file();
      }
    }
    throw new AssertionError("no file starts at id " + id);
  }

  private static MetadataRows rows(MetadataTableKind kind, SnapshotRef ref) {
    return MetadataColumns.rows(table, kind, ref);
  }

  private static long micros(long snapshotId) {
    return written.snapshot(snapshotId).timestampMillis() * 1000;
  }

  @Test
  void historyListsMainsCommitsWithParentsOperationsAndSummaries() {
    MetadataRows history = rows(MetadataTableKind.HISTORY, SnapshotRef.LATEST);
    assertEquals(List.of(s1, s2, s3, s4, s5), column(history, "version"));
    assertEquals(Arrays.asList(null, s1, s2, s3, s4), column(history, "parent"));
    assertEquals(List.of(micros(s1), micros(s2), micros(s3), micros(s4), micros(s5)), column(history, "committed_at"));
    assertEquals(List.of("append", "append", "overwrite", "delete", "delete"), column(history, "operation"));
    assertEquals(List.of(true, true, true, true, true), column(history, "is_current_ancestor"));
    Map<?, ?> firstSummary = (Map<?, ?>) column(history, "operation_parameters").get(0);
    assertEquals("2", firstSummary.get("added-data-files"));
    assertEquals("3", firstSummary.get("total-records"));
  }

  @Test
  void historyAsOfAnOlderSnapshotStopsThere() {
    assertEquals(List.of(s1, s2, s3), column(rows(MetadataTableKind.HISTORY, new SnapshotRef.Version(s3)), "version"));
    assertEquals(List.of(s1), column(rows(MetadataTableKind.HISTORY, new SnapshotRef.Named("v1")), "version"));
    MetadataRows dev = rows(MetadataTableKind.HISTORY, new SnapshotRef.Named("dev"));
    assertEquals(List.of(s1, s2), column(dev, "version"));
    assertEquals(List.of(true, true), column(dev, "is_current_ancestor"));
  }

  @Test
  void snapshotsIncludeTheBranchesCommitsWithTheirManifestLists() {
    MetadataRows snapshots = rows(MetadataTableKind.SNAPSHOTS, SnapshotRef.LATEST);
    assertEquals(List.of(s1, s2, devHead, s3, s4, s5), column(snapshots, "version"));
    assertEquals(Arrays.asList(null, s1, s2, s2, s3, s4), column(snapshots, "parent"));
    assertEquals(List.of("append", "append", "append", "overwrite", "delete", "delete"), column(snapshots, "operation"));
    for (Snapshot snapshot : written.snapshots()) {
      int row = column(snapshots, "version").indexOf(snapshot.snapshotId());
      assertEquals(snapshot.manifestListLocation(), column(snapshots, "manifest_list").get(row));
      assertEquals(snapshot.summary(), column(snapshots, "summary").get(row));
    }
    assertEquals(List.of(s1, s2, devHead), column(rows(MetadataTableKind.SNAPSHOTS, new SnapshotRef.Named("dev")), "version"));
  }

  @Test
  void filesOfTheLatestSnapshotCarryPartitionsMetricsAndDeleteFiles() {
    MetadataRows files = rows(MetadataTableKind.FILES, SnapshotRef.LATEST);
    assertEquals(2, files.rows().size());
    int c = column(files, "record_count").indexOf(3L);
    int e = column(files, "record_count").indexOf(2L);
    List<Object> fileC = files.rows().get(c);
    assertEquals("PARQUET", fileC.get(1));
    assertEquals(Map.of("category", "x"), fileC.get(2));
    assertEquals(Map.of("id", 0L, "category", 0L), fileC.get(5));
    assertEquals(Map.of("id", "4", "category", "x"), fileC.get(6));
    assertEquals(Map.of("id", "6", "category", "x"), fileC.get(7));
    assertNull(fileC.get(8));
    assertEquals(1L, fileC.get(9));
    assertEquals(Map.of("category", "y"), files.rows().get(e).get(2));
    assertEquals(0L, files.rows().get(e).get(9));
    for (Object path : column(files, "path")) {
      assertTrue(Files.exists(Path.of(((String) path).replaceFirst("^file:", ""))), (String) path);
    }
    // the position delete of s5 is applied by a scan, not by the record counts
    assertEquals(5L, column(files, "record_count").stream().mapToLong(v -> (Long) v).sum());
    assertEquals(4, Rows.count(table.snapshot(SnapshotRef.LATEST)));
  }

  @Test
  void filesAsOfATagOrBranchAreThatSnapshotsFiles() {
    MetadataRows tagged = rows(MetadataTableKind.FILES, new SnapshotRef.Named("v1"));
    assertEquals(List.of(Map.of("id", "1", "category", "x"), Map.of("id", "3", "category", "y")),
        column(tagged, "lower_bounds").stream().sorted(Comparator.comparing(Object::toString)).toList());
    MetadataRows dev = rows(MetadataTableKind.FILES, new SnapshotRef.Named("dev"));
    assertEquals(4, dev.rows().size());
    assertEquals(Rows.count(table.snapshot(new SnapshotRef.Named("dev"))),
        column(dev, "record_count").stream().mapToLong(v -> (Long) v).sum());
    MetadataRows beforeTheDelete = rows(MetadataTableKind.FILES, new SnapshotRef.Version(s4));
    assertEquals(List.of(0L, 0L), column(beforeTheDelete, "delete_files"));
    assertEquals(Rows.count(table.snapshot(new SnapshotRef.Version(s4))),
        column(beforeTheDelete, "record_count").stream().mapToLong(v -> (Long) v).sum());
  }

  @Test
  void partitionsSumTheirFiles() {
    MetadataRows partitions = rows(MetadataTableKind.PARTITIONS, new SnapshotRef.Named("dev"));
    assertEquals(
        List.of(Map.of("category", "x"), Map.of("category", "y"), Map.of("category", "z")),
        column(partitions, "partition"));
    assertEquals(List.of(5L, 1L, 1L), column(partitions, "record_count"));
    assertEquals(List.of(2L, 1L, 1L), column(partitions, "file_count"));
    MetadataRows files = rows(MetadataTableKind.FILES, new SnapshotRef.Named("dev"));
    long size = column(files, "file_size_in_bytes").stream().mapToLong(v -> (Long) v).sum();
    assertEquals(size, column(partitions, "total_size_in_bytes").stream().mapToLong(v -> (Long) v).sum());
  }

  @Test
  void refsListTagsAndBranchesWithTheirRetention() {
    MetadataRows refs = rows(MetadataTableKind.REFS, SnapshotRef.LATEST);
    assertEquals(
        List.of(
            Arrays.asList("dev", "BRANCH", devHead, null, 3, DAY_MS),
            Arrays.asList("main", "BRANCH", s5, null, null, null),
            Arrays.asList("v1", "TAG", s1, DAY_MS, null, null)),
        refs.rows());
  }

  @Test
  void propertiesIncludeTheFormatVersion() {
    MetadataRows properties = rows(MetadataTableKind.PROPERTIES, SnapshotRef.LATEST);
    assertTrue(properties.rows().contains(List.of("comment", "metadata tables")), properties.rows().toString());
    assertTrue(properties.rows().contains(List.of("format-version", "2")), properties.rows().toString());
  }

  @Test
  void anUnknownSnapshotOrRefIsTheSameErrorAsForReading() {
    LakeException e = assertThrows(LakeException.class, () -> table.metadataTable(MetadataTableKind.FILES, new SnapshotRef.Version(42)));
    assertEquals(LakeException.UNDEFINED_OBJECT, e.sqlState());
    assertTrue(e.getMessage().contains("'history' has no snapshot 42"), e.getMessage());
    assertTrue(e.getMessage().contains(Long.toString(s5)), e.getMessage());
    LakeException ref = assertThrows(LakeException.class, () -> table.metadataTable(MetadataTableKind.HISTORY, new SnapshotRef.Named("nope")));
    assertEquals(LakeException.UNDEFINED_OBJECT, ref.sqlState());
    assertTrue(ref.getMessage().contains("no tag or branch 'nope'; it has dev (branch), main (branch), v1 (tag)"), ref.getMessage());
  }

  @Test
  void aTableWithoutSnapshotsHasNoHistoryOrFilesButHasProperties(@TempDir Path empty) {
    Schema schema = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
    TestTables.create(empty, schema, PartitionSpec.unpartitioned(), 2);
    IcebergTable emptyTable = IcebergTable.open("empty", empty.toString(), Corpus.STORAGE, false);
    for (MetadataTableKind kind : List.of(MetadataTableKind.HISTORY, MetadataTableKind.SNAPSHOTS, MetadataTableKind.FILES,
        MetadataTableKind.PARTITIONS, MetadataTableKind.REFS)) {
      assertEquals(List.of(), emptyTable.metadataTable(kind, SnapshotRef.LATEST).rows(), kind.suffix());
    }
    assertNotNull(emptyTable.metadataTable(MetadataTableKind.PROPERTIES, SnapshotRef.LATEST).rows()
        .stream().filter(row -> row.get(0).equals("format-version")).findFirst().orElse(null));
  }
}
