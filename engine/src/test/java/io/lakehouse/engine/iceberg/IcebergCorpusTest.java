package io.lakehouse.engine.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.LakeSnapshot;
import io.lakehouse.engine.table.ScanRequest;
import io.lakehouse.engine.table.SnapshotRef;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Iceberg table of the corpus, relocated, reads with the number of live rows its writers'
 * engines report, or fails with the error a reader that cannot read it must give.
 *
 * <p>Where a count comes from: "impala" and "duckdb" are the corpus's expected query files;
 * "readme" is the table's source README; "total" is the snapshot's total-records for tables
 * without deletes; "iceberg" is iceberg-data's generic reader over the same files (for delete
 * tables whose expected files do not give a count); "files" is worked out from the data and delete
 * files, listed in the comment, where Iceberg's generic reader cannot read the table.
 */
class IcebergCorpusTest {

  private static final Map<String, Long> LIVE_ROWS =
      Map.ofEntries(
          Map.entry("add_columns_with_defaults", 3L), // duckdb
          Map.entry("dremio_multi_rowgroup_orders_with_deletes", 7225L), // iceberg
          Map.entry("dremio_nation_v1_spark2019", 25L), // total
          Map.entry("dremio_partitionednation", 27L), // iceberg (the summary's 25 misses 2 files)
          Map.entry("dremio_products_with_eq_deletes", 450L), // readme
          Map.entry("dremio_table_with_delete", 594L), // 600 rows, 6 deleted positions (expected listing)
          Map.entry("equality_deletes_mytable", 2L), // duckdb
          Map.entry("equality_deletes_mytable_partitioned", 3L), // duckdb
          Map.entry("glaredb_cities_pyiceberg", 4L), // total
          Map.entry("glaredb_lineitem_partitioned_v2", 1000L), // total
          Map.entry("glaredb_lineitem_versioned_v1", 2000L), // total
          Map.entry("hive_partitioned_table", 6L), // duckdb
          Map.entry("iceberg_alltypes_part", 2L), // impala
          Map.entry("iceberg_column_case_sensitivity_issue", 2L), // impala
          Map.entry("iceberg_legacy_partition_schema_evolution", 2L), // impala
          Map.entry("iceberg_lineitem_multiblock", 17886L), // impala
          Map.entry("iceberg_migrated_complex_test", 1L), // impala
          Map.entry("iceberg_non_partitioned", 20L), // impala
          Map.entry("iceberg_partitioned", 20L), // total
          Map.entry("iceberg_spark_compaction_with_dangling_delete", 4L), // iceberg (the delete dangles)
          Map.entry("iceberg_timestamptz_part", 7L), // total
          Map.entry("iceberg_uppercase_col", 0L), // impala (no snapshot)
          Map.entry("iceberg_v1_legacy_manifests", 3L), // duckdb
          // files: (1,str1) deleted by position, (2,str2) by equality; (3,str3), (2,str2_updated) live
          Map.entry("iceberg_v2_delete_both_eq_and_pos", 2L),
          Map.entry("iceberg_v2_delete_equality", 2L), // iceberg
          Map.entry("iceberg_v2_delete_equality_multi_eq_ids", 5L), // iceberg
          Map.entry("iceberg_v2_delete_equality_nulls", 3L), // iceberg
          Map.entry("iceberg_v2_delete_equality_partition_evolution", 2L), // iceberg
          Map.entry("iceberg_v2_delete_equality_partitioned", 6L), // iceberg
          Map.entry("iceberg_v2_delete_positional", 2L), // impala
          Map.entry("iceberg_v2_equality_delete_schema_evolution", 3L), // iceberg
          Map.entry("iceberg_v2_no_deletes", 3L), // impala
          // files: 2 x 4 rows; positions 0 and 1 of the first file deleted, records without a path ignored
          Map.entry("iceberg_v2_null_delete_record", 6L),
          Map.entry("iceberg_v2_partitioned_position_deletes", 10L), // impala
          Map.entry("iceberg_v2_positional_delete_all_rows", 0L), // impala
          Map.entry("iceberg_v2_positional_not_all_data_files_have_delete_files", 6L), // impala
          Map.entry("iceberg_v2_positional_update_all_rows", 3L), // impala
          Map.entry("iceberg_v3_all_types", 2L), // total
          Map.entry("iceberg_v3_default_value", 2L), // total
          Map.entry("iceberg_v3_deletion_vectors", 3L), // impala
          Map.entry("iceberg_v3_row_lineage", 3L), // impala
          Map.entry("iceberg_with_puffin_stats", 2L), // total
          Map.entry("lineitem_iceberg", 51793L), // readme
          Map.entry("merch_v1_upgraded_v3", 4L), // duckdb
          Map.entry("name_mapping_t1", 10000L), // duckdb
          Map.entry("null_stats", 9L), // duckdb
          Map.entry("partition_binary", 2L), // duckdb
          Map.entry("partition_decimal_hugeint", 15L), // duckdb
          Map.entry("partition_time", 2L), // duckdb
          Map.entry("partition_timestamptz", 2L), // duckdb
          Map.entry("test_default_part", 5L), // total
          Map.entry("trino_variant", 55L), // total (counted without the variant column)
          Map.entry("uuid", 10L)); // duckdb

  /** Tables that cannot be read at all, and the feature named in the error. */
  private static final Map<String, String> UNREADABLE = Map.of("iceberg_mixed_file_format_test", "ORC");

  /** Columns that cannot be read, left out of the all-columns read, and the feature named in the error. */
  private static final Map<String, Map<String, String>> UNREADABLE_COLUMNS =
      Map.of("trino_variant", Map.of("v", "variant"));

  static Set<String> countedTables() {
    return new TreeSet<>(LIVE_ROWS.keySet());
  }

  @Test
  void everyCorpusTableIsCovered() {
    Set<String> covered = new HashSet<>(LIVE_ROWS.keySet());
    covered.addAll(UNREADABLE.keySet());
    assertEquals(new TreeSet<>(Corpus.tableNames()), new TreeSet<>(covered));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("countedTables")
  void countsLiveRows(String table) {
    assertEquals(LIVE_ROWS.get(table), Rows.count(Corpus.latest(table)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("countedTables")
  void readsEveryReadableColumn(String table) {
    LakeSnapshot snapshot = Corpus.latest(table);
    Map<String, String> unreadable = UNREADABLE_COLUMNS.getOrDefault(table, Map.of());
    int[] readable =
        IntStream.range(0, snapshot.schema().getFields().size())
            .filter(i -> !unreadable.containsKey(snapshot.schema().getFields().get(i).getName()))
            .toArray();
    var rows = Rows.read(snapshot, readable);
    assertEquals(LIVE_ROWS.get(table), rows.size());
    rows.forEach(row -> assertEquals(readable.length, row.size()));
    for (Map.Entry<String, String> column : unreadable.entrySet()) {
      int index = columnIndex(snapshot, column.getKey());
      LakeException e = assertThrows(LakeException.class, () -> Rows.read(snapshot, index));
      assertTrue(e.getMessage().contains(column.getValue()), e.getMessage());
    }
  }

  @Test
  void refusesOrcDataFilesNamingTableAndFile() {
    LakeSnapshot snapshot = Corpus.latest("iceberg_mixed_file_format_test");
    assertEquals(4, snapshot.plan(ScanRequest.allColumns(3)).filesKept());
    LakeException e = assertThrows(LakeException.class, () -> Rows.readAll(snapshot));
    assertEquals(LakeException.FEATURE_NOT_SUPPORTED, e.sqlState());
    assertTrue(e.getMessage().contains("'iceberg_mixed_file_format_test'"), e.getMessage());
    assertTrue(e.getMessage().contains("ORC data files"), e.getMessage());
    assertTrue(e.getMessage().contains(".orc"), e.getMessage());
  }

  @Test
  void refusesTheVariantTypeWhenReadOnly() {
    LakeSnapshot snapshot = Corpus.latest("trino_variant");
    Field variant = snapshot.schema().getFields().get(columnIndex(snapshot, "v"));
    assertEquals("v", variant.getName());
    LakeException e =
        assertThrows(LakeException.class, () -> snapshot.plan(new ScanRequest(new int[] {0, 2})));
    assertEquals(LakeException.FEATURE_NOT_SUPPORTED, e.sqlState());
    assertTrue(e.getMessage().contains("'trino_variant'") && e.getMessage().contains("variant"), e.getMessage());
  }

  @Test
  void aSnapshotWhoseManifestListIsMissingFailsNamingIt() {
    // the source repository of equality_deletes_mytable lacks this historical snapshot's manifest list
    LakeSnapshot old = Corpus.open("equality_deletes_mytable").snapshot(new SnapshotRef.Version(7342794868382145167L));
    LakeException e = assertThrows(LakeException.class, () -> old.plan(ScanRequest.allColumns(3)));
    assertEquals(LakeException.IO_ERROR, e.sqlState());
    assertTrue(e.getMessage().contains("'equality_deletes_mytable' at snapshot 7342794868382145167"), e.getMessage());
    assertTrue(e.getMessage().contains("snap-7342794868382145167-1-34f7dec7"), e.getMessage());
  }

  static int columnIndex(LakeSnapshot snapshot, String name) {
    var names = snapshot.schema().getFields().stream().map(Field::getName).toList();
    int index = names.indexOf(name);
    assertTrue(index >= 0, name + " not in " + Arrays.toString(names.toArray()));
    return index;
  }
}
