package io.lakehouse.engine.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.MetadataRows;
import io.lakehouse.engine.table.MetadataTableKind;
import io.lakehouse.engine.table.SnapshotRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The metadata tables of the Iceberg corpus, checked against what the writers recorded: the
 * snapshot counts of the corpus manifest, the totals in each current snapshot's summary, and the
 * snapshot ids and summaries of two tables' metadata files.
 */
class IcebergCorpusMetadataTablesTest {

  private static final Pattern SNAPSHOT_COUNT = Pattern.compile("(\\d+) snapshots");

  /**
   * Snapshot counts that differ from the manifest's, which counts the metadata file the version
   * hint names: here v3 and v4 were written after the hint's v2, and the newest is read, as
   * Iceberg's own Hadoop tables do.
   */
  private static final Map<String, Integer> NEWER_THAN_HINT = Map.of("dremio_partitionednation", 3);

  /** Impala's test table lists a second copy of its data file in the manifest but not in the summary. */
  private static final Set<String> SUMMARY_DISAGREES_WITH_MANIFEST = Set.of("iceberg_v2_null_delete_record");

  /** Per corpus Iceberg table, the number of snapshots its metadata holds, from the corpus manifest. */
  static Stream<Map.Entry<String, Integer>> snapshotCounts() throws IOException {
    Path manifest = Path.of(System.getProperty("lakehouse.corpus"), "tables", "MANIFEST.json");
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (JsonNode table : new ObjectMapper().readTree(manifest.toFile())) {
      Matcher count = SNAPSHOT_COUNT.matcher(table.get("auto").asText());
      if (table.get("format").asText().equalsIgnoreCase("iceberg") && count.find()) {
        String name = table.get("name").asText();
        counts.put(name, NEWER_THAN_HINT.getOrDefault(name, Integer.parseInt(count.group(1))));
      }
    }
    return counts.entrySet().stream();
  }

  private static List<Object> column(MetadataRows rows, String name) {
    int index = rows.schema().getFields().stream().map(Field::getName).toList().indexOf(name);
    return rows.rows().stream().map(row -> row.get(index)).toList();
  }

  private static long sum(MetadataRows rows, String name) {
    return column(rows, name).stream().mapToLong(v -> (Long) v).sum();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("snapshotCounts")
  void countsMatchWhatTheWriterRecorded(Map.Entry<String, Integer> table) {
    IcebergTable opened = Corpus.open(table.getKey());
    MetadataRows snapshots = opened.metadataTable(MetadataTableKind.SNAPSHOTS, SnapshotRef.LATEST);
    assertEquals(table.getValue(), snapshots.rows().size(), "snapshots");
    long current = opened.snapshot(SnapshotRef.LATEST).version();
    if (current < 0) {
      assertEquals(List.of(), opened.metadataTable(MetadataTableKind.FILES, SnapshotRef.LATEST).rows());
      return;
    }
    MetadataRows history = opened.metadataTable(MetadataTableKind.HISTORY, SnapshotRef.LATEST);
    assertEquals(current, column(history, "version").get(history.rows().size() - 1), "last history entry");
    Map<?, ?> summary = (Map<?, ?>) column(snapshots, "summary").get(column(snapshots, "version").indexOf(current));
    MetadataRows files = opened.metadataTable(MetadataTableKind.FILES, SnapshotRef.LATEST);
    MetadataRows partitions = opened.metadataTable(MetadataTableKind.PARTITIONS, SnapshotRef.LATEST);
    boolean summaryHolds = !SUMMARY_DISAGREES_WITH_MANIFEST.contains(table.getKey());
    if (summaryHolds && summary.containsKey("total-data-files")) {
      assertEquals(Long.parseLong((String) summary.get("total-data-files")), files.rows().size(), "data files");
    }
    if (summaryHolds && summary.containsKey("total-records")) {
      assertEquals(Long.parseLong((String) summary.get("total-records")), sum(files, "record_count"), "records");
      assertEquals(Long.parseLong((String) summary.get("total-records")), sum(partitions, "record_count"), "records");
    }
    assertEquals(files.rows().size(), sum(partitions, "file_count"));
    assertEquals(sum(files, "file_size_in_bytes"), sum(partitions, "total_size_in_bytes"));
  }

  @Test
  void positionalDeletesShowAsADeleteFileOfTheDataFile() {
    IcebergTable table = Corpus.open("iceberg_v2_delete_positional");
    MetadataRows history = table.metadataTable(MetadataTableKind.HISTORY, SnapshotRef.LATEST);
    assertEquals(List.of(6816997371555012807L, 5725822353600261755L), column(history, "version"));
    assertEquals(Arrays.asList(null, 6816997371555012807L), column(history, "parent"));
    assertEquals(List.of(1649071501670_000L, 1649071557501_000L), column(history, "committed_at"));
    assertEquals(List.of("append", "overwrite"), column(history, "operation"));
    assertEquals("1", ((Map<?, ?>) column(history, "operation_parameters").get(1)).get("added-position-deletes"));

    MetadataRows files = table.metadataTable(MetadataTableKind.FILES, SnapshotRef.LATEST);
    assertEquals(List.of(3L), column(files, "record_count"));
    assertEquals(List.of(662L), column(files, "file_size_in_bytes"));
    assertEquals(List.of(1L), column(files, "delete_files"));
    assertEquals(2, Rows.count(table.snapshot(SnapshotRef.LATEST)));
    MetadataRows before = table.metadataTable(MetadataTableKind.FILES, new SnapshotRef.Version(6816997371555012807L));
    assertEquals(List.of(0L), column(before, "delete_files"));
    assertEquals(3, Rows.count(table.snapshot(new SnapshotRef.Version(6816997371555012807L))));

    MetadataRows properties = table.metadataTable(MetadataTableKind.PROPERTIES, SnapshotRef.LATEST);
    assertEquals(
        List.of(List.of("format-version", "2"), List.of("owner", "tamasmate"), List.of("write.delete.mode", "merge-on-read")),
        properties.rows());
    assertEquals(
        List.of(Arrays.asList("main", "BRANCH", 5725822353600261755L, null, null, null)),
        table.metadataTable(MetadataTableKind.REFS, SnapshotRef.LATEST).rows());
  }

  @Test
  void aVersionedTableShowsEachSnapshotsFiles() {
    IcebergTable table = Corpus.open("glaredb_lineitem_versioned_v1");
    long first = 7891046191617315941L;
    long second = 5059858397763322359L;
    MetadataRows snapshots = table.metadataTable(MetadataTableKind.SNAPSHOTS, SnapshotRef.LATEST);
    assertEquals(List.of(first, second), column(snapshots, "version"));
    assertEquals(List.of("append", "append"), column(snapshots, "operation"));
    assertTrue(((String) column(snapshots, "manifest_list").get(1)).endsWith(
        "snap-5059858397763322359-1-4e566a81-8be3-455d-a275-e116c633931e.avro"));

    assertEquals(List.of(first), column(table.metadataTable(MetadataTableKind.HISTORY, new SnapshotRef.Version(first)), "version"));
    assertEquals(List.of(first), column(table.metadataTable(MetadataTableKind.SNAPSHOTS, new SnapshotRef.Version(first)), "version"));
    MetadataRows firstFiles = table.metadataTable(MetadataTableKind.FILES, new SnapshotRef.Version(first));
    assertEquals(List.of(1000L), column(firstFiles, "record_count"));
    assertEquals(1000, Rows.count(table.snapshot(new SnapshotRef.Version(first))));
    MetadataRows latestFiles = table.metadataTable(MetadataTableKind.FILES, SnapshotRef.LATEST);
    assertEquals(List.of(1000L, 1000L), column(latestFiles, "record_count"));
    assertEquals(2000, Rows.count(table.snapshot(SnapshotRef.LATEST)));
    assertEquals(List.of("PARQUET", "PARQUET"), column(latestFiles, "format"));
    assertEquals(List.of(Map.of(), Map.of()), column(latestFiles, "partition"));
    Map<?, ?> nullCounts = (Map<?, ?>) column(latestFiles, "null_counts").get(0);
    assertEquals(0L, nullCounts.get("l_orderkey"));
    Map<?, ?> lower = (Map<?, ?>) column(latestFiles, "lower_bounds").get(0);
    assertEquals("A", lower.get("l_returnflag"));
    assertEquals("1992-01-24", lower.get("l_shipdate"));
  }

  @Test
  void anExpiredSnapshotStaysInTheHistoryAsAnAncestorWithoutItsDetails() {
    MetadataRows history =
        Corpus.open("iceberg_v2_null_delete_record").metadataTable(MetadataTableKind.HISTORY, SnapshotRef.LATEST);
    assertEquals(Arrays.asList(1905028041526857588L, null, 1712662151105_000L, null, null, true), history.rows().get(0));
    assertEquals(List.of(1905028041526857588L, 5852039568708655222L), column(history, "version"));
    assertEquals(1905028041526857588L, column(history, "parent").get(1));
  }

  @Test
  void partitionValuesAreShownAsIcebergShowsThemInPaths() {
    MetadataRows partitions = Corpus.open("iceberg_timestamptz_part").metadataTable(MetadataTableKind.PARTITIONS, SnapshotRef.LATEST);
    assertTrue(column(partitions, "partition").contains(Map.of("ts_hour", "2021-01-10-11")), partitions.rows().toString());
    assertEquals(7L, sum(partitions, "record_count"));
  }

  @Test
  void anUnknownVersionOfACorpusTableNamesTheTableAndItsSnapshots() {
    IcebergTable table = Corpus.open("glaredb_lineitem_versioned_v1");
    LakeException e = assertThrows(
        LakeException.class, () -> table.metadataTable(MetadataTableKind.SNAPSHOTS, new SnapshotRef.Version(1)));
    assertEquals(LakeException.UNDEFINED_OBJECT, e.sqlState());
    assertTrue(e.getMessage().contains("'glaredb_lineitem_versioned_v1' has no snapshot 1"), e.getMessage());
    assertTrue(e.getMessage().contains("7891046191617315941"), e.getMessage());
  }
}
