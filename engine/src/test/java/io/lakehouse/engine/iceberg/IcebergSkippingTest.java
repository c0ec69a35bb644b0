package io.lakehouse.engine.iceberg;

import static io.lakehouse.engine.table.KeptFiles.and;
import static io.lakehouse.engine.table.KeptFiles.cmp;
import static io.lakehouse.engine.table.KeptFiles.files;
import static io.lakehouse.engine.table.KeptFiles.range;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.Filter.Op;
import io.lakehouse.engine.table.KeptFiles;
import io.lakehouse.engine.table.LakeSnapshot;
import io.lakehouse.engine.table.ScanPlan;
import io.lakehouse.engine.table.ScanRequest;
import io.lakehouse.engine.table.SnapshotRef;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File skipping through Iceberg's planner, asserted as the exact files a scan keeps: a table of 30
 * files of 10 rows sorted by id, partitioned by {@code day(ts)} (three files a day) and by the
 * identity of {@code grp} (file number modulo 2), and a table partitioned by {@code bucket(4, id)}
 * and {@code truncate(4, s)} whose files overlap in their bounds.
 */
class IcebergSkippingTest {

  static final int FILES = 30;
  static final long MINUTE_MICROS = 60_000_000L;
  static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);
  static final long FIRST_DAY_MICROS = FIRST_DAY.toEpochDay() * 86_400_000_000L;
  static final UUID SOME_UUID = UUID.fromString("f79c3e09-677c-4bbd-a479-3f349cb785e7");

  static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "i", Types.IntegerType.get()),
      Types.NestedField.optional(3, "s", Types.StringType.get()),
      Types.NestedField.optional(4, "dec", Types.DecimalType.of(10, 2)),
      Types.NestedField.optional(5, "ts", Types.TimestampType.withZone()),
      Types.NestedField.optional(6, "ntz", Types.TimestampType.withoutZone()),
      Types.NestedField.optional(7, "d", Types.DateType.get()),
      Types.NestedField.optional(8, "grp", Types.IntegerType.get()),
      Types.NestedField.optional(9, "u", Types.UUIDType.get()));

  @TempDir static Path dir;
  static IcebergTable table;
  static long firstSnapshot;
  static final Map<String, Integer> FILE_NUMBERS = new HashMap<>();

  @BeforeAll
  static void writeTable() {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).day("ts").identity("grp").build();
    Table written = TestTables.create(dir.resolve("t"), SCHEMA, spec, 2);
    List<List<Record>> files = new ArrayList<>();
    for (int file = 0; file < FILES; file++) {
      List<Record> records = new ArrayList<>();
      for (long id = file * 10L; id < file * 10L + 10; id++) {
        records.add(TestTables.record(SCHEMA, id, (int) id * 2,
            file == 29 || (file == 7 && id % 2 == 0) ? null : key(id),
            BigDecimal.valueOf(id * 125, 2),
            OffsetDateTime.ofInstant(java.time.Instant.EPOCH.plusNanos(micros(id) * 1000), ZoneOffset.UTC),
            LocalDateTime.ofEpochSecond(micros(id) / 1_000_000, 0, ZoneOffset.UTC),
            FIRST_DAY.plusDays(file / 3),
            file % 2,
            SOME_UUID));
      }
      files.add(records);
    }
    @SuppressWarnings("unchecked")
    List<Record>[] all = files.toArray(new List[0]);
    List<DataFile> dataFiles = TestTables.append(written, all);
    for (int file = 0; file < FILES; file++) {
      FILE_NUMBERS.put(dataFiles.get(file).location(), file);
    }
    firstSnapshot = written.currentSnapshot().snapshotId();
    // later renames are matched by field id when planning the first snapshot
    written.updateSchema().renameColumn("i", "i_renamed").commit();
    table = IcebergTable.open("t", dir.resolve("t").toString(), Corpus.STORAGE, false);
  }

  /** Three files a day, ten rows a file a minute apart. */
  static long micros(long id) {
    return FIRST_DAY_MICROS + (id / 30) * 86_400_000_000L + (id % 30) * MINUTE_MICROS;
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
    assertKept(files(), cmp("id", Op.GT, 1000L));
  }

  @Test
  void intColumnTakesLongLiteralsThatFit() {
    assertKept(files(5), cmp("i", Op.EQ, 114L));
    assertKept(files(0), cmp("i", Op.LT, 20L));
    assertKept(range(0, FILES), cmp("i", Op.LT, 3_000_000_000L));
  }

  @Test
  void renamedColumnsAreFoundByFieldId() {
    LakeSnapshot renamed = table.snapshot(SnapshotRef.LATEST);
    assertKept(renamed, files(5), cmp("i_renamed", Op.EQ, 114L));
  }

  @Test
  void strings() {
    assertKept(files(12), cmp("s", Op.EQ, key(123)));
    assertKept(range(10, 20), new Filter.StartsWith("s", "key-01"));
    assertKept(files(7, 29), new Filter.IsNull("s"));
    assertKept(range(0, 29), new Filter.IsNotNull("s"));
    assertKept(files(0, 25), new Filter.Or(List.of(cmp("id", Op.EQ, 5L), cmp("s", Op.EQ, key(250)))));
  }

  @Test
  void identityAndDayPartitions() {
    assertKept(files(13), and(cmp("grp", Op.EQ, 1L), cmp("d", Op.EQ, (int) FIRST_DAY.toEpochDay() + 4)));
    assertKept(range(24, 30), cmp("ts", Op.GE, micros(240)));
    Set<Integer> evenOr27 = range(0, FILES).stream().filter(f -> f % 2 == 0 || f == 27)
        .collect(Collectors.toCollection(TreeSet::new));
    assertKept(evenOr27, new Filter.Or(List.of(cmp("grp", Op.EQ, 0L), cmp("id", Op.EQ, 275L))));
  }

  @Test
  void timestampsOfBothKinds() {
    assertKept(files(5), cmp("ts", Op.EQ, micros(57)));
    assertKept(files(5), cmp("ntz", Op.EQ, micros(57)));
    assertKept(range(0, 3), cmp("ntz", Op.LT, micros(30)));
  }

  @Test
  void decimals() {
    assertKept(files(5), cmp("dec", Op.EQ, new BigDecimal("71.25")));
    assertKept(files(0), cmp("dec", Op.LT, new BigDecimal("12.5")));
    assertKept(files(0, 1), cmp("dec", Op.LT, new BigDecimal("12.501")));
    assertKept(files(), cmp("dec", Op.EQ, new BigDecimal("400.00")));
    assertKept(range(0, FILES), cmp("dec", Op.EQ, new BigDecimal("71.251")));
  }

  @Test
  void uuidPredicatesAreNotPushed() {
    assertKept(range(0, FILES), cmp("u", Op.EQ, "00000000-0000-0000-0000-000000000000"));
    assertKept(files(5), and(cmp("u", Op.EQ, SOME_UUID.toString()), cmp("id", Op.EQ, 50L)));
  }

  @Test
  void bucketAndTruncatePartitions(@TempDir Path bucketDir) {
    Schema schema = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "s", Types.StringType.get()));
    PartitionSpec spec = PartitionSpec.builderFor(schema).bucket("id", 4).truncate("s", 4).build();
    Table written = TestTables.create(bucketDir, schema, spec, 2);
    // one file per (bucket, prefix): the four files of a prefix overlap in their id bounds
    Map<String, List<Record>> byPartition = new java.util.TreeMap<>();
    for (long id = 0; id < 100; id++) {
      for (String prefix : List.of("aaaa", "bbbb")) {
        long value = prefix.equals("aaaa") ? id : 1000 + id;
        Record record = TestTables.record(schema, value, prefix + "-" + id);
        byPartition.computeIfAbsent(TestTables.partitionOf(written, record).toString(), k -> new ArrayList<>())
            .add(record);
      }
    }
    @SuppressWarnings("unchecked")
    List<Record>[] all = byPartition.values().toArray(new List[0]);
    List<DataFile> files = TestTables.append(written, all);
    IcebergTable opened = IcebergTable.open("b", bucketDir.toString(), Corpus.STORAGE, false);
    LakeSnapshot snapshot = opened.snapshot(SnapshotRef.LATEST);
    assertEquals(8, files.size());
    ScanPlan byId = snapshot.plan(new ScanRequest(new int[] {0}, cmp("id", Op.EQ, 57L)));
    assertEquals(1, byId.filesKept());
    assertEquals(8, byId.filesInSnapshot());
    ScanPlan byPrefix = snapshot.plan(new ScanRequest(new int[] {0}, new Filter.StartsWith("s", "bbbb-")));
    assertEquals(4, byPrefix.filesKept());
    ScanPlan none = snapshot.plan(new ScanRequest(new int[] {0}, new Filter.StartsWith("s", "cccc")));
    assertEquals(0, none.filesKept());
  }

  private static void assertKept(Set<Integer> expected, Filter filter) {
    assertKept(table.snapshot(new SnapshotRef.Version(firstSnapshot)), expected, filter);
  }

  private static void assertKept(LakeSnapshot snapshot, Set<Integer> expected, Filter filter) {
    KeptFiles.assertKept(snapshot, FILE_NUMBERS, FILES, expected, filter);
  }
}
