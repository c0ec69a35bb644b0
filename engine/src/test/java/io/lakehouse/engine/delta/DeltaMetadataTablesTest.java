package io.lakehouse.engine.delta;

import static io.lakehouse.engine.delta.DeltaTestTables.assertLakeException;
import static io.lakehouse.engine.table.MetadataColumns.column;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.defaults.internal.data.DefaultColumnarBatch;
import io.delta.kernel.defaults.internal.data.vector.DefaultGenericVector;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.actions.AddFile;
import io.delta.kernel.internal.actions.SingleAction;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.transaction.DataLayoutSpec;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.MetadataColumns;
import io.lakehouse.engine.table.MetadataRows;
import io.lakehouse.engine.table.MetadataTableKind;
import io.lakehouse.engine.table.SnapshotRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata tables of a table written by Delta Kernel's own writer with in-commit timestamps:
 * v0 creates it with (1, 2, 3) in partition x; v1 appends (4, 5) to y; v2 replaces x's file with
 * one holding (1, 2); v3 removes y's file.
 */
class DeltaMetadataTablesTest {

  private static final String ENGINE_INFO = "lakehouse-tests";
  private static final StructType SCHEMA =
      new StructType().add("id", LongType.LONG).add("name", StringType.STRING).add("part", StringType.STRING);

  @TempDir static Path dir;
  private static DeltaTable table;
  /** Per version, the commit time Kernel's writer recorded. */
  private static final List<Long> COMMIT_MILLIS = new ArrayList<>();

  @BeforeAll
  static void writeFourCommits() throws Exception {
    String path = dir.resolve("written").toString();
    Engine engine = DefaultEngine.create(DeltaTestTables.STORAGE.hadoopConf());
    Transaction create =
        TableManager.buildCreateTableTransaction(path, SCHEMA, ENGINE_INFO)
            .withDataLayoutSpec(DataLayoutSpec.partitioned(List.of(new Column("part"))))
            .withTableProperties(Map.of("delta.enableInCommitTimestamps", "true"))
            .build(engine);
    record(engine, commit(engine, create, "x", List.of(1L, 2L, 3L), List.of()));
    record(engine, commit(engine, update(engine, path, Operation.WRITE), "y", List.of(4L, 5L), List.of()));
    record(engine, commit(engine, update(engine, path, Operation.MANUAL_UPDATE), "x", List.of(1L, 2L), removals(engine, path, "x")));
    record(engine, commit(engine, update(engine, path, Operation.MANUAL_UPDATE), null, List.of(), removals(engine, path, "y")));
    // commit times must come from the in-commit timestamps, not from the files' modification times
    try (Stream<Path> log = Files.list(dir.resolve("written").resolve("_delta_log"))) {
      for (Path file : log.toList()) {
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
      }
    }
    table = DeltaTable.open("written", path, DeltaTestTables.STORAGE);
  }

  private static void record(Engine engine, TransactionCommitResult result) throws InterruptedException {
    COMMIT_MILLIS.add(result.getPostCommitSnapshot().orElseThrow().getTimestamp(engine));
    Thread.sleep(5);
  }

  private static Transaction update(Engine engine, String path, Operation operation) {
    return TableManager.loadSnapshot(path).build(engine).buildUpdateTableTransaction(ENGINE_INFO, operation).build(engine);
  }

  /** Remove actions for the live files of one partition. */
  private static List<Row> removals(Engine engine, String path, String part) throws IOException {
    Snapshot snapshot = TableManager.loadSnapshot(path).build(engine);
    List<Row> removes = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> batches = snapshot.getScanBuilder().build().getScanFiles(engine)) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> files = batches.next().getRows()) {
          while (files.hasNext()) {
            Row file = files.next();
            if (part.equals(InternalScanFileUtils.getPartitionValues(file).get("part"))) {
              AddFile add = new AddFile(file.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL));
              removes.add(SingleAction.createRemoveFileSingleAction(
                  add.toRemoveFileRow(true, Optional.of(snapshot.getVersion()))));
            }
          }
        }
      }
    }
    return removes;
  }

  /** Appends rows {@code (id, "n" + id, part)} to one partition, if any, with the removals, and commits. */
  private static TransactionCommitResult commit(Engine engine, Transaction txn, String part, List<Long> ids, List<Row> removes)
      throws IOException {
    List<Row> actions = new ArrayList<>(removes);
    if (!ids.isEmpty()) {
      StructType schema = txn.getSchema(engine);
      List<Object> names = new ArrayList<>();
      List<Object> parts = new ArrayList<>();
      for (Long id : ids) {
        names.add("n" + id);
        parts.add(part);
      }
      ColumnVector[] vectors = {
        DefaultGenericVector.fromList(LongType.LONG, new ArrayList<>(ids)),
        DefaultGenericVector.fromList(StringType.STRING, names),
        DefaultGenericVector.fromList(StringType.STRING, parts)
      };
      DefaultColumnarBatch batch = new DefaultColumnarBatch(ids.size(), schema, vectors);
      Row state = txn.getTransactionState(engine);
      Map<String, Literal> partitionValues = Map.of("part", Literal.ofString(part));
      CloseableIterator<FilteredColumnarBatch> physical =
          Transaction.transformLogicalData(
              engine, state, Utils.singletonCloseableIterator(new FilteredColumnarBatch(batch, Optional.empty())),
              partitionValues);
      DataWriteContext context = Transaction.getWriteContext(engine, state, partitionValues);
      CloseableIterator<DataFileStatus> files =
          engine.getParquetHandler().writeParquetFiles(context.getTargetDirectory(), physical, context.getStatisticsColumns());
      try (CloseableIterator<Row> appends = Transaction.generateAppendActions(engine, state, files, context)) {
        actions.addAll(appends.toInMemoryList());
      }
    }
    return txn.commit(engine, CloseableIterable.inMemoryIterable(Utils.toCloseableIterator(actions.iterator())));
  }

  private static MetadataRows rows(MetadataTableKind kind, SnapshotRef ref) {
    return MetadataColumns.rows(table, kind, ref);
  }

  private static long sum(MetadataRows rows, String name) {
    return column(rows, name).stream().mapToLong(v -> (Long) v).sum();
  }

  @Test
  void historyHasEveryCommitWithItsInCommitTimestampAndOperation() {
    MetadataRows history = rows(MetadataTableKind.HISTORY, SnapshotRef.LATEST);
    assertEquals(List.of(0L, 1L, 2L, 3L), column(history, "version"));
    assertEquals(Arrays.asList(null, 0L, 1L, 2L), column(history, "parent"));
    assertEquals(COMMIT_MILLIS.stream().map(millis -> millis * 1000).toList(), column(history, "committed_at"));
    assertEquals(
        List.of(Operation.CREATE_TABLE.getDescription(), Operation.WRITE.getDescription(),
            Operation.MANUAL_UPDATE.getDescription(), Operation.MANUAL_UPDATE.getDescription()),
        column(history, "operation"));
    assertEquals(List.of(true, true, true, true), column(history, "is_current_ancestor"));
    for (int version = 0; version < 4; version++) {
      Instant committed = table.snapshot(new SnapshotRef.Version(version)).committedAt();
      assertEquals(committed.toEpochMilli() * 1000, column(history, "committed_at").get(version));
    }
  }

  @Test
  void historyAndSnapshotsAsOfAnOlderVersionOrPointInTimeStopThere() {
    assertEquals(List.of(0L, 1L), column(rows(MetadataTableKind.HISTORY, new SnapshotRef.Version(1)), "version"));
    Instant second = Instant.ofEpochMilli(COMMIT_MILLIS.get(2));
    assertEquals(List.of(0L, 1L, 2L), column(rows(MetadataTableKind.HISTORY, new SnapshotRef.Timestamp(second)), "version"));
    MetadataRows snapshots = rows(MetadataTableKind.SNAPSHOTS, new SnapshotRef.Version(2));
    assertEquals(List.of(0L, 1L, 2L), column(snapshots, "version"));
    assertEquals(Arrays.asList(null, null, null), column(snapshots, "manifest_list"));
  }

  @Test
  void filesOfEachVersionWithPartitionsAndStatistics() {
    MetadataRows first = rows(MetadataTableKind.FILES, new SnapshotRef.Version(1));
    assertEquals(List.of(Map.of("part", "x"), Map.of("part", "y")), sortedByPartition(column(first, "partition")));
    assertEquals(5L, sum(first, "record_count"));
    assertEquals(5, DeltaTestTables.countRows(table.snapshot(new SnapshotRef.Version(1)), 0));
    int x = column(first, "partition").indexOf(Map.of("part", "x"));
    List<Object> fileX = first.rows().get(x);
    assertEquals("PARQUET", fileX.get(1));
    assertEquals(3L, fileX.get(3));
    assertEquals(Map.of("id", 0L, "name", 0L), fileX.get(5));
    assertEquals(Map.of("id", "1", "name", "n1"), fileX.get(6));
    assertEquals(Map.of("id", "3", "name", "n3"), fileX.get(7));
    assertEquals(0L, fileX.get(8));
    assertEquals(0L, fileX.get(9));
    assertTrue(((String) fileX.get(0)).startsWith("file:" + dir.resolve("written").toAbsolutePath() + "/part=x/"), (String) fileX.get(0));

    MetadataRows latest = rows(MetadataTableKind.FILES, SnapshotRef.LATEST);
    assertEquals(List.of(Map.of("part", "x")), column(latest, "partition"));
    assertEquals(List.of(2L), column(latest, "record_count"));
    assertEquals(2, DeltaTestTables.countRows(table.snapshot(SnapshotRef.LATEST), 0));
  }

  private static List<Object> sortedByPartition(List<Object> partitions) {
    return partitions.stream().sorted(Comparator.comparing(Object::toString)).toList();
  }

  @Test
  void partitionsSumTheirFiles() {
    MetadataRows partitions = rows(MetadataTableKind.PARTITIONS, new SnapshotRef.Version(2));
    assertEquals(List.of(Map.of("part", "x"), Map.of("part", "y")), column(partitions, "partition"));
    assertEquals(List.of(2L, 2L), column(partitions, "record_count"));
    assertEquals(List.of(1L, 1L), column(partitions, "file_count"));
    assertEquals(sum(rows(MetadataTableKind.FILES, new SnapshotRef.Version(2)), "file_size_in_bytes"),
        sum(partitions, "total_size_in_bytes"));
  }

  @Test
  void propertiesHoldTheConfigurationAndTheProtocol() {
    List<List<Object>> properties = rows(MetadataTableKind.PROPERTIES, SnapshotRef.LATEST).rows();
    assertTrue(properties.contains(List.of("delta.enableInCommitTimestamps", "true")), properties.toString());
    assertTrue(properties.contains(List.of("delta.feature.inCommitTimestamp", "supported")), properties.toString());
    assertTrue(properties.contains(List.of("delta.minWriterVersion", "7")), properties.toString());
    assertTrue(properties.stream().anyMatch(row -> row.get(0).equals("delta.minReaderVersion")), properties.toString());
  }

  @Test
  void deltaTablesHaveNoRefs() {
    assertEquals(List.of(), rows(MetadataTableKind.REFS, SnapshotRef.LATEST).rows());
  }

  @Test
  void anUnknownVersionOrANamedRefIsTheSameErrorAsForReading() {
    assertLakeException(
        LakeException.UNDEFINED_OBJECT,
        () -> table.metadataTable(MetadataTableKind.HISTORY, new SnapshotRef.Version(9)),
        "'written' has no version 9: versions 0–3 exist");
    assertLakeException(
        LakeException.FEATURE_NOT_SUPPORTED,
        () -> table.metadataTable(MetadataTableKind.FILES, new SnapshotRef.Named("dev")),
        "'written'", "Delta tables have no tags or branches");
  }
}
