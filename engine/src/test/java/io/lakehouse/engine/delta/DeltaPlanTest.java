package io.lakehouse.engine.delta;

import static io.lakehouse.engine.delta.DeltaTestTables.indexOf;
import static io.lakehouse.engine.delta.DeltaTestTables.latest;
import static io.lakehouse.engine.delta.DeltaTestTables.planAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.parquet.ColumnSpec;
import io.lakehouse.engine.table.ColumnMetadata;
import io.lakehouse.engine.table.ScanPlan;
import io.lakehouse.engine.table.ScanRequest;
import io.lakehouse.engine.table.ScanTask;
import io.lakehouse.engine.table.SnapshotRef;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scan planning: one task per live file, readable paths, partition constants and column specs. */
class DeltaPlanTest {

  @Test
  void oneTaskPerLiveFile() {
    // 20 files written, one deleted by a later DELETE, one added: see the log
    ScanPlan plan = planAll(latest("table-with-dv-large"));
    assertEquals(22, plan.tasks().size());
    assertEquals(22, plan.filesInSnapshot());
    assertEquals(0, planAll(latest("deltalog-getChanges")).tasks().size());
  }

  @Test
  void pathsAreDecodedAndReadable() throws IOException {
    // the log holds "test%25file%25prefix-..."; the files are named "test%file%prefix-..."
    for (String name : List.of("v2-checkpoints-json-with-sidecars", "v2-checkpoints-parquet-with-sidecars")) {
      ScanPlan plan = planAll(latest(name));
      assertEquals(101, plan.tasks().size());
      for (ScanTask task : plan.tasks()) {
        assertTrue(task.path().contains("/test%file%prefix-part-"), task.path());
        assertEquals(task.sizeInBytes(), DeltaTestTables.STORAGE.parquetInput(task.path()).getLength());
      }
    }
    // partition directories escaped by the writer ("%2F", "%20", "%3A") and emoji
    for (String name : List.of("delta-0.8.0-special-partition", "dat-multi_partitioned", "deltaMixCharsName",
        "data-reader-partition-values", "data-reader-escaped-chars")) {
      for (ScanTask task : planAll(latest(name)).tasks()) {
        assertEquals(task.sizeInBytes(), DeltaTestTables.STORAGE.parquetInput(task.path()).getLength(), task.path());
      }
    }
  }

  @Test
  void partitionValuesOfEveryPrimitiveType() {
    DeltaSnapshot snapshot = latest("data-reader-partition-values");
    int value = indexOf(snapshot, "value");
    ScanPlan plan = planAll(snapshot);
    List<List<Object>> constants = new ArrayList<>();
    for (ScanTask task : plan.tasks()) {
      List<ColumnSpec> columns = ((DeltaScanTask) task).columns();
      assertFalse(columns.get(value).isConstant());
      constants.add(Arrays.asList(columns.subList(0, 12).stream().map(ColumnSpec::constant).toArray()));
      assertTrue(columns.subList(0, 12).stream().allMatch(ColumnSpec::isConstant));
    }
    // the values the writer recorded in partitionValues, as Arrow physical values; timestamps in UTC
    long micros = 1_631_099_471_000_000L; // 2021-09-08T11:11:11Z
    int days = (int) LocalDate.parse("2021-09-08").toEpochDay();
    Set<List<Object>> expected = new HashSet<>();
    expected.add(
        Arrays.asList(0, 0L, (byte) 0, (short) 0, true, 0.0f, 0.0, "0", "null", days, micros, new BigDecimal("0")));
    expected.add(
        Arrays.asList(1, 1L, (byte) 1, (short) 1, false, 1.0f, 1.0, "1", "null", days, micros, new BigDecimal("1")));
    expected.add(Arrays.asList(null, null, null, null, null, null, null, null, null, null, null, null));
    assertEquals(expected, new HashSet<>(constants));
  }

  @Test
  void escapedAndUnicodePartitionValues() {
    assertEquals(Set.of("A/A", "B B"), constants("delta-0.8.0-special-partition", "x"));
    assertEquals(Set.of("a b+c", "a?b%c", "a=b"), constants("deltaMixCharsName", "c1+c2/c3"));
    Set<Object> letters = constants("dat-multi_partitioned", "letter");
    assertTrue(letters.contains("/%20%f"), letters::toString);
    Set<String> data = new TreeSet<>();
    for (Object bytes : constants("dat-multi_partitioned", "data")) {
      data.add(new String((byte[]) bytes, StandardCharsets.UTF_8));
    }
    assertEquals(Set.of("hello", "😈"), data);
  }

  @Test
  void nullPartitionValues() {
    Set<Object> letters = constants("dat-basic_partitioned", "letter");
    assertTrue(letters.contains(null));
    assertTrue(constants("delta-0.8.0-null-partition", "k").contains(null));
  }

  @Test
  void timestampPartitionValues() {
    // "2020-01-01 08:09:10.001" read as UTC
    assertTrue(constants("kernel-timestamp-pst", "part").contains(1_577_866_150_001_000L));
    // timestamp_ntz "2013-07-05 17:01:00.123456", a wall-clock time
    assertTrue(constants("data-reader-timestamp_ntz", "tsNtzPartition").contains(1_373_043_660_123_456L));
    assertTrue(constants("data-reader-timestamp_ntz-id-mode", "tsNtzPartition").contains(1_373_043_660_123_456L));
  }

  @Test
  void columnMappedPartitionValuesAreFoundByPhysicalName() {
    // partitionValues are keyed by the physical name "col-60c949ca-..." under column mapping
    Set<Object> parts = constants("dv-with-columnmapping", "part");
    assertEquals(new TreeSet<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)), new TreeSet<>(parts));
    // the logical column "newid" was renamed from the physical "id"
    assertTrue(constants("table_with_partitioning_mapping", "newid").contains(2));
  }

  @Test
  void dataColumnsCarryTheirPhysicalNames() {
    DeltaSnapshot snapshot = latest("table-with-columnmapping-mode-name");
    ScanTask task = planAll(snapshot).tasks().get(0);
    ColumnSpec first = ((DeltaScanTask) task).columns().get(0);
    assertFalse(first.isConstant());
    assertEquals("ByteType", first.field().getName());
    assertEquals("col-363f6bf7-76d9-42ca-9a0b-ad043e4776db", ColumnMetadata.physicalName(first.field()));
  }

  @Test
  void projectionSelectsAndOrdersColumns() {
    DeltaSnapshot snapshot = latest("data-reader-partition-values");
    int value = indexOf(snapshot, "value");
    int asInt = indexOf(snapshot, "as_int");
    ScanPlan plan = snapshot.plan(new ScanRequest(new int[] {value, asInt}));
    List<ColumnSpec> columns = ((DeltaScanTask) plan.tasks().get(0)).columns();
    assertEquals(List.of("value", "as_int"), columns.stream().map(c -> c.field().getName()).toList());
    assertFalse(columns.get(0).isConstant());
    assertTrue(columns.get(1).isConstant());
    ScanPlan noColumns = snapshot.plan(new ScanRequest(new int[0]));
    assertEquals(3, noColumns.tasks().size());
    assertTrue(((DeltaScanTask) noColumns.tasks().get(0)).columns().isEmpty());
  }

  @Test
  void deletionVectorsAreAttachedToTheirFiles() {
    ScanPlan plan = planAll(latest("with-short-dv"));
    int withDv = 0;
    for (ScanTask task : plan.tasks()) {
      DeltaScanTask delta = (DeltaScanTask) task;
      if (delta.deletionVector() != null) {
        withDv++;
        assertEquals("u", delta.deletionVector().getStorageType());
        assertEquals(3, delta.deletionVector().getCardinality());
        assertTrue(task.path().endsWith("part-00000-8029f411-746c-41c1-a0c1-c5eb867c5d05-c000.snappy.parquet"));
      }
    }
    assertEquals(1, withDv);
  }

  @Test
  void deletionVectorsLoadFromFilesAndInline(@TempDir Path dir) throws IOException {
    // file-based: "DELETE WHERE id < 2" in commit 1 removed rows 0 and 1 of the first file
    DeltaScanTask fileDv = onlyTaskWithDeletionVector(latest("basic-dv-no-checkpoint"));
    assertArrayEquals(new long[] {0, 1}, fileDv.loadDeletedPositions());

    // inline: version 3 of cdf-table-with-dv holds an inline deletion vector of cardinality 4
    DeltaSnapshot v3 = DeltaTestTables.open("cdf-table-with-dv").snapshot(new SnapshotRef.Version(3));
    DeltaScanTask inline = onlyTaskWithDeletionVector(v3);
    assertEquals("i", inline.deletionVector().getStorageType());
    assertEquals(4, inline.loadDeletedPositions().length);

    // deletion vectors at offsets inside shared files (a copy without Delta's test-only file prefix)
    DeltaTable large = DeltaTestTables.copyWithoutTestDvPrefix("table-with-dv-large", dir);
    for (ScanTask task : planAll(large.snapshot(SnapshotRef.LATEST)).tasks()) {
      DeltaScanTask delta = (DeltaScanTask) task;
      if (delta.deletionVector() != null) {
        assertEquals(delta.deletionVector().getCardinality(), delta.loadDeletedPositions().length);
      }
    }
  }

  @Test
  void knownKernelLimitationPathsAreNotCanonicalized() {
    // The log adds "/some/unqualified/with%20space/p@%23h" and removes the same file as
    // "file:/some/...". Delta Spark treats them as one file and finds none; Kernel 4.4 keeps the add.
    // Reading the table then fails on the missing file, rather than returning wrong rows.
    ScanPlan plan = planAll(latest("canonicalized-paths-special-a"));
    assertEquals(1, plan.tasks().size());
    assertEquals("file:/some/unqualified/with space/p@#h", plan.tasks().get(0).path());
  }

  private static DeltaScanTask onlyTaskWithDeletionVector(DeltaSnapshot snapshot) {
    List<DeltaScanTask> tasks = new ArrayList<>();
    for (ScanTask task : planAll(snapshot).tasks()) {
      if (((DeltaScanTask) task).deletionVector() != null) {
        tasks.add((DeltaScanTask) task);
      }
    }
    assertEquals(1, tasks.size());
    return tasks.get(0);
  }

  /** The distinct constants of one partition column over the files of a table's latest snapshot. */
  private static Set<Object> constants(String table, String column) {
    DeltaSnapshot snapshot = latest(table);
    int index = indexOf(snapshot, column);
    Set<Object> values = new HashSet<>();
    for (ScanTask task : snapshot.plan(new ScanRequest(new int[] {index})).tasks()) {
      ColumnSpec spec = ((DeltaScanTask) task).columns().get(0);
      assertTrue(spec.isConstant(), column + " is not a partition column");
      values.add(spec.constant());
    }
    return values;
  }
}
