package io.lakehouse.engine.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.table.LakeSnapshot;
import io.lakehouse.engine.table.ScanRequest;
import io.lakehouse.engine.table.SnapshotRef;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rows of corpus tables compared with the results their writers' engines report in the corpus's
 * expected files (impala_queries.json, duckdb_queries.json), rendered as {@link Rows#texts}: values
 * joined by '|', instants in UTC, binary in hex. Row order is not compared.
 */
class IcebergCorpusRowsTest {

  private static List<String> rows(LakeSnapshot snapshot, int batchSize, int... projection) {
    return sorted(Rows.texts(Rows.read(snapshot, new ScanRequest(projection), batchSize), "|"));
  }

  private static List<String> allRows(LakeSnapshot snapshot) {
    return sorted(Rows.texts(Rows.readAll(snapshot), "|"));
  }

  private static List<String> sorted(List<String> lines) {
    List<String> copy = new ArrayList<>(lines);
    copy.sort(null);
    return copy;
  }

  private static List<String> lines(String... lines) {
    return sorted(Arrays.asList(lines));
  }

  private static LakeSnapshot version(String table, long snapshotId) {
    return Corpus.open(table).snapshot(new SnapshotRef.Version(snapshotId));
  }

  @ParameterizedTest(name = "batch size {0}")
  @ValueSource(ints = {1, 2, 1000})
  void positionDeletesWhoseFilePathNamesTheDataFileInAnotherForm(int batchSize) {
    // The delete file says hdfs://localhost:20500/test-warehouse/..., the manifest /test-warehouse/...
    LakeSnapshot latest = Corpus.latest("iceberg_v2_delete_positional");
    assertEquals(lines("1|a", "3|c"), rows(latest, batchSize, 0, 1));
    assertEquals(3, Rows.count(version("iceberg_v2_delete_positional", 6816997371555012807L)));
  }

  @Test
  void positionDeletesOfEveryRow() {
    assertEquals(List.of(), allRows(Corpus.latest("iceberg_v2_positional_delete_all_rows")));
    assertEquals(3, Rows.count(version("iceberg_v2_positional_delete_all_rows", 8593920101374128463L)));
  }

  @Test
  void positionDeletesOnSomeDataFilesAcrossSnapshots() {
    String table = "iceberg_v2_positional_not_all_data_files_have_delete_files";
    assertEquals(lines("1|a", "2|b", "3|c", "5|X", "4|d", "6|f"), allRows(Corpus.latest(table)));
    assertEquals(10, Rows.count(version(table, 7490459762454857930L)));
    assertEquals(9, Rows.count(version(table, 752781918366351945L)));
  }

  @Test
  void positionDeletesOnAnIdentityPartitionedTable() {
    LakeSnapshot latest = Corpus.latest("iceberg_v2_partitioned_position_deletes");
    assertEquals(
        lines(
            "6|Alex|view|2020-01-01T09:00", "20|Alex|view|2020-01-01T09:00", "4|Alex|view|2020-01-01T09:00",
            "18|Alan|click|2020-01-01T10:00", "12|Alan|click|2020-01-01T10:00", "10|Alan|click|2020-01-01T10:00",
            "2|Lisa|download|2020-01-01T11:00", "14|Lisa|download|2020-01-01T11:00",
            "8|Lisa|download|2020-01-01T11:00", "16|Lisa|download|2020-01-01T11:00"),
        allRows(latest));
    assertEquals(20, Rows.count(version("iceberg_v2_partitioned_position_deletes", 2057976186205897384L)));
  }

  @Test
  void positionDeletesAcrossRowGroupsAndBatches() {
    LakeSnapshot latest = Corpus.latest("iceberg_lineitem_multiblock");
    int lineNumber = IcebergCorpusTest.columnIndex(latest, "l_linenumber");
    List<List<Object>> rows = Rows.read(latest, new ScanRequest(new int[] {lineNumber}), 333);
    assertEquals(17886, rows.size());
    // Impala: select count(*) from iceberg_lineitem_multiblock where l_linenumber%5=0 -> 0
    assertTrue(rows.stream().noneMatch(row -> ((Integer) row.get(0)) % 5 == 0));
  }

  @Test
  void deletionVectorsInPuffinFiles() {
    assertEquals(lines("1", "3", "5"), rows(Corpus.latest("iceberg_v3_deletion_vectors"), 1, 0));
  }

  @Test
  void equalityDeletesWithAndWithoutTheirColumnsProjected() {
    LakeSnapshot latest = Corpus.latest("equality_deletes_mytable");
    assertEquals(lines("4|d|2025-01-04", "5|e|2025-01-05"), allRows(latest));
    assertEquals(lines("d", "e"), rows(latest, 1000, 1));
    assertEquals(lines("2025-01-04", "2025-01-05"), rows(latest, 1, 2));
    assertEquals(lines("d|2025-01-04", "e|2025-01-05"), rows(latest, 1000, 1, 2));
  }

  @Test
  void equalityDeletesOnAPartitionedTable() {
    assertEquals(
        lines("1|a|2025-01-01", "4|d|2025-01-04", "5|e|2025-01-05"),
        allRows(Corpus.latest("equality_deletes_mytable_partitioned")));
  }

  @Test
  void equalityDeletesMatchNulls() {
    // the delete file holds i = NULL and i = 3; it applies to the older data file only
    assertEquals(lines("1|str1", "4|str4", "NULL|str5"), allRows(Corpus.latest("iceberg_v2_delete_equality_nulls")));
  }

  @Test
  void equalityDeletesOfSeveralColumnSetsApplyByDataSequenceNumber() {
    assertEquals(
        lines("1|str1", "2222|str2", "5|str5", "33|str3_updated_twice", "4|str4_updated"),
        rows(Corpus.latest("iceberg_v2_delete_equality_multi_eq_ids"), 1000, 0, 1));
    assertEquals(lines("str1", "str2", "str5", "str3_updated_twice", "str4_updated"),
        rows(Corpus.latest("iceberg_v2_delete_equality_multi_eq_ids"), 1, 1));
  }

  @Test
  void equalityDeletesAfterSchemaEvolution() {
    // equality on (i, d) where d is the identity partition column; j was added later
    assertEquals(
        lines("1|2024-03-20|str1|NULL", "5|2024-03-22|str5|NULL", "44|2024-03-21|str4|4444"),
        allRows(Corpus.latest("iceberg_v2_equality_delete_schema_evolution")));
  }

  @Test
  void nameMappingForDataFilesWithoutFieldIds() {
    // duckdb, current metadata: b (field 3) is not in the rewritten file, so it is null
    LakeSnapshot latest = Corpus.latest("name_mapping_t1");
    List<List<Object>> rows = Rows.readAll(latest);
    assertEquals(10000, rows.size());
    assertTrue(rows.stream().allMatch(r -> r.get(0) != null && r.get(1) == null));
    // The older snapshot's file has a and b without ids; the current mapping maps a only, so b
    // (field 2 of that snapshot's schema) is absent, as duckdb reads it with a mapping without b.
    LakeSnapshot old = version("name_mapping_t1", 6597550917742534971L);
    assertEquals(List.of("a", "b"), old.schema().getFields().stream().map(f -> f.getName()).toList());
    List<List<Object>> oldRows = Rows.readAll(old);
    assertEquals(10000, oldRows.size());
    assertTrue(oldRows.stream().allMatch(r -> r.get(0) != null && r.get(1) == null));
  }

  @Test
  void nestedTypesOfAMigratedTableWithoutFieldIds() {
    // impala: the struct, list and map values of the one row
    List<List<Object>> rows = Rows.readAll(Corpus.latest("iceberg_migrated_complex_test"));
    assertEquals(1, rows.size());
    @SuppressWarnings("unchecked")
    Map<String, Object> struct1 = (Map<String, Object>) rows.get(0).get(0);
    assertEquals("A", struct1.get("string_col"));
    assertEquals(List.of(0), struct1.get("int_array_col"));
    assertEquals(Map.of(true, 1), struct1.get("bool_int_map_col"));
    assertEquals(Map.of(2, 3L), rows.get(0).get(1));
    @SuppressWarnings("unchecked")
    Map<String, Object> struct2 = (Map<String, Object>) rows.get(0).get(2);
    @SuppressWarnings("unchecked")
    Map<String, Object> struct3 = (Map<String, Object>) struct2.get("struct_3_col");
    assertEquals(0.5f, struct3.get("float_col"));
    assertEquals(Map.of("B", 1.5), struct3.get("string_double_map_col"));
    assertEquals(List.of(4L), struct3.get("bigint_array_col"));
    assertEquals(Map.of(5, 6), struct2.get("int_int_map_col"));
  }

  @Test
  void uuidsAsText() {
    assertEquals(
        lines(
            "8dc314d8-3fd4-4b3a-8bf5-c008f363c2e4", "a217c09f-06fa-4e91-8315-ff44753c4a54",
            "abd6f939-9b99-4e1d-9cda-0dc8ce60a161", "e6218567-354b-4a9c-8cd7-3d4b6a2470f8",
            "f9f28465-51cf-45f1-8985-e01d9a82253c", "1571effb-facd-42a3-90e9-0af522e9b6c2",
            "160a53fe-3d8b-443d-bd36-ad66287f585a", "37afa09a-f496-48a8-89a9-61ea7ccd85d5",
            "3ef257b8-e9c6-4c53-9c22-973729e1043f", "7fae299c-cf05-4777-9b42-57a52e1415ed"),
        allRows(Corpus.latest("uuid")));
  }

  @Test
  void identityPartitionValuesOfManyTypes() {
    assertEquals(lines("aabbcc|67890|purchase", "010203|12345|click"), allRows(Corpus.latest("partition_binary")));
    assertEquals(lines("12:34:56|12345|click", "08:21:09|67890|purchase"), allRows(Corpus.latest("partition_time")));
    assertEquals(
        lines("2023-05-15T14:30:45Z|12345|click", "2023-08-22T09:15:20Z|67890|purchase"),
        allRows(Corpus.latest("partition_timestamptz")));
    assertEquals(
        lines(
            "-1000000000000.00000000000000000001000|246802|rotate",
            "-5432109876.10987654321098765432109|654321|swipe",
            "-9876.54321098765432109876543|222333|view",
            "-2.71828182845904523536029|271828|doubletap",
            "-0.12345678901234567890123|888999|drag",
            "0.00000000000000000000000|987654|pinch",
            "0.00000000000000000000001|444555|scroll",
            "0.50000000000000000000000|975310|tap",
            "1.23456789012345678901234|67890|purchase",
            "3.14159265358979323846264|314159|longpress",
            "42.56378901234567890123456|12345|click",
            "1234.54321098765432109876543|111213|delete",
            "123456789.45678901234567890123456|123456|drop",
            "1000000000000.00000000000000000001000|135790|zoom",
            "9999999999999.99999999999999999999000|666777|hover"),
        allRows(Corpus.latest("partition_decimal_hugeint")));
  }

  @Test
  void identityPartitionsOfAHiveMigratedTableWhoseFilesLackThePartitionColumns() {
    // impala: select * from iceberg_alltypes_part where p_int = 1
    assertEquals(
        lines("1|true|1|11|1.1|2.222|123.321|2022-02-22|impala", "2|true|1|11|1.1|2.222|123.321|2022-02-22|impala"),
        allRows(Corpus.latest("iceberg_alltypes_part")));
  }

  @Test
  void partitionValuesOfPromotedColumns() {
    // p_int_long and p_float_double were promoted after the partition values were written
    assertEquals(
        lines("1|1.100000023841858|2.718|2", "1|1.100000023841858|3.141|1"),
        allRows(Corpus.latest("iceberg_legacy_partition_schema_evolution")));
  }

  @Test
  void partitionSpecEvolution() {
    // duckdb; the first two files have spec (event_date), the others (event_date, event_type)
    assertEquals(
        lines(
            "2024-01-01|12345|click", "2024-01-02|67890|purchase", "2024-01-03|13579|view",
            "2024-01-03|24680|click", "2024-01-04|86420|view", "2024-01-04|97531|purchase"),
        allRows(Corpus.latest("hive_partitioned_table")));
  }

  @Test
  void nullsAndTimestampsWithZone() {
    assertEquals(
        lines(
            "1|a|2024-03-01T13:33:20Z|true", "2|b|2024-03-02T17:20:00Z|false", "3|c|2024-03-03T21:06:40Z|true",
            "4|d|2024-03-05T00:53:20Z|NULL", "5|e|2024-03-06T04:40:00Z|NULL", "6|f|2024-03-07T08:26:40Z|true",
            "7|g|2024-03-08T12:13:20Z|NULL", "8|h|2024-03-09T16:00:00Z|NULL", "9|i|2024-03-10T19:46:40Z|NULL"),
        allRows(Corpus.latest("null_stats")));
  }

  @Test
  void initialDefaultsOfColumnsAddedAfterAFileWasWritten() {
    // duckdb: select * EXCLUDE (col1, col_uuid) ... order by all
    LakeSnapshot latest = Corpus.latest("add_columns_with_defaults");
    int[] columns = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14};
    List<List<Object>> rows = Rows.read(latest, columns);
    List<Object> written =
        List.of(false, 453243, 328725092345834L, 23.34342f, 23.343424523423433, new BigDecimal("3423434.23"),
            LocalDate.of(11, 3, 5), LocalTime.of(12, 6, 45), LocalDateTime.of(11, 3, 5, 12, 6, 45),
            Instant.parse("2023-05-15T14:30:45Z"), "World", "8000800080", "800080");
    List<Object> defaults =
        List.of(true, 342342, Long.MIN_VALUE, 0.34234f, 0.342343242342342, new BigDecimal("12345.00"),
            LocalDate.of(2003, 10, 20), LocalTime.parse("00:00:00.012345"),
            LocalDateTime.parse("1970-01-01T00:00:00.012345"), Instant.parse("1970-01-01T00:00:00.012345Z"),
            "HELLO", "010203ff03", "0102");
    assertEquals(3, rows.size());
    assertEquals(1, rows.stream().filter(written::equals).count(), rows.toString());
    assertEquals(2, rows.stream().filter(defaults::equals).count(), rows.toString());
  }

  @Test
  void initialDefaultsInFormatVersion3() {
    // i=1 was written before j was added with initial-default -1
    assertEquals(lines("1|-1", "2|2"), allRows(Corpus.latest("iceberg_v3_default_value")));
    // test_default_part also partitions by j later: j=-1 for the old files, identity constants after
    assertEquals(lines("1|-1", "2|-1", "3|5", "4|10", "5|NULL"), allRows(Corpus.latest("test_default_part")));
  }

  @Test
  void initialDefaultsOfManyTypesInFormatVersion3() {
    LakeSnapshot latest = Corpus.latest("iceberg_v3_all_types");
    List<List<Object>> rows = Rows.readAll(latest);
    List<Object> old = rows.stream().filter(r -> r.get(0).equals(1)).findFirst().orElseThrow();
    assertEquals(
        List.of(1, false, -1, -1L, 1.5f, 2.5, new BigDecimal("123.45"), "initial_default", LocalDate.of(2024, 1, 1),
            LocalDateTime.parse("1969-12-31T23:59:59.123456"), "0102030405060708", LocalDateTime.parse("1970-01-01T00:00:00"),
            LocalDateTime.parse("2024-01-15T10:30:45.123456")),
        old);
  }

  @Test
  void emptyTableWithoutSnapshots() {
    LakeSnapshot latest = Corpus.latest("iceberg_uppercase_col");
    assertEquals(-1, latest.version());
    assertEquals(List.of("region", "Nested_Struct"), latest.schema().getFields().stream().map(f -> f.getName()).toList());
    assertEquals(0, latest.plan(ScanRequest.allColumns(2)).filesKept());
    assertEquals(0, latest.plan(ScanRequest.allColumns(2)).filesInSnapshot());
  }

  @Test
  void timeTravelReadsTheSnapshotsOwnSchema() {
    // iceberg_v3_default_value: the first snapshot was written before column j was added
    IcebergTable table = Corpus.open("iceberg_v3_default_value");
    LakeSnapshot first = table.snapshot(new SnapshotRef.Version(7752776210164022855L));
    assertEquals(List.of("i"), first.schema().getFields().stream().map(f -> f.getName()).toList());
    assertEquals(lines("1"), allRows(first));
    LakeSnapshot latest = table.snapshot(SnapshotRef.LATEST);
    assertEquals(List.of("i", "j"), latest.schema().getFields().stream().map(f -> f.getName()).toList());
    assertEquals(5466875730470528452L, latest.version());
  }
}
