package io.lakehouse.engine.delta;

import static io.lakehouse.engine.delta.DeltaTestTables.assertLakeException;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.SnapshotRef;
import io.lakehouse.engine.write.DeltaWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table written by Delta Kernel's own writer over three commits, with in-commit timestamps, a
 * partition value that needs escaping and a null partition, read back at each version. (Kernel's
 * writer refuses column mapping and schema changes, so those are covered by the corpus tables.)
 */
class DeltaWrittenTableTest {

  /** Needs escaping in a directory name and a URI: space, slash, percent, colon, non-ASCII. */
  private static final String ODD_PARTITION = "a b/c%d:é";

  private static final StructType SCHEMA =
      new StructType().add("id", LongType.LONG).add("name", StringType.STRING).add("part", StringType.STRING);

  @TempDir static Path dir;
  private static DeltaTable table;
  private static final List<Instant> COMMIT_TIMES = new ArrayList<>();

  @BeforeAll
  static void writeThreeCommits() throws Exception {
    String path = dir.resolve("written").toString();
    DeltaWriter writer = DeltaWriter.builder(path, SCHEMA).partitionedBy("part")
        .property("delta.enableInCommitTimestamps", "true").storage(DeltaTestTables.STORAGE)
        .create(partitionRows("x", 1L, 2L, 3L));
    Thread.sleep(20);
    writer.append(partitionRows(ODD_PARTITION, 4L, 5L));
    Thread.sleep(20);
    writer.append(partitionRows(null, 6L));

    table = DeltaTable.open("written", path, DeltaTestTables.STORAGE);
    for (long version = 0; version <= 2; version++) {
      COMMIT_TIMES.add(table.snapshot(new SnapshotRef.Version(version)).committedAt());
    }
  }

  @Test
  void eachVersionHasItsOwnRows() {
    DeltaSnapshot v0 = table.snapshot(new SnapshotRef.Version(0));
    assertEquals(List.of("id", "name", "part"), names(v0));
    assertEquals(List.of(List.of(1L, "n1", "x"), List.of(2L, "n2", "x"), List.of(3L, "n3", "x")), rows(v0));

    DeltaSnapshot v1 = table.snapshot(new SnapshotRef.Version(1));
    assertEquals(
        List.of(List.of(1L, "n1", "x"), List.of(2L, "n2", "x"), List.of(3L, "n3", "x"),
            List.of(4L, "n4", ODD_PARTITION), List.of(5L, "n5", ODD_PARTITION)),
        rows(v1));

    DeltaSnapshot v2 = table.snapshot(SnapshotRef.LATEST);
    assertEquals(2, v2.version());
    List<List<Object>> latest = rows(v2);
    assertEquals(6, latest.size());
    assertEquals(Arrays.asList(6L, "n6", null), latest.get(5));
    assertEquals(3, DeltaTestTables.planAll(v2).tasks().size());
  }

  @Test
  void timeTravelByInCommitTimestamp() {
    for (int version = 0; version <= 2; version++) {
      Instant committed = COMMIT_TIMES.get(version);
      assertEquals(version, table.snapshot(new SnapshotRef.Timestamp(committed)).version());
      assertEquals(version, table.snapshot(new SnapshotRef.Timestamp(committed.plusNanos(999_999))).version());
    }
    assertEquals(0, table.snapshot(new SnapshotRef.Timestamp(COMMIT_TIMES.get(1).minusMillis(1))).version());
    assertEquals(2, table.snapshot(new SnapshotRef.Timestamp(COMMIT_TIMES.get(2).plusSeconds(86_400))).version());
    assertLakeException(
        LakeException.UNDEFINED_OBJECT,
        () -> table.snapshot(new SnapshotRef.Timestamp(COMMIT_TIMES.get(0).minusMillis(1))),
        "'written'",
        "no version at or before " + COMMIT_TIMES.get(0).minusMillis(1),
        "versions 0–2 exist",
        "committed from " + COMMIT_TIMES.get(0) + " to " + COMMIT_TIMES.get(2));
  }

  private static List<String> names(DeltaSnapshot snapshot) {
    return snapshot.schema().getFields().stream().map(Field::getName).collect(Collectors.toList());
  }

  /** All rows, text as String, ordered by id. */
  private static List<List<Object>> rows(DeltaSnapshot snapshot) {
    int[] all = new int[snapshot.schema().getFields().size()];
    Arrays.setAll(all, i -> i);
    List<List<Object>> rows = new ArrayList<>();
    for (List<Object> row : DeltaTestTables.readRows(snapshot, all)) {
      rows.add(row.stream().map(v -> v == null ? null : v instanceof Number ? v : v.toString())
          .collect(Collectors.toCollection(ArrayList::new)));
    }
    rows.sort(Comparator.comparing(row -> (Long) row.get(0)));
    return rows;
  }

  /** Rows {@code (id, "n" + id, part)} of one partition (null for the null partition). */
  private static List<List<Object>> partitionRows(String part, Long... ids) {
    return Arrays.stream(ids).map(id -> Arrays.<Object>asList(id, "n" + id, part)).toList();
  }
}
