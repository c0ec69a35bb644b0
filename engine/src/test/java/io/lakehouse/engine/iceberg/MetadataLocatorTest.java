package io.lakehouse.engine.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.SnapshotRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Finding the current metadata file despite the version-hint habits of different writers. */
class MetadataLocatorTest {

  private static final Schema SCHEMA = new Schema(Types.NestedField.optional(1, "id", Types.LongType.get()));

  private static String current(Path root) {
    String location = new MetadataLocator("t", root.toString(), Corpus.STORAGE.fileIO()).currentMetadataLocation();
    return location.substring(location.lastIndexOf('/') + 1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "iceberg_v3_deletion_vectors, v3.metadata.json", // empty version-hint.text
    "uuid, 00001-43fda1f4-1c96-4376-ad16-91beb71d0759.metadata.json", // hint holds a file-name prefix
    "iceberg_v2_no_deletes, v2.metadata.json", // Impala's version-hint.txt
    "iceberg_lineitem_multiblock, v3.metadata.json", // version-hint.txt
    "iceberg_alltypes_part, v2.metadata.json", // no hint: the highest vN
    "partition_time, 00001-44546aa6-1ee5-48c5-9e3b-bc6c0bc0a60c.metadata.json", // catalog-style names
    "merch_v1_upgraded_v3, 00004-v3-upgraded-v1-null-counts.metadata.json",
    "name_mapping_t1, v7.metadata.json", // v3.1, v4.1 ... are not versions
    "iceberg_v2_equality_delete_schema_evolution, v6.metadata.json", // stray .avro_tmp
    "iceberg_column_case_sensitivity_issue, v3.metadata.json", // only v3 is present
  })
  void findsTheCurrentMetadataOfCorpusTables(String table, String expected) {
    assertEquals(expected, current(Corpus.root(table)));
  }

  @Test
  void readsTheSnapshotTheHintNames() {
    // uuid's hint names 00001-..., whose snapshot is 3974286791591741252
    assertEquals(3974286791591741252L, Corpus.latest("uuid").version());
    assertEquals(3685752423136077685L, Corpus.latest("iceberg_v3_deletion_vectors").version());
  }

  private static Table tableWithThreeCommits(Path dir) {
    Table table = TestTables.create(dir, SCHEMA, PartitionSpec.unpartitioned(), 2);
    for (long i = 0; i < 3; i++) {
      TestTables.append(table, List.of(TestTables.record(SCHEMA, i)));
    }
    return table;
  }

  @Test
  void movesPastAHintThatLagsBehindTheLatestMetadata(@TempDir Path dir) throws IOException {
    Table written = tableWithThreeCommits(dir);
    Files.writeString(dir.resolve("metadata/version-hint.text"), "2");
    assertEquals("v4.metadata.json", current(dir));
    IcebergTable table = IcebergTable.open("t", dir.toString(), Corpus.STORAGE, false);
    assertEquals(written.currentSnapshot().snapshotId(), table.snapshot(SnapshotRef.LATEST).version());
    assertEquals(3, Rows.count(table.snapshot(SnapshotRef.LATEST)));
  }

  @Test
  void seesNewCommitsOnTheNextResolution(@TempDir Path dir) {
    Table written = tableWithThreeCommits(dir);
    IcebergTable table = IcebergTable.open("t", dir.toString(), Corpus.STORAGE, false);
    assertEquals(3, Rows.count(table.snapshot(SnapshotRef.LATEST)));
    TestTables.append(written, List.of(TestTables.record(SCHEMA, 3L)));
    assertEquals(4, Rows.count(table.snapshot(SnapshotRef.LATEST)));
  }

  @Test
  void followsAHintWithoutListingTheMetadataDirectory(@TempDir Path dir) throws IOException {
    tableWithThreeCommits(dir);
    Files.writeString(dir.resolve("metadata/version-hint.text"), "2");
    ListingCounter io = new ListingCounter();
    assertEquals("v4.metadata.json", current(dir, io));
    assertEquals("00001-43fda1f4-1c96-4376-ad16-91beb71d0759.metadata.json", current(Corpus.root("uuid"), io));
    assertEquals(0, io.listings.get(), "listings with a usable hint");
    assertEquals("v2.metadata.json", current(Corpus.root("iceberg_alltypes_part"), io));
    assertEquals(1, io.listings.get(), "listings without a hint");
  }

  private static String current(Path root, FileIO io) {
    String location = new MetadataLocator("t", root.toString(), io).currentMetadataLocation();
    return location.substring(location.lastIndexOf('/') + 1);
  }

  /** The corpus storage's file IO, counting the directory listings asked of it. */
  private static final class ListingCounter implements FileIO, SupportsPrefixOperations {
    private final FileIO io = Corpus.STORAGE.fileIO();
    final AtomicInteger listings = new AtomicInteger();

    @Override
    public InputFile newInputFile(String path) {
      return io.newInputFile(path);
    }

    @Override
    public OutputFile newOutputFile(String path) {
      throw new UnsupportedOperationException("read-only");
    }

    @Override
    public void deleteFile(String path) {
      throw new UnsupportedOperationException("read-only");
    }

    @Override
    public Iterable<FileInfo> listPrefix(String prefix) {
      listings.incrementAndGet();
      return ((SupportsPrefixOperations) io).listPrefix(prefix);
    }

    @Override
    public void deletePrefix(String prefix) {
      throw new UnsupportedOperationException("read-only");
    }
  }

  @Test
  void refusesAHintNamingAMissingVersion(@TempDir Path dir) throws IOException {
    tableWithThreeCommits(dir);
    Files.writeString(dir.resolve("metadata/version-hint.text"), "9\n");
    LakeException e = assertThrows(LakeException.class, () -> IcebergTable.open("t", dir.toString(), Corpus.STORAGE, false));
    assertEquals(LakeException.INVALID_TABLE, e.sqlState());
    assertTrue(e.getMessage().contains("'t'") && e.getMessage().contains("v9.metadata.json"), e.getMessage());
  }

  @Test
  void refusesAHintPrefixMatchingSeveralFiles(@TempDir Path dir) throws IOException {
    tableWithThreeCommits(dir);
    Files.writeString(dir.resolve("metadata/version-hint.text"), "v");
    LakeException e = assertThrows(LakeException.class, () -> current(dir));
    assertTrue(e.getMessage().contains("'v' matches 4 metadata files"), e.getMessage());
  }

  @Test
  void refusesADirectoryWithoutMetadata(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("metadata"));
    Files.writeString(dir.resolve("metadata/notes.txt"), "not a table");
    LakeException e = assertThrows(LakeException.class, () -> IcebergTable.open("t", dir.toString(), Corpus.STORAGE, true));
    assertEquals(LakeException.UNDEFINED_OBJECT, e.sqlState());
    assertTrue(e.getMessage().contains("'t' is not an Iceberg table"), e.getMessage());
  }

  @Test
  void refusesADirectoryWithoutAMetadataDirectory(@TempDir Path dir) {
    LakeException e = assertThrows(LakeException.class, () -> IcebergTable.open("t", dir.toString(), Corpus.STORAGE, true));
    assertEquals(LakeException.UNDEFINED_OBJECT, e.sqlState());
    assertTrue(e.getMessage().contains("there is no directory"), e.getMessage());
  }

  @Test
  void acceptsAFileUriAsTheLocation() {
    IcebergTable table = IcebergTable.open("uuid", Corpus.root("uuid").toUri().toString(), Corpus.STORAGE, true);
    assertEquals(Corpus.root("uuid").toUri().toString(), table.location());
    assertEquals(10, Rows.count(table.snapshot(SnapshotRef.LATEST)));
  }
}
