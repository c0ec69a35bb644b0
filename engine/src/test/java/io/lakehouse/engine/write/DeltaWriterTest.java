package io.lakehouse.engine.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.lakehouse.engine.delta.DeltaSnapshot;
import io.lakehouse.engine.delta.DeltaTable;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.SnapshotRef;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaWriterTest {

  private static final StructType ALL_TYPES =
      new StructType()
          .add("id", LongType.LONG, false)
          .add("name", StringType.STRING)
          .add("amount", new DecimalType(10, 2))
          .add("ratio", DoubleType.DOUBLE)
          .add("flag", BooleanType.BOOLEAN)
          .add("bytes", BinaryType.BINARY)
          .add("at", TimestampType.TIMESTAMP)
          .add("local", TimestampNTZType.TIMESTAMP_NTZ)
          .add("day", DateType.DATE);

  private static final StructType SIMPLE =
      new StructType().add("id", LongType.LONG).add("n", IntegerType.INTEGER).add("part", StringType.STRING);

  @TempDir Path dir;

  private DeltaSnapshot read(String name, SnapshotRef ref) {
    return DeltaTable.open(name, dir.resolve(name).toString(), Storage.local()).snapshot(ref);
  }

  private static List<List<Object>> simpleRows(long from, long to, String part) {
    return LongStream.range(from, to).mapToObj(id -> List.<Object>of(id, (int) (id % 10), part)).toList();
  }

  @Test
  void writesEveryPrimitiveTypeIntoDatePartitions() {
    Instant at = Instant.parse("2024-03-01T12:34:56.123456Z");
    LocalDateTime local = LocalDateTime.parse("2024-03-01T01:02:03.000004");
    List<List<Object>> rows = List.of(
        List.of(1L, "one", new BigDecimal("12.5"), 0.25, true, new byte[] {1, 2}, at, local, LocalDate.of(2024, 3, 1)),
        Arrays.asList(2L, null, null, null, null, null, null, null, LocalDate.of(2024, 3, 2)),
        Arrays.asList(3L, "three", new BigDecimal("-0.01"), 1e300, false, new byte[0], Instant.EPOCH, local, null));
    DeltaWriter.builder(dir.resolve("types").toString(), ALL_TYPES).partitionedBy("day").create(rows);

    DeltaSnapshot v0 = read("types", SnapshotRef.LATEST);
    assertEquals(0, v0.version());
    assertEquals(3, ReadBack.files(v0), "one file per date partition, the null partition included");
    assertEquals(
        List.of(
            List.of(1L, "one", new BigDecimal("12.50"), 0.25, true, "0102", at, local, LocalDate.of(2024, 3, 1)),
            Arrays.asList(2L, null, null, null, null, null, null, null, LocalDate.of(2024, 3, 2)),
            Arrays.asList(3L, "three", new BigDecimal("-0.01"), 1e300, false, "", Instant.EPOCH, local, null)),
        ReadBack.rows(v0));
    assertTrue(Files.isDirectory(dir.resolve("types/day=2024-03-01")), "Kernel lays partitions out as directories");
  }

  @Test
  void appendOverwriteAndDeleteEachMakeAVersion() {
    String location = dir.resolve("t").toString();
    DeltaWriter writer = DeltaWriter.builder(location, SIMPLE).partitionedBy("part").create();
    assertEquals(1, writer.append(simpleRows(0, 100, "a")));
    assertEquals(2, writer.withRowsPerFile(30).append(simpleRows(100, 200, "b")));
    List<String> before = ReadBack.paths(read("t", SnapshotRef.LATEST));
    assertEquals(5, before.size(), "100 rows at 30 per file: four files");

    // n = 3 is in every file of both partitions; only part 'a' is asked for
    long deleteVersion = writer.delete(new Predicate("AND",
        new Predicate("=", new Column("n"), Literal.ofInt(3)), new Predicate("=", new Column("part"), Literal.ofString("a"))));
    assertEquals(3, deleteVersion);
    DeltaSnapshot v3 = read("t", SnapshotRef.LATEST);
    List<Long> ids = ids(v3);
    assertEquals(190, ids.size());
    assertTrue(!ids.contains(3L) && !ids.contains(93L) && ids.contains(103L), "only part 'a' lost its n = 3 rows");
    List<String> after = ReadBack.paths(v3);
    assertEquals(5, after.size());
    assertEquals(4, after.stream().filter(before::contains).count(), "the one file of part 'a' was rewritten, the four of 'b' kept");
    assertTrue(after.stream().filter(p -> !before.contains(p)).allMatch(p -> p.contains("part=a")));

    assertEquals(4, writer.overwrite(simpleRows(1000, 1005, "c")));
    assertEquals(List.of(1000L, 1001L, 1002L, 1003L, 1004L), ids(read("t", SnapshotRef.LATEST)));
    assertEquals(ids, ids(read("t", new SnapshotRef.Version(3))), "time travel still sees the rows overwritten");
    assertEquals(0, ids(read("t", new SnapshotRef.Version(0))).size());
  }

  @Test
  void unpartitionedRowsStreamIntoFilesOfAtMostRowsPerFile() {
    DeltaWriter.builder(dir.resolve("streamed").toString(), SIMPLE).rowsPerFile(4).create(simpleRows(0, 10, "x"));
    DeltaSnapshot v0 = read("streamed", SnapshotRef.LATEST);
    assertEquals(3, ReadBack.files(v0), "10 rows at 4 per file");
    assertEquals(LongStream.range(0, 10).boxed().toList(), ids(v0));
  }

  @Test
  void deleteWithNullsKeepsRowsWherePredicateIsUnknownAndCanEmptyAFile() {
    String location = dir.resolve("nulls").toString();
    DeltaWriter writer = DeltaWriter.builder(location, SIMPLE).create(List.of(
        Arrays.asList(1L, 1, "x"), Arrays.asList(2L, null, "x"), Arrays.asList(3L, 3, "x")));
    writer.append(List.of(Arrays.asList(4L, 1, "y")));
    writer.delete(new Predicate("=", new Column("n"), Literal.ofInt(1)));
    DeltaSnapshot latest = read("nulls", SnapshotRef.LATEST);
    assertEquals(List.of(2L, 3L), ids(latest));
    assertEquals(1, ReadBack.files(latest), "the file whose only row was deleted is gone");
  }

  @Test
  void deleteMatchingNothingCommitsNoFileChange() {
    String location = dir.resolve("none").toString();
    DeltaWriter writer = DeltaWriter.builder(location, SIMPLE).create(simpleRows(0, 10, "a"));
    assertEquals(1, writer.delete(new Predicate(">", new Column("id"), Literal.ofLong(100))));
    assertEquals(10, ids(read("none", SnapshotRef.LATEST)).size());
  }

  @Test
  void refusesValuesThatDoNotFitTheSchema() {
    String location = dir.resolve("bad").toString();
    DeltaWriter writer = DeltaWriter.builder(location, ALL_TYPES).create();
    LocalDate day = LocalDate.of(2024, 1, 1);
    assertMessage(() -> writer.append(List.of(Arrays.asList(1L, "x"))), "has 2 values but the table has 9 columns");
    assertMessage(() -> writer.append(List.of(Arrays.asList(null, null, null, null, null, null, null, null, day))),
        "Column id is not nullable");
    assertMessage(() -> writer.append(List.of(Arrays.asList(1, "x", new BigDecimal("1.234"), null, null, null, null, null, day))),
        "Column amount of type Decimal(10, 2) cannot hold 1.234");
    assertMessage(() -> writer.append(List.of(Arrays.asList(1.5, null, null, null, null, null, null, null, day))),
        "Column id of type long cannot hold 1.5");
    assertEquals(0, ids(read("bad", SnapshotRef.LATEST)).size(), "nothing was committed");
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable action, String part) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
    assertTrue(e.getMessage().contains(part), () -> "'" + part + "' is not in: " + e.getMessage());
  }

  private static List<Long> ids(DeltaSnapshot snapshot) {
    List<Long> ids = new ArrayList<>();
    for (List<Object> row : ReadBack.rows(snapshot)) {
      ids.add((Long) row.get(0));
    }
    return ids;
  }
}
