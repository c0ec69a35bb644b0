package io.lakehouse.engine.delta;

import static io.lakehouse.engine.delta.DeltaTestTables.assertLakeException;
import static io.lakehouse.engine.delta.DeltaTestTables.corpusPath;
import static io.lakehouse.engine.delta.DeltaTestTables.open;
import static io.lakehouse.engine.delta.DeltaTestTables.planAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.SnapshotRef;
import io.lakehouse.engine.table.TableFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening Delta tables, resolving snapshots by version, and the errors for tables that cannot be read. */
class DeltaTableTest {

  @Test
  void opensByPathAndByFileUri() {
    Path root = corpusPath("basic-with-inserts-deletes-checkpoint");
    DeltaTable byPath = DeltaTable.open("t", root.toString(), DeltaTestTables.STORAGE);
    DeltaTable byUri = DeltaTable.open("t", root.toUri().toString(), DeltaTestTables.STORAGE);

    assertEquals(TableFormat.DELTA, byPath.format());
    assertEquals("t", byPath.name());
    assertEquals("file:" + root.toAbsolutePath().normalize(), byPath.location());
    assertEquals(byPath.location(), byUri.location());
    assertEquals(13, byPath.snapshot(SnapshotRef.LATEST).version());
    assertEquals(13, byUri.snapshot(SnapshotRef.LATEST).version());
  }

  @Test
  void locationIsAnEncodedUri(@TempDir Path dir) throws Exception {
    Path root = Files.createDirectories(dir.resolve("my table %"));
    DeltaTable table = DeltaTable.open("t", root.toString(), DeltaTestTables.STORAGE);
    assertEquals("file:" + dir.toAbsolutePath() + "/my%20table%20%25", table.location());
  }

  @Test
  void resolvesEachVersionWithItsOwnFiles() {
    DeltaTable table = open("time-travel-start-start20-start40");
    // each commit appended 10 rows in 2 files (see the commits in _delta_log)
    for (long version = 0; version <= 2; version++) {
      DeltaSnapshot snapshot = table.snapshot(new SnapshotRef.Version(version));
      assertEquals(version, snapshot.version());
      assertEquals(2 * (version + 1), planAll(snapshot).tasks().size());
      assertEquals(2 * (version + 1), planAll(snapshot).filesInSnapshot());
    }
  }

  @Test
  void unknownVersionNamesTheVersionsThatExist() {
    DeltaTable table = open("time-travel-start-start20-start40");
    assertLakeException(
        LakeException.UNDEFINED_OBJECT,
        () -> table.snapshot(new SnapshotRef.Version(3)),
        "'time-travel-start-start20-start40'",
        "no version 3",
        "versions 0–2 exist");
    assertLakeException(
        LakeException.UNDEFINED_OBJECT,
        () -> table.snapshot(new SnapshotRef.Version(-1)),
        "no version -1",
        "versions 0–2 exist");
  }

  @Test
  void versionsWhoseCommitsWereCleanedUpAreGone(@TempDir Path dir) throws Exception {
    // a copy of a table with a checkpoint at version 10 whose older commits were cleaned up, as log
    // retention does
    Path root = dir.resolve("t");
    DeltaTestTables.copyTree(corpusPath("basic-with-inserts-deletes-checkpoint"), root);
    for (int version = 0; version < 10; version++) {
      Files.delete(root.resolve("_delta_log").resolve(String.format("%020d.json", version)));
    }
    DeltaTable table = DeltaTable.open("cleaned", root.toString(), DeltaTestTables.STORAGE);
    assertEquals(10, table.snapshot(new SnapshotRef.Version(10)).version());
    assertEquals(13, table.snapshot(SnapshotRef.LATEST).version());
    assertLakeException(
        LakeException.UNDEFINED_OBJECT,
        () -> table.snapshot(new SnapshotRef.Version(9)),
        "'cleaned'",
        "no version 9",
        "versions 10–13 exist");
  }

  @Test
  void namedReferencesDoNotExistInDelta() {
    DeltaTable table = open("time-travel-start-start20-start40");
    assertLakeException(
        LakeException.FEATURE_NOT_SUPPORTED,
        () -> table.snapshot(new SnapshotRef.Named("main")),
        "'time-travel-start-start20-start40'",
        "ref 'main'",
        "no tags or branches");
  }

  @Test
  void timestampAfterTheLatestCommitReadsTheLatestVersion() {
    DeltaTable table = open("time-travel-start-start20-start40");
    DeltaSnapshot latest = table.snapshot(SnapshotRef.LATEST);
    DeltaSnapshot later = table.snapshot(new SnapshotRef.Timestamp(latest.committedAt().plusSeconds(3600)));
    assertEquals(2, later.version());
    assertEquals(2, table.snapshot(new SnapshotRef.Timestamp(latest.committedAt())).version());
  }

  @Test
  void timestampBeforeTheFirstCommitNamesTheRange() {
    DeltaTable table = open("time-travel-start-start20-start40");
    Instant first = table.snapshot(new SnapshotRef.Version(0)).committedAt();
    assertLakeException(
        LakeException.UNDEFINED_OBJECT,
        () -> table.snapshot(new SnapshotRef.Timestamp(Instant.parse("2001-01-01T00:00:00Z"))),
        "'time-travel-start-start20-start40'",
        "no version at or before 2001-01-01T00:00:00Z",
        "versions 0–2 exist",
        "committed from " + first);
  }

  @Test
  void aDirectoryWithoutDeltaLogIsNotADeltaTable(@TempDir Path dir) {
    DeltaTable table = DeltaTable.open("empty", dir.toString(), DeltaTestTables.STORAGE);
    assertLakeException(
        LakeException.UNDEFINED_OBJECT,
        () -> table.snapshot(SnapshotRef.LATEST),
        "'empty'",
        "is not a Delta table",
        "_delta_log");
    DeltaTable missing = DeltaTable.open("missing", dir.resolve("nope").toString(), DeltaTestTables.STORAGE);
    assertLakeException(
        LakeException.UNDEFINED_OBJECT, () -> missing.snapshot(SnapshotRef.LATEST), "'missing'", "not a Delta table");
    assertLakeException(
        LakeException.UNDEFINED_OBJECT,
        () -> missing.snapshot(new SnapshotRef.Version(0)),
        "'missing'",
        "not a Delta table");
  }

  @Test
  void snapshotsAreBoundToTheirTable() {
    DeltaTable table = open("basic-with-inserts-merge");
    assertSame(table, table.snapshot(SnapshotRef.LATEST).table());
  }
}
