package io.lakehouse.engine.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.LakeSnapshot;
import io.lakehouse.engine.table.SnapshotRef;
import io.lakehouse.engine.write.IcebergWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time travel on a table written with the Iceberg API: snapshot ids, points in time, tags and
 * branches, each read with the schema Iceberg reads it with; and the errors for what does not
 * exist.
 *
 * <p>History: s1 appends (1,a), (2,b) and is tagged v1; column score is added; s2 appends
 * (3,c,30); branch dev forks at s2 and gets (4,d,40); s3 on main deletes (1,a) by position.
 */
class IcebergTimeTravelTest {

  @TempDir static Path dir;

  private static long s1;
  private static long s2;
  private static long s3;
  private static long devHead;
  private static IcebergTable table;

  @BeforeAll
  static void writeHistory() throws InterruptedException {
    Schema schema = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "name", Types.StringType.get()));
    IcebergWriter writer = IcebergWriter.builder(dir.toString(), schema).storage(Corpus.STORAGE).create();
    s1 = writer.append(List.of(List.of(1L, "a"), List.of(2L, "b")));
    writer.tag("v1", s1);
    pause();
    writer.evolveSchema(update -> update.addColumn("score", Types.IntegerType.get()));
    s2 = writer.append(List.of(List.of(3L, "c", 30)));
    writer.branch("dev", s2);
    devHead = writer.append("dev", List.of(List.of(4L, "d", 40)));
    pause();
    // a position delete of (1,a), row 0 of the first file
    s3 = writer.deleteWhere(Expressions.equal("id", 1L));
    table = IcebergTable.open("history", dir.toString(), Corpus.STORAGE, false);
  }

  /** Snapshot timestamps have millisecond precision; keep commits apart. */
  private static void pause() throws InterruptedException {
    Thread.sleep(20);
  }

  private static Instant committedAt(long snapshotId) {
    return ((IcebergSnapshot) table.snapshot(new SnapshotRef.Version(snapshotId))).committedAt().orElseThrow();
  }

  private static List<String> names(LakeSnapshot snapshot) {
    return snapshot.schema().getFields().stream().map(Field::getName).toList();
  }

  private static List<String> rows(LakeSnapshot snapshot) {
    List<String> rows = new ArrayList<>(Rows.texts(Rows.readAll(snapshot), "|"));
    rows.sort(null);
    return rows;
  }

  @Test
  void latestReadsTheCurrentSnapshotOfMain() {
    LakeSnapshot latest = table.snapshot(SnapshotRef.LATEST);
    assertEquals(s3, latest.version());
    assertEquals(List.of("id", "name", "score"), names(latest));
    assertEquals(List.of("2|b|NULL", "3|c|30"), rows(latest));
  }

  @Test
  void aSnapshotIdReadsThatSnapshotWithItsOwnSchema() {
    LakeSnapshot first = table.snapshot(new SnapshotRef.Version(s1));
    assertEquals(List.of("id", "name"), names(first));
    assertEquals(List.of("1|a", "2|b"), rows(first));
    LakeSnapshot second = table.snapshot(new SnapshotRef.Version(s2));
    assertEquals(List.of("1|a|NULL", "2|b|NULL", "3|c|30"), rows(second));
  }

  @Test
  void aPointInTimeReadsTheLatestSnapshotCommittedAtOrBeforeIt() {
    Instant first = committedAt(s1);
    Instant second = committedAt(s2);
    assertEquals(s1, table.snapshot(new SnapshotRef.Timestamp(first)).version());
    assertEquals(s1, table.snapshot(new SnapshotRef.Timestamp(second.minusMillis(1))).version());
    assertEquals(s2, table.snapshot(new SnapshotRef.Timestamp(second)).version());
    assertEquals(List.of("id", "name"), names(table.snapshot(new SnapshotRef.Timestamp(first.plusNanos(999_999)))));
    assertEquals(s3, table.snapshot(new SnapshotRef.Timestamp(Instant.parse("2999-01-01T00:00:00Z"))).version());
  }

  @Test
  void aPointBeforeTheFirstSnapshotIsAnErrorNamingTheFirstCommit() {
    Instant first = committedAt(s1);
    LakeException e = assertThrows(LakeException.class, () -> table.snapshot(new SnapshotRef.Timestamp(first.minusMillis(1))));
    assertEquals(LakeException.UNDEFINED_OBJECT, e.sqlState());
    assertTrue(e.getMessage().contains("'history'"), e.getMessage());
    assertTrue(e.getMessage().contains("first snapshot (" + s1 + ") was committed at " + first), e.getMessage());
  }

  @Test
  void aTagReadsItsSnapshotWithThatSnapshotsSchema() {
    LakeSnapshot tagged = table.snapshot(new SnapshotRef.Named("v1"));
    assertEquals(s1, tagged.version());
    assertEquals(List.of("id", "name"), names(tagged));
    assertEquals(List.of("1|a", "2|b"), rows(tagged));
  }

  @Test
  void aBranchReadsItsHeadWithTheTableSchema() {
    LakeSnapshot dev = table.snapshot(new SnapshotRef.Named("dev"));
    assertEquals(devHead, dev.version());
    assertEquals(List.of("1|a|NULL", "2|b|NULL", "3|c|30", "4|d|40"), rows(dev));
    assertEquals(s3, table.snapshot(new SnapshotRef.Named("main")).version());
  }

  @Test
  void anUnknownSnapshotIdIsAnErrorListingTheSnapshots() {
    LakeException e = assertThrows(LakeException.class, () -> table.snapshot(new SnapshotRef.Version(42)));
    assertEquals(LakeException.UNDEFINED_OBJECT, e.sqlState());
    assertTrue(e.getMessage().contains("'history' has no snapshot 42"), e.getMessage());
    for (long id : new long[] {s1, s2, s3, devHead}) {
      assertTrue(e.getMessage().contains(Long.toString(id)), e.getMessage());
    }
  }

  @Test
  void anUnknownRefIsAnErrorListingTagsAndBranches() {
    LakeException e = assertThrows(LakeException.class, () -> table.snapshot(new SnapshotRef.Named("nope")));
    assertEquals(LakeException.UNDEFINED_OBJECT, e.sqlState());
    assertTrue(e.getMessage().contains("no tag or branch 'nope'; it has dev (branch), main (branch), v1 (tag)"), e.getMessage());
  }

  @Test
  void timeTravelWorksOnAMovedTableWhenRelocated(@TempDir Path elsewhere) throws Exception {
    Path moved = elsewhere.resolve("moved");
    copy(dir, moved);
    IcebergTable relocated = IcebergTable.open("moved", moved.toString(), Corpus.STORAGE, true);
    assertEquals(List.of("1|a", "2|b"), rows(relocated.snapshot(new SnapshotRef.Named("v1"))));
    assertEquals(List.of("2|b|NULL", "3|c|30"), rows(relocated.snapshot(SnapshotRef.LATEST)));
  }

  static void copy(Path from, Path to) throws Exception {
    try (var files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Files.copy(source, to.resolve(from.relativize(source).toString()));
      }
    }
  }
}
