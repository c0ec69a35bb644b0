package io.lakehouse.engine.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.iceberg.IcebergTable;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.LakeSnapshot;
import io.lakehouse.engine.table.SnapshotRef;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IcebergWriterTest {

  private static final Schema EVENTS = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "ts", Types.TimestampType.withZone()),
      Types.NestedField.optional(3, "kind", Types.StringType.get()));

  @TempDir Path dir;

  private LakeSnapshot read(SnapshotRef ref) {
    return IcebergTable.open("t", dir.toString(), Storage.local(), false).snapshot(ref);
  }

  private static List<List<Object>> events(long from, long to) {
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    return LongStream.range(from, to)
        .mapToObj(id -> List.<Object>of(id, start.plusSeconds(id * 3600), id % 2 == 0 ? "even" : "odd"))
        .toList();
  }

  private static List<Long> ids(LakeSnapshot snapshot) {
    List<Long> ids = new ArrayList<>();
    for (List<Object> row : ReadBack.rows(snapshot)) {
      ids.add((Long) row.get(0));
    }
    return ids;
  }

  private static List<Long> range(long from, long to) {
    return LongStream.range(from, to).boxed().toList();
  }

  @Test
  void writesEveryPrimitiveType() {
    Schema schema = new Schema(
        Types.NestedField.required(1, "id", Types.IntegerType.get()),
        Types.NestedField.optional(2, "big", Types.LongType.get()),
        Types.NestedField.optional(3, "price", Types.DecimalType.of(9, 3)),
        Types.NestedField.optional(4, "x", Types.DoubleType.get()),
        Types.NestedField.optional(5, "f", Types.FloatType.get()),
        Types.NestedField.optional(6, "flag", Types.BooleanType.get()),
        Types.NestedField.optional(7, "name", Types.StringType.get()),
        Types.NestedField.optional(8, "bytes", Types.BinaryType.get()),
        Types.NestedField.optional(9, "day", Types.DateType.get()),
        Types.NestedField.optional(10, "at", Types.TimestampType.withZone()),
        Types.NestedField.optional(11, "local", Types.TimestampType.withoutZone()),
        Types.NestedField.optional(12, "time", Types.TimeType.get()),
        Types.NestedField.optional(13, "u", Types.UUIDType.get()),
        Types.NestedField.optional(14, "fixed", Types.FixedType.ofLength(2)));
    IcebergWriter writer = IcebergWriter.builder(dir.toString(), schema).create();
    Instant at = Instant.parse("2024-05-06T07:08:09.000010Z");
    LocalDateTime local = LocalDateTime.parse("2024-05-06T07:08:09");
    UUID uuid = UUID.fromString("12345678-1234-1234-1234-123456789abc");
    writer.append(List.of(
        List.of(1, 2L, new BigDecimal("1.5"), 0.5, 1.25f, true, "one", new byte[] {10}, LocalDate.of(2024, 5, 6), at,
            local, LocalTime.of(7, 8), uuid, new byte[] {1, 2}),
        Arrays.asList(2, null, null, null, null, null, null, null, null, null, null, null, null, null)));

    List<List<Object>> rows = ReadBack.rows(read(SnapshotRef.LATEST));
    assertEquals(List.of(1, 2L, new BigDecimal("1.500"), 0.5, 1.25f, true, "one", "0a", LocalDate.of(2024, 5, 6), at, local),
        rows.get(0).subList(0, 11));
    assertEquals(Arrays.asList(2, null, null, null, null, null, null, null, null, null, null, null, null, null), rows.get(1));
  }

  @Test
  void hiddenDayPartitionsGetOneFilePerDay() {
    IcebergWriter writer = IcebergWriter.builder(dir.toString(), EVENTS)
        .partitionSpec(PartitionSpec.builderFor(EVENTS).day("ts").build())
        .create();
    writer.append(events(0, 72));
    LakeSnapshot latest = read(SnapshotRef.LATEST);
    assertEquals(range(0, 72), ids(latest));
    assertEquals(3, ReadBack.files(latest), "72 hourly events over three days");
    assertTrue(Files.isDirectory(dir.resolve("data/ts_day=2024-01-02")), "iceberg-core's layout for day(ts)");
  }

  @Test
  void snapshotsTagsAndBranches() {
    IcebergWriter writer = IcebergWriter.builder(dir.toString(), EVENTS).create();
    long first = writer.append(events(0, 10));
    writer.tag("first", first);
    long second = writer.append(events(10, 20));
    writer.branch("audit", second);
    long audited = writer.append("audit", events(20, 25));

    assertEquals(second, writer.currentSnapshotId(), "an append to a branch leaves main alone");
    assertEquals(range(0, 20), ids(read(SnapshotRef.LATEST)));
    assertEquals(range(0, 10), ids(read(new SnapshotRef.Named("first"))));
    assertEquals(range(0, 10), ids(read(new SnapshotRef.Version(first))));
    assertEquals(range(0, 25), ids(read(new SnapshotRef.Named("audit"))));
    assertEquals(audited, read(new SnapshotRef.Named("audit")).version());
  }

  @Test
  void positionDeletesRemoveMatchingRowsAndKeepTheDataFiles() {
    IcebergWriter writer = IcebergWriter.builder(dir.toString(), EVENTS)
        .partitionSpec(PartitionSpec.builderFor(EVENTS).day("ts").build())
        .create();
    writer.append(events(0, 48));
    List<String> files = ReadBack.paths(read(SnapshotRef.LATEST));
    long deleted = writer.deleteWhere(Expressions.and(Expressions.equal("kind", "odd"), Expressions.lessThan("id", 30L)));

    Snapshot snapshot = writer.table().snapshot(deleted);
    assertEquals("2", snapshot.summary().get("added-position-delete-files"), "one per data file holding a deleted row");
    assertEquals("15", snapshot.summary().get("added-position-deletes"));
    LakeSnapshot latest = read(SnapshotRef.LATEST);
    assertEquals(files, ReadBack.paths(latest));
    List<Long> expected = range(0, 48).stream().filter(id -> id >= 30 || id % 2 == 0).toList();
    assertEquals(expected, ids(latest));
  }

  @Test
  void equalityDeletesByKeyIncludingThePartitionColumn() {
    IcebergWriter writer = IcebergWriter.builder(dir.toString(), EVENTS)
        .partitionSpec(PartitionSpec.builderFor(EVENTS).identity("kind").build())
        .create();
    writer.append(events(0, 10));
    long deleted = writer.deleteEqual(List.of("id", "kind"), List.of(List.of(1L, "odd"), List.of(4L, "even"), List.of(5L, "even")));
    assertEquals("2", writer.table().snapshot(deleted).summary().get("added-equality-delete-files"));
    assertEquals(List.of(0L, 2L, 3L, 5L, 6L, 7L, 8L, 9L), ids(read(SnapshotRef.LATEST)), "(5, even) matches no row");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> writer.deleteEqual(List.of("id"), List.of(List.of(2L))));
    assertTrue(e.getMessage().contains("do not determine a partition"), e.getMessage());
  }

  @Test
  void schemaEvolutionAddsAColumnThatOldFilesLack() {
    IcebergWriter writer = IcebergWriter.builder(dir.toString(), EVENTS).create();
    writer.append(events(0, 2));
    writer.evolveSchema(update -> update.addColumn("score", Types.DoubleType.get()).renameColumn("kind", "parity"));
    writer.append(List.of(List.of(2L, Instant.EPOCH, "even", 9.5)));

    LakeSnapshot latest = read(SnapshotRef.LATEST);
    assertEquals(List.of("id", "ts", "parity", "score"), latest.schema().getFields().stream().map(f -> f.getName()).toList());
    List<List<Object>> rows = ReadBack.rows(latest);
    assertEquals(Arrays.asList(0L, Instant.parse("2024-01-01T00:00:00Z"), "even", null), rows.get(0));
    assertEquals(List.of(2L, Instant.EPOCH, "even", 9.5), rows.get(2));
  }

  @Test
  void formatVersionThreeRefusesPositionDeleteFiles() {
    IcebergWriter writer = IcebergWriter.builder(dir.toString(), EVENTS).formatVersion(3).create();
    writer.append(events(0, 2));
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> writer.deleteWhere(Expressions.equal("id", 1L)));
    assertTrue(e.getMessage().contains("version 3"), e.getMessage());
  }

  @Test
  void refusesValuesThatDoNotFitTheSchema() {
    IcebergWriter writer = IcebergWriter.builder(dir.toString(), EVENTS).create();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> writer.append(List.of(Arrays.asList(null, null, null))));
    assertTrue(e.getMessage().contains("Column id is required"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> writer.append(List.of(List.of(1L, "2024-01-01", "x"))));
    assertTrue(e.getMessage().contains("Column ts of type timestamptz cannot hold 2024-01-01"), e.getMessage());
  }
}
