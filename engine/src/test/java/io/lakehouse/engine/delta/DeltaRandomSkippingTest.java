package io.lakehouse.engine.delta;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.lakehouse.engine.table.RandomFilters;
import io.lakehouse.engine.table.ScanStatistics;
import io.lakehouse.engine.table.SnapshotRef;
import io.lakehouse.engine.write.DeltaWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Skipping never loses a matching row: random filters over a Kernel-written table of 12 files
 * (nulls, NaN, -0.0, files with one value, strings with shared prefixes), the rows that match read
 * with the filter pushed against the rows that match read without it; the residual filter
 * evaluated on the rows of each batch keeps exactly the rows that match; and {@code COUNT(*)} of
 * filters on the partition column taken from metadata counts them exactly.
 */
class DeltaRandomSkippingTest {

  static final StructType SCHEMA = new StructType()
      .add("id", LongType.LONG)
      .add("x", IntegerType.INTEGER)
      .add("f", DoubleType.DOUBLE)
      .add("s", StringType.STRING)
      .add("dec", new DecimalType(9, 2))
      .add("d", DateType.DATE)
      .add("ts", TimestampType.TIMESTAMP)
      .add("p", IntegerType.INTEGER);

  @TempDir Path dir;

  @Test
  void skippingKeepsEveryMatchingRow() {
    RandomFilters random = new RandomFilters(20_240_501L);
    List<List<Map<String, Object>>> files = random.files(12);
    String path = dir.resolve("random").toString();
    write(path, files);
    DeltaSnapshot snapshot = DeltaTable.open("random", path, DeltaTestTables.STORAGE).snapshot(SnapshotRef.LATEST);
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
  }

  /** Writes each file's rows as a data file of its own, the first creating the table, each in one commit. */
  private static void write(String path, List<List<Map<String, Object>>> files) {
    DeltaWriter writer = DeltaWriter.builder(path, SCHEMA).partitionedBy("p").storage(DeltaTestTables.STORAGE)
        .create(values(files.get(0)));
    for (List<Map<String, Object>> rows : files.subList(1, files.size())) {
      writer.append(values(rows));
    }
  }

  /** The rows as the writer takes them, in schema order. */
  private static List<List<Object>> values(List<Map<String, Object>> rows) {
    List<List<Object>> values = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      List<Object> value = new ArrayList<>();
      for (String column : SCHEMA.fieldNames()) {
        value.add(value(column, row.get(column)));
      }
      values.add(value);
    }
    return values;
  }

  /** A date's days as a LocalDate, a timestamp's microseconds as an Instant, other values as they are. */
  private static Object value(String column, Object value) {
    if (value == null) {
      return null;
    }
    return switch (column) {
      case "d" -> LocalDate.ofEpochDay((Integer) value);
      case "ts" -> Instant.EPOCH.plus((Long) value, ChronoUnit.MICROS);
      default -> value;
    };
  }
}
