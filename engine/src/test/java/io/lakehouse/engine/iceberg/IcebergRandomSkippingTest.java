package io.lakehouse.engine.iceberg;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.table.LakeSnapshot;
import io.lakehouse.engine.table.RandomFilters;
import io.lakehouse.engine.table.ScanStatistics;
import io.lakehouse.engine.table.SnapshotRef;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Skipping never loses a matching row: random filters over an Iceberg table of 12 files written in
 * row groups of 8 rows (nulls, NaN, -0.0, files with one value, strings with shared prefixes), the
 * rows that match read with the filter pushed against the rows that match read without it; and
 * the residual filter evaluated on the rows of each batch keeps exactly the rows that match; and
 * {@code COUNT(*)} of filters on the partition column taken from metadata counts them exactly.
 */
class IcebergRandomSkippingTest {

  static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "x", Types.IntegerType.get()),
      Types.NestedField.optional(3, "f", Types.DoubleType.get()),
      Types.NestedField.optional(4, "s", Types.StringType.get()),
      Types.NestedField.optional(5, "dec", Types.DecimalType.of(9, 2)),
      Types.NestedField.optional(6, "d", Types.DateType.get()),
      Types.NestedField.optional(7, "ts", Types.TimestampType.withZone()),
      Types.NestedField.optional(8, "p", Types.IntegerType.get()));

  @TempDir Path dir;

  @Test
  void skippingKeepsEveryMatchingRow() {
    RandomFilters random = new RandomFilters(20_240_502L);
    List<List<Map<String, Object>>> files = random.files(12);
    Table table = TestTables.create(dir, SCHEMA, PartitionSpec.builderFor(SCHEMA).identity("p").build(), 2);
    table.updateProperties()
        .set(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, "1")
        .set(TableProperties.PARQUET_ROW_GROUP_CHECK_MIN_RECORD_COUNT, "8")
        .set(TableProperties.PARQUET_ROW_GROUP_CHECK_MAX_RECORD_COUNT, "8")
        .commit();
    List<List<Record>> records = new ArrayList<>();
    for (List<Map<String, Object>> rows : files) {
      List<Record> fileRecords = new ArrayList<>();
      for (Map<String, Object> row : rows) {
        Object d = row.get("d") == null ? null : LocalDate.ofEpochDay((Integer) row.get("d"));
        Object ts = row.get("ts") == null ? null
            : OffsetDateTime.ofInstant(Instant.EPOCH.plusNanos((Long) row.get("ts") * 1000), ZoneOffset.UTC);
        fileRecords.add(TestTables.record(SCHEMA, row.get("id"), row.get("x"), row.get("f"), row.get("s"),
            row.get("dec"), d, ts, row.get("p")));
      }
      records.add(fileRecords);
    }
    @SuppressWarnings("unchecked")
    List<Record>[] all = records.toArray(new List[0]);
    TestTables.append(table, all);
    LakeSnapshot snapshot = IcebergTable.open("random", dir.toString(), Corpus.STORAGE, false)
        .snapshot(SnapshotRef.LATEST);
    // read without skipping and with it, each filter returns the rows it matches
    ScanStatistics statistics = random.assertSkippingKeepsMatchingRows(snapshot);
    // the filters are not all vacuous: files (and row groups) were skipped
    assertTrue(statistics.filesOpened() < 120 * 12 * 3 / 4, statistics::toString);
    // the residual evaluated on every row keeps exactly the matching ones
    ScanStatistics filtered = random.assertResidualKeepsExactlyMatchingRows(snapshot);
    assertTrue(filtered.rowsFiltered() > filtered.rowsDecoded() / 4, filtered::toString);
    // COUNT(*) of filters on the partition column, from partition values, is the matching rows' count
    int answered = random.assertMetadataCountsMatch(snapshot);
    assertTrue(answered > 80, answered + " of 100 filters on the partition column counted from metadata");
    assertTrue(statistics.rowGroupsSkipped() > 0, statistics::toString);
  }
}
