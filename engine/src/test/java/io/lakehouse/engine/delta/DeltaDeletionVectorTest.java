package io.lakehouse.engine.delta;

import static io.lakehouse.engine.delta.DeltaTestTables.assertLakeException;
import static io.lakehouse.engine.delta.DeltaTestTables.column;
import static io.lakehouse.engine.delta.DeltaTestTables.countRows;
import static io.lakehouse.engine.delta.DeltaTestTables.latest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.Memory;
import io.lakehouse.engine.table.RowBatch;
import io.lakehouse.engine.table.ScanContext;
import io.lakehouse.engine.table.ScanTask;
import io.lakehouse.engine.table.SnapshotRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.iceberg.io.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deletion vectors applied as the batch selection: stored in files (relative and with a random
 * prefix), at offsets inside shared files, and inline in the log. Expected rows come from the
 * writers: the DELETE predicates in the commits and the record counts and cardinalities in the log.
 */
class DeltaDeletionVectorTest {

  @Test
  void basicDeletionVector() {
    // commit 1: DELETE WHERE id < 2 over ids 0-9
    DeltaSnapshot snapshot = latest("basic-dv-no-checkpoint");
    assertEquals(LongStream.range(2, 10).boxed().toList(), sortedLongs(column(snapshot, "id")));
    assertEquals(8, countRows(snapshot));
  }

  @Test
  void shortDeletionVectorFile() {
    // the first file (ids 0-4) has a deletion vector of cardinality 3 removing rows 0, 1 and 2
    DeltaSnapshot snapshot = latest("with-short-dv");
    assertEquals(LongStream.range(3, 10).boxed().toList(), sortedLongs(column(snapshot, "id")));
    long written = 1_685_559_513_633_000L; // 2023-05-31T18:58:33.633Z
    assertEquals(List.of(written), column(snapshot, "timestamp").stream().distinct().toList());
  }

  @Test
  void deletionVectorsWithCheckpointAndColumnMapping() {
    // numRecords minus deletion vector cardinality over the live files
    assertEquals(454, countRows(latest("basic-dv-with-checkpoint"), 0));
    assertEquals(35, countRows(latest("dv-partitioned-with-checkpoint"), 0, 1));
    assertEquals(35, countRows(latest("dv-with-columnmapping"), 0, 1));
  }

  @Test
  void largeDeletionVectorsInSharedFiles(@TempDir Path dir) throws IOException {
    DeltaTable table = DeltaTestTables.copyWithoutTestDvPrefix("table-with-dv-large", dir);
    DeltaSnapshot snapshot = table.snapshot(SnapshotRef.LATEST);
    assertEquals(1993, countRows(snapshot, 0));
    assertEquals(1993, countRows(snapshot));

    DeltaTable partitioned = DeltaTestTables.copyWithoutTestDvPrefix("partitioned-table-with-dv-large", dir);
    assertEquals(1990, countRows(partitioned.snapshot(SnapshotRef.LATEST), 0, 1));
  }

  @Test
  void inlineDeletionVectorsAtEachVersion() {
    // versions 1 and 2 hold a file deletion vector, versions 3 and 4 inline ones (storageType "i")
    DeltaTable table = DeltaTestTables.open("cdf-table-with-dv");
    List<Long> counts = new ArrayList<>();
    for (long version : List.of(0L, 1L, 2L, 3L, 4L, 6L)) {
      counts.add(countRows(table.snapshot(new SnapshotRef.Version(version)), 0));
    }
    assertEquals(List.of(10L, 8L, 10L, 6L, 8L, 10L), counts);
  }

  @Test
  void deletionVectorsThatRemoveRowsPastTheEndAreRefused() {
    // Version 5's inline vector "...5c8Xg##093" has a last Base85 block above 2^32, which Delta's
    // codec cannot produce. Kernel decodes it as row 28168 of a 10-row file; applying that would
    // silently keep the row its writer meant to delete.
    DeltaSnapshot v5 = DeltaTestTables.open("cdf-table-with-dv").snapshot(new SnapshotRef.Version(5));
    assertLakeException(
        LakeException.DATA_EXCEPTION,
        () -> countRows(v5, 0),
        "'cdf-table-with-dv' (version 5)",
        "inline deletion vector",
        "removes row 28168 but the file has 10 rows",
        "corrupt");
  }

  @Test
  void deletedRowsAreLeftOutOfTheSelectionOnly() {
    // the same file read with and without its deletion vector: the live rows are a subset
    DeltaSnapshot withDv = latest("basic-dv-no-checkpoint");
    DeltaSnapshot before = DeltaTestTables.open("basic-dv-no-checkpoint").snapshot(new SnapshotRef.Version(0));
    TreeSet<Long> all = new TreeSet<>(sortedLongs(column(before, "id")));
    TreeSet<Long> live = new TreeSet<>(sortedLongs(column(withDv, "id")));
    assertEquals(10, all.size());
    assertTrue(all.containsAll(live));
    all.removeAll(live);
    assertEquals(List.of(0L, 1L), new ArrayList<>(all));
  }

  @Test
  void closingATaskEarlyReleasesItsMemory() throws IOException {
    DeltaSnapshot snapshot = latest("dv-partitioned-with-checkpoint");
    try (BufferAllocator allocator = Memory.newRootAllocator(1L << 28)) {
      for (ScanTask task : DeltaTestTables.planAll(snapshot).tasks()) {
        try (CloseableIterator<RowBatch> batches = task.open(new ScanContext(allocator, 1))) {
          try (RowBatch first = batches.next()) {
            assertTrue(first.rowCount() <= 1);
          }
        }
      }
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }

  private static List<Long> sortedLongs(List<Object> values) {
    return values.stream().map(v -> ((Number) v).longValue()).sorted().collect(Collectors.toList());
  }
}
