package io.lakehouse.engine.delta;

import static io.lakehouse.engine.table.KeptFiles.and;
import static io.lakehouse.engine.table.KeptFiles.cmp;
import static io.lakehouse.engine.table.KeptFiles.files;
import static io.lakehouse.engine.table.KeptFiles.range;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.Filter.Op;
import io.lakehouse.engine.table.KeptFiles;
import io.lakehouse.engine.table.Memory;
import io.lakehouse.engine.table.RowBatch;
import io.lakehouse.engine.table.ScanContext;
import io.lakehouse.engine.table.ScanPlan;
import io.lakehouse.engine.table.ScanRequest;
import io.lakehouse.engine.table.ScanStatistics;
import io.lakehouse.engine.table.ScanTask;
import io.lakehouse.engine.table.SnapshotRef;
import io.lakehouse.engine.write.DeltaWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File skipping through Kernel, asserted as the exact files a scan keeps: a table written by
 * Kernel's writer in 30 files of 10 rows sorted by id, partitioned by date (three files a day),
 * and the corpus tables whose statistics are keyed by column-mapping physical names.
 */
class DeltaSkippingTest {

  static final int FILES = 30;
  static final long BASE_MICROS = 1_700_000_000_000_000L;
  static final long HOUR_MICROS = 3_600_000_000L;
  static final int FIRST_DAY = (int) LocalDate.of(2024, 1, 1).toEpochDay();

  static final StructType SCHEMA =
      new StructType()
          .add("id", LongType.LONG)
          .add("i", IntegerType.INTEGER)
          .add("s", StringType.STRING)
          .add("dec", new DecimalType(10, 2))
          .add("ts", TimestampType.TIMESTAMP)
          .add("ntz", TimestampNTZType.TIMESTAMP_NTZ)
          .add("d", DateType.DATE);

  @TempDir static Path dir;
  static DeltaSnapshot snapshot;
  /** The file number (id / 10) of each data file. */
  static final Map<String, Integer> FILE_NUMBERS = new HashMap<>();

  @BeforeAll
  static void writeTable() throws IOException {
    String path = dir.resolve("skipping").toString();
    List<List<Object>> rows = new ArrayList<>();
    for (int file = 0; file < FILES; file++) {
      LocalDate day = LocalDate.ofEpochDay(FIRST_DAY + file / 3);
      for (long id = file * 10L; id < file * 10L + 10; id++) {
        Instant ts = Instant.EPOCH.plus(BASE_MICROS + id * HOUR_MICROS, ChronoUnit.MICROS);
        rows.add(Arrays.asList(id, (int) id * 2, file == 29 || (file == 7 && id % 2 == 0) ? null : key(id),
            BigDecimal.valueOf(id * 125, 2), ts, LocalDateTime.ofInstant(ts, ZoneOffset.UTC), day));
      }
    }
    // ten rows a file, in one commit
    DeltaWriter.builder(path, SCHEMA).partitionedBy("d").rowsPerFile(10).storage(DeltaTestTables.STORAGE).create(rows);

    snapshot = DeltaTable.open("skipping", path, DeltaTestTables.STORAGE).snapshot(SnapshotRef.LATEST);
    for (ScanTask task : snapshot.plan(new ScanRequest(new int[] {0})).tasks()) {
      FILE_NUMBERS.put(task.path(), (int) (firstLong(task) / 10));
    }
    assertEquals(FILES, FILE_NUMBERS.size());
  }

  /** The first value of the first column the task reads. */
  static long firstLong(ScanTask task) throws IOException {
    try (BufferAllocator allocator = Memory.newRootAllocator(1L << 24);
        org.apache.iceberg.io.CloseableIterator<RowBatch> batches =
            task.open(new ScanContext(allocator, ScanContext.DEFAULT_BATCH_SIZE));
        RowBatch batch = batches.next()) {
      return ((BigIntVector) batch.root().getVector(0)).get(batch.rowIndex(0));
    }
  }

  static String key(long id) {
    return String.format("key-%04d", id);
  }

  @Test
  void pointRangeAndInOnLong() {
    assertKept(files(5), cmp("id", Op.EQ, 57L));
    assertKept(files(9, 10, 11, 12), and(cmp("id", Op.GE, 95L), cmp("id", Op.LT, 125L)));
    assertKept(files(0, 15, 29), new Filter.In("id", List.of(3L, 150L, 299L)));
    assertKept(files(0, 1), new Filter.Not(cmp("id", Op.GE, 20L)));
    assertKept(range(0, FILES), cmp("id", Op.NE, 57L));
    assertKept(files(), cmp("id", Op.GT, 1000L));
  }

  @Test
  void intColumnTakesLongLiteralsThatFit() {
    assertKept(files(5), cmp("i", Op.EQ, 114L));
    assertKept(files(0), cmp("i", Op.LT, 20L));
    assertKept(range(0, FILES), cmp("i", Op.LT, 3_000_000_000L));
    assertKept(range(0, FILES), cmp("i", Op.GT, 3_000_000_000L));
  }

  @Test
  void strings() {
    // file 29 holds only nulls: a comparison implies IS NOT NULL, which its null count rules out
    assertKept(files(12), cmp("s", Op.EQ, key(123)));
    assertKept(range(10, 20), new Filter.StartsWith("s", "key-01"));
    assertKept(files(7, 29), new Filter.IsNull("s"));
    assertKept(range(0, 29), new Filter.IsNotNull("s"));
    assertKept(files(0, 25), new Filter.Or(List.of(cmp("id", Op.EQ, 5L), cmp("s", Op.EQ, key(250)))));
  }

  @Test
  void datePartitions() {
    assertKept(files(12, 13, 14), cmp("d", Op.EQ, FIRST_DAY + 4));
    assertKept(range(24, 30), cmp("d", Op.GE, FIRST_DAY + 8));
    assertKept(files(4), and(cmp("d", Op.EQ, FIRST_DAY + 1), cmp("id", Op.EQ, 40L)));
    // Kernel prunes partitions only by conjuncts on partition columns alone, and has no statistics
    // for partition columns: a disjunction across both keeps every file
    assertKept(range(0, FILES), new Filter.Or(List.of(cmp("d", Op.EQ, FIRST_DAY), cmp("id", Op.EQ, 275L))));
  }

  @Test
  void timestampsOfBothKinds() {
    assertKept(range(25, 30), cmp("ts", Op.GE, BASE_MICROS + 250 * HOUR_MICROS));
    assertKept(files(5), cmp("ts", Op.EQ, BASE_MICROS + 57 * HOUR_MICROS));
    assertKept(files(5), cmp("ntz", Op.EQ, BASE_MICROS + 57 * HOUR_MICROS));
    assertKept(range(0, 3), cmp("ntz", Op.LT, BASE_MICROS + 29 * HOUR_MICROS + 1));
    // comparisons are widened by the millisecond that statistics may be off
    assertKept(range(0, 4), cmp("ntz", Op.LT, BASE_MICROS + 30 * HOUR_MICROS));
    assertKept(range(0, FILES), cmp("ntz", Op.NE, BASE_MICROS));
  }

  @Test
  void timestampStatisticsRoundedByTheWriter() {
    // delta-rs 0.11 wrote the minimum 00:01:25.013972 of both files as 00:01:25.014
    DeltaSnapshot table = DeltaTestTables.latest("issue_1374");
    int ts = DeltaTestTables.indexOf(table, "timestamp");
    for (Op op : List.of(Op.EQ, Op.LE, Op.LT)) {
      Filter filter = cmp("timestamp", op, op == Op.LT ? 1_684_886_485_013_973L : 1_684_886_485_013_972L);
      assertEquals(2, table.plan(new ScanRequest(new int[] {ts}, filter)).filesKept(), filter::toString);
    }
  }

  @Test
  void widenedColumnsAreNotPushed() {
    // older files' statistics of a widened column hold the old type (a date for a timestamp_ntz)
    DeltaSnapshot table = DeltaTestTables.latest("type-widening-golden");
    int column = DeltaTestTables.indexOf(table, "date_timestamp_ntz");
    ScanPlan plan = table.plan(new ScanRequest(new int[] {column}, cmp("date_timestamp_ntz", Op.EQ, 0L)));
    assertEquals(plan.filesInSnapshot(), plan.filesKept());
  }

  @Test
  void decimals() {
    assertKept(files(5), cmp("dec", Op.EQ, new BigDecimal("71.25")));
    assertKept(files(0), cmp("dec", Op.LT, new BigDecimal("12.5")));
    // 12.501 is not a decimal(10, 2): rounded up to 12.51, which keeps id 10 (12.50)
    assertKept(files(0, 1), cmp("dec", Op.LT, new BigDecimal("12.501")));
    assertKept(files(), cmp("dec", Op.EQ, new BigDecimal("400.00")));
    assertKept(range(0, FILES), cmp("dec", Op.EQ, new BigDecimal("71.251")));
  }

  @Test
  void untranslatablePartsOfAnOrKeepEveryFile() {
    Filter unknownColumn = cmp("nope", Op.EQ, 1L);
    assertKept(range(0, FILES), new Filter.Or(List.of(cmp("id", Op.EQ, 5L), unknownColumn)));
    assertKept(files(0), and(cmp("id", Op.EQ, 5L), unknownColumn));
  }

  @Test
  void columnMappingAndAllStatsTypes() throws IOException {
    for (String name : List.of(
        "data-skipping-basic-stats-all-types",
        "data-skipping-basic-stats-all-types-columnmapping-name",
        "data-skipping-basic-stats-all-types-columnmapping-id")) {
      DeltaSnapshot table = DeltaTestTables.latest(name);
      // one file, every column 0 (the timestamp 2000-01-01T08:00Z, the date 2000-01-01)
      long ts = 946_713_600_000_000L;
      int date = (int) LocalDate.of(2000, 1, 1).toEpochDay();
      List<Filter> matching = List.of(
          cmp("as_int", Op.EQ, 0L), cmp("as_long", Op.EQ, 0L), cmp("as_byte", Op.EQ, 0L),
          cmp("as_short", Op.EQ, 0L), cmp("as_float", Op.EQ, -0.0d), cmp("as_double", Op.EQ, -0.0d),
          cmp("as_double", Op.LE, -0.0d), cmp("as_string", Op.EQ, "0"), cmp("as_date", Op.EQ, date),
          cmp("as_timestamp", Op.EQ, ts), cmp("as_big_decimal", Op.EQ, BigDecimal.ZERO));
      for (Filter filter : matching) {
        ScanPlan plan = table.plan(request(table, filter));
        assertEquals(1, plan.filesKept(), name + ": " + filter);
        // the file's row group is found under its physical names and kept
        ScanStatistics statistics = new ScanStatistics();
        try (BufferAllocator allocator = Memory.newRootAllocator(1L << 24);
            org.apache.iceberg.io.CloseableIterator<RowBatch> batches =
                plan.tasks().get(0).open(new ScanContext(allocator, 10, statistics))) {
          while (batches.hasNext()) {
            batches.next().close();
          }
        }
        assertEquals(1, statistics.rowGroupsRead(), name + ": " + filter);
        assertEquals(1, statistics.rowsDecoded(), name + ": " + filter);
      }
      List<Filter> notMatching = List.of(
          cmp("as_int", Op.EQ, 1L), cmp("as_long", Op.GT, 0L), cmp("as_byte", Op.LT, 0L),
          cmp("as_short", Op.EQ, 7L), cmp("as_float", Op.GT, 0.0d), cmp("as_double", Op.LT, -0.0d),
          cmp("as_string", Op.GT, "0"), cmp("as_date", Op.GT, date), cmp("as_timestamp", Op.GT, ts + 3000),
          cmp("as_big_decimal", Op.EQ, BigDecimal.ONE));
      for (Filter filter : notMatching) {
        ScanPlan plan = table.plan(request(table, filter));
        assertEquals(0, plan.filesKept(), name + ": " + filter);
        assertEquals(1, plan.filesInSnapshot(), name + ": " + filter);
      }
    }
  }

  static ScanRequest request(DeltaSnapshot snapshot, Filter filter) {
    return new ScanRequest(new int[] {0}, filter);
  }

  private static void assertKept(Set<Integer> expected, Filter filter) {
    KeptFiles.assertKept(snapshot, FILE_NUMBERS, FILES, expected, filter);
  }
}
