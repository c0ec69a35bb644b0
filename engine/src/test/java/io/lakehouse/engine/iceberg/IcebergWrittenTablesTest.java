package io.lakehouse.engine.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.LakeSnapshot;
import io.lakehouse.engine.table.ScanRequest;
import io.lakehouse.engine.table.SnapshotRef;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables written with iceberg-core and iceberg-data: schema and partition evolution, types, deletes. */
class IcebergWrittenTablesTest {

  @TempDir Path dir;

  private IcebergTable open() {
    return IcebergTable.open("t", dir.toString(), Corpus.STORAGE, false);
  }

  private static List<String> rows(LakeSnapshot snapshot, int batchSize) {
    List<String> rows = new ArrayList<>(
        Rows.texts(Rows.read(snapshot, ScanRequest.allColumns(snapshot.schema().getFields().size()), batchSize), "|"));
    rows.sort(null);
    return rows;
  }

  private static List<String> sorted(String... rows) {
    List<String> list = new ArrayList<>(List.of(rows));
    list.sort(null);
    return list;
  }

  @Test
  void columnsAreMatchedByFieldIdAcrossAddRenameDropReorderAndWidening() {
    Schema schema = new Schema(
        Types.NestedField.optional(1, "id", Types.IntegerType.get()),
        Types.NestedField.optional(2, "name", Types.StringType.get()),
        Types.NestedField.optional(3, "amount", Types.IntegerType.get()),
        Types.NestedField.optional(4, "note", Types.StringType.get()));
    Table written = TestTables.create(dir, schema, PartitionSpec.unpartitioned(), 2);
    TestTables.append(written, List.of(TestTables.record(schema, 1, "a", 10, "old note")));
    long before = written.currentSnapshot().snapshotId();
    written.updateSchema()
        .renameColumn("name", "label")
        .deleteColumn("note")
        .updateColumn("amount", Types.LongType.get())
        .moveFirst("name")
        .commit();
    // a new column with a dropped column's name is a different field: old files have no value for it
    written.updateSchema().addColumn("note", Types.StringType.get()).addColumn("extra", Types.LongType.get()).commit();
    Schema evolved = written.schema();
    TestTables.append(written, List.of(TestTables.record(evolved, "b", 2, 20L, "new note", 200L)));

    LakeSnapshot latest = open().snapshot(SnapshotRef.LATEST);
    List<Field> fields = latest.schema().getFields();
    assertEquals(List.of("label", "id", "amount", "note", "extra"), fields.stream().map(Field::getName).toList());
    assertEquals(new ArrowType.Int(64, true), fields.get(2).getType());
    assertEquals(sorted("a|1|10|NULL|NULL", "b|2|20|new note|200"), rows(latest, 1000));
    assertEquals(List.of(10L, 20L), Rows.read(latest, 2).stream().map(r -> r.get(0)).sorted().toList());

    LakeSnapshot first = open().snapshot(new SnapshotRef.Version(before));
    assertEquals(List.of("id", "name", "amount", "note"), first.schema().getFields().stream().map(Field::getName).toList());
    assertEquals(List.of("1|a|10|old note"), rows(first, 1000));
  }

  @Test
  void hiddenPartitionsAndPartitionSpecEvolution() {
    Schema schema = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "ts", Types.TimestampType.withZone()),
        Types.NestedField.optional(3, "category", Types.StringType.get()));
    Table written = TestTables.create(dir, schema, PartitionSpec.builderFor(schema).day("ts").build(), 2);
    OffsetDateTime day1 = OffsetDateTime.parse("2024-01-01T10:00:00Z");
    OffsetDateTime day2 = OffsetDateTime.parse("2024-01-02T23:59:59.999999Z");
    TestTables.append(written,
        List.of(TestTables.record(schema, 1L, day1, "x"), TestTables.record(schema, 2L, day1.plusHours(1), "y")),
        List.of(TestTables.record(schema, 3L, day2, "x")));
    written.updateSpec().removeField(Expressions.day("ts")).addField(Expressions.bucket("id", 4)).addField("category").commit();
    TestTables.append(written,
        List.of(TestTables.record(schema, 4L, day2, "z")),
        List.of(TestTables.record(schema, 5L, null, null)));

    LakeSnapshot latest = open().snapshot(SnapshotRef.LATEST);
    assertEquals(4, latest.plan(ScanRequest.allColumns(3)).filesKept());
    assertEquals(
        sorted("1|2024-01-01T10:00:00Z|x", "2|2024-01-01T11:00:00Z|y", "3|2024-01-02T23:59:59.999999Z|x",
            "4|2024-01-02T23:59:59.999999Z|z", "5|NULL|NULL"),
        rows(latest, 1000));
  }

  @Test
  void uuidFixedAndOtherTypesWithEqualityDeletesOnThem() {
    Schema schema = new Schema(
        Types.NestedField.required(1, "id", Types.IntegerType.get()),
        Types.NestedField.optional(2, "u", Types.UUIDType.get()),
        Types.NestedField.optional(3, "f", Types.FixedType.ofLength(3)),
        Types.NestedField.optional(4, "b", Types.BinaryType.get()),
        Types.NestedField.optional(5, "d", Types.DecimalType.of(38, 10)),
        Types.NestedField.optional(6, "t", Types.TimeType.get()),
        Types.NestedField.optional(7, "ts", Types.TimestampType.withoutZone()),
        Types.NestedField.optional(8, "day", Types.DateType.get()),
        Types.NestedField.optional(9, "flag", Types.BooleanType.get()),
        Types.NestedField.optional(10, "x", Types.DoubleType.get()));
    Table written = TestTables.create(dir, schema, PartitionSpec.unpartitioned(), 2);
    // uuids above 7fffffff-... are negative as Java compares them: Iceberg's planner would drop the
    // delete on uuids[0] as outside the file's bounds (see UuidEqualityDeletes)
    UUID[] uuids = {
      UUID.fromString("00000000-0000-0000-0000-000000000001"), UUID.fromString("f0000000-0000-0000-0000-000000000000"),
      UUID.fromString("80000000-0000-0000-0000-000000000000"), UUID.fromString("7fffffff-0000-0000-0000-000000000000")
    };
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      records.add(TestTables.record(schema, i, uuids[i], new byte[] {1, 2, (byte) i}, ByteBuffer.wrap(new byte[] {(byte) i}),
          new BigDecimal("12345678901234567890.012345678" + i), LocalTime.of(12, 0, i),
          LocalDateTime.of(2024, 1, 1, 0, 0, i), LocalDate.of(2024, 1, 1 + i), i % 2 == 0, i + 0.5));
    }
    TestTables.append(written, records);
    // three sets of equality columns in one data file's deletes
    Schema byUuid = schema.select("u");
    Schema byFixed = schema.select("f");
    Schema byDecimalAndDay = schema.select("d", "day");
    Schema byTimeAndFlag = schema.select("b", "t", "ts", "flag", "x");
    written.newRowDelta()
        .addDeletes(TestTables.writeEqualityDeletes(written, byUuid, null, List.of(TestTables.record(byUuid, uuids[0]))))
        .addDeletes(TestTables.writeEqualityDeletes(written, byFixed, null, List.of(TestTables.record(byFixed, (Object) new byte[] {1, 2, 1}))))
        .addDeletes(TestTables.writeEqualityDeletes(written, byDecimalAndDay, null,
            List.of(TestTables.record(byDecimalAndDay, new BigDecimal("12345678901234567890.0123456782"), LocalDate.of(2024, 1, 3)))))
        .addDeletes(TestTables.writeEqualityDeletes(written, byTimeAndFlag, null,
            List.of(TestTables.record(byTimeAndFlag, ByteBuffer.wrap(new byte[] {9}), LocalTime.of(12, 0, 2),
                LocalDateTime.of(2024, 1, 1, 0, 0, 2), true, 2.5))))
        .commit();

    LakeSnapshot latest = open().snapshot(SnapshotRef.LATEST);
    assertEquals(ArrowType.Utf8.INSTANCE, latest.schema().getFields().get(1).getType());
    assertEquals(new ArrowType.FixedSizeBinary(3), latest.schema().getFields().get(2).getType());
    // rows 0, 1 and 2 are deleted by uuid, fixed and (decimal, date); the last delete matches nothing
    assertEquals(
        List.of("3|" + uuids[3] + "|010203|03|12345678901234567890.0123456783|12:00:03|2024-01-01T00:00:03|2024-01-04|false|3.5"),
        rows(latest, 1000));
    assertEquals(List.of("3"), Rows.texts(Rows.read(latest, 0), "|"));
  }

  @Test
  void positionDeletesAcrossBatchBoundaries() {
    Schema schema = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
    Table written = TestTables.create(dir, schema, PartitionSpec.unpartitioned(), 2);
    DataFile file = TestTables.append(written,
        LongStream.range(0, 10).mapToObj(i -> TestTables.record(schema, i)).toList()).get(0);
    written.newRowDelta().addDeletes(TestTables.writePositionDeletes(written, file, 0, 4, 5, 9)).commit();
    LakeSnapshot latest = open().snapshot(SnapshotRef.LATEST);
    for (int batchSize : new int[] {1, 3, 4, 100}) {
      assertEquals(sorted("1", "2", "3", "6", "7", "8"), rows(latest, batchSize), "batch size " + batchSize);
    }
  }

  @Test
  void equalityDeletesOnAColumnDroppedSinceStillApply() {
    Schema schema = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "name", Types.StringType.get()));
    Table written = TestTables.create(dir, schema, PartitionSpec.unpartitioned(), 2);
    TestTables.append(written, List.of(TestTables.record(schema, 1L, "a"), TestTables.record(schema, 2L, "b")));
    Schema byName = schema.select("name");
    written.newRowDelta().addDeletes(TestTables.writeEqualityDeletes(written, byName, null, List.of(TestTables.record(byName, "a")))).commit();
    written.updateSchema().deleteColumn("name").commit();
    LakeSnapshot latest = open().snapshot(SnapshotRef.LATEST);
    assertEquals(List.of("id"), latest.schema().getFields().stream().map(Field::getName).toList());
    assertEquals(List.of("2"), rows(latest, 1000));
  }

  @Test
  void aMovedTableReadWithoutRelocationFailsNamingTheMissingFile(@TempDir Path elsewhere) throws Exception {
    Schema schema = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
    Path original = dir.resolve("original");
    Table written = TestTables.create(original, schema, PartitionSpec.unpartitioned(), 2);
    TestTables.append(written, List.of(TestTables.record(schema, 7L)));
    Path moved = elsewhere.resolve("moved");
    Files.move(original, moved);

    IcebergTable table = IcebergTable.open("moved", moved.toString(), Corpus.STORAGE, false);
    LakeSnapshot latest = table.snapshot(SnapshotRef.LATEST);
    LakeException e = assertThrows(LakeException.class, () -> latest.plan(ScanRequest.allColumns(1)));
    assertEquals(LakeException.IO_ERROR, e.sqlState());
    assertTrue(e.getMessage().contains("'moved'"), e.getMessage());
    assertTrue(e.getMessage().contains(original.resolve("metadata").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("relocate=true"), e.getMessage());

    LakeSnapshot relocated = IcebergTable.open("moved", moved.toString(), Corpus.STORAGE, true).snapshot(SnapshotRef.LATEST);
    assertEquals(List.of("7"), rows(relocated, 1000));
    assertTrue(relocated.plan(ScanRequest.allColumns(1)).tasks().get(0).path().startsWith(moved.toString()));
  }

  @Test
  void aDataFileMissingAtReadTimeIsAnErrorNamingIt() throws Exception {
    Schema schema = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
    Table written = TestTables.create(dir, schema, PartitionSpec.unpartitioned(), 2);
    DataFile file = TestTables.append(written, List.of(TestTables.record(schema, 7L))).get(0);
    Path location = Path.of(file.location().replaceFirst("^file:", ""));
    Files.delete(location);
    LakeSnapshot latest = open().snapshot(SnapshotRef.LATEST);
    LakeException e = assertThrows(LakeException.class, () -> Rows.readAll(latest));
    assertEquals(LakeException.IO_ERROR, e.sqlState());
    assertTrue(e.getMessage().contains(location.getFileName().toString()), e.getMessage());
  }
}
