package io.lakehouse.engine.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.Filter.Op;
import io.lakehouse.engine.table.Memory;
import io.lakehouse.engine.table.ScanContext;
import io.lakehouse.engine.table.ScanStatistics;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Row groups skipped by footer statistics, page indexes and dictionaries: files of ten row groups
 * of 100 rows sorted by id, written by parquet-mr (with dictionaries, and without them but with its
 * column and offset indexes), read with filters on each kind of column; the statistics count what
 * was read and why the rest was skipped, and the rows keep their positions in the file.
 */
class RowGroupSkippingTest {

  static final String SCHEMA = """
      message m {
        required int64 id;
        optional int32 i;
        optional binary s (STRING);
        optional binary cat (STRING);
        optional int32 d (DATE);
        optional int64 ts_micros (TIMESTAMP(MICROS,true));
        optional int64 ts_millis (TIMESTAMP(MILLIS,false));
        optional int64 dec64 (DECIMAL(12,2));
        optional fixed_len_byte_array(9) decfixed (DECIMAL(20,2));
        optional double f;
        optional int96 legacy;
      }""";

  static final Field ID = field("id", new ArrowType.Int(64, true));
  static final Field I = field("i", new ArrowType.Int(64, true));
  static final Field S = field("s", ArrowType.Utf8.INSTANCE);
  static final Field CAT = field("cat", ArrowType.Utf8.INSTANCE);
  static final Field D = field("d", new ArrowType.Date(DateUnit.DAY));
  static final Field TS_MICROS = field("ts_micros", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"));
  static final Field TS_MILLIS = field("ts_millis", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null));
  static final Field DEC64 = field("dec64", new ArrowType.Decimal(12, 2, 128));
  static final Field DECFIXED = field("decfixed", new ArrowType.Decimal(20, 2, 128));
  static final Field F = field("f", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
  static final Field LEGACY = field("legacy", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null));
  static final List<Field> ALL = List.of(ID, I, S, CAT, D, TS_MICROS, TS_MILLIS, DEC64, DECFIXED, F, LEGACY);

  /** Pages of 33 rows; in every row group but 2 the pages alternate between 0-32 and 1000-1032. */
  static final String PAGED_SCHEMA = """
      message m {
        required int64 id;
        optional int32 v;
      }""";

  static final Field V = field("v", new ArrowType.Int(32, true));

  @TempDir static Path dir;
  static Path file;
  static Path paged;

  @BeforeAll
  static void write() throws IOException {
    file = ParquetFiles.write(dir.resolve("groups.parquet"), SCHEMA, 1000, true, 100, (row, group) -> {
      group.add("id", (long) row);
      group.add("i", row * 2);
      group.add("s", String.format("key-%04d", row));
      // every row group holds a and c, row group 6 only b: statistics cannot tell, the dictionary can
      group.add("cat", row / 100 == 6 ? "b" : row % 2 == 0 ? "a" : "c");
      group.add("d", 19_000 + row / 10);
      group.add("ts_micros", 1_000_000L * row);
      group.add("ts_millis", 1_000L * row);
      group.add("dec64", row * 125L);
      group.add("decfixed", Binary.fromConstantByteArray(fixed9(row * 125L - 60_000)));
      group.add("f", row == 250 ? Double.NaN : row == 350 ? -0.0 : (double) row);
      group.add("legacy", Binary.fromConstantByteArray(new byte[12]));
    });
  }

  @BeforeAll
  static void writePaged() throws IOException {
    paged = ParquetFiles.write(dir.resolve("paged.parquet"), PAGED_SCHEMA, 1000, false, 100, 33, (row, group) -> {
      group.add("id", (long) row);
      int inGroup = row % 100;
      int page = inGroup / 33;
      group.add("v", row / 100 == 2 && page == 1 ? 500 + inGroup % 33 : (page % 2 == 0 ? 0 : 1000) + inGroup % 33);
    });
  }

  static byte[] fixed9(long unscaled) {
    byte[] bytes = new byte[9];
    for (int i = 8; i >= 0; i--) {
      bytes[i] = (byte) unscaled;
      unscaled >>= 8;
    }
    return bytes;
  }

  @Test
  void selectiveFiltersReadOneRowGroup() throws IOException {
    assertRowGroups(List.of(4), cmp("id", Op.EQ, 457L));
    assertRowGroups(List.of(4), cmp("i", Op.EQ, 914L));
    assertRowGroups(List.of(4), cmp("s", Op.EQ, "key-0457"));
    assertRowGroups(List.of(4), new Filter.StartsWith("s", "key-045"));
    assertRowGroups(List.of(4), cmp("d", Op.EQ, 19_045));
    assertRowGroups(List.of(4), cmp("ts_micros", Op.EQ, 457_000_000L));
    assertRowGroups(List.of(4), cmp("ts_millis", Op.EQ, 457_000_000L));
    assertRowGroups(List.of(4), cmp("dec64", Op.EQ, new BigDecimal("571.25")));
    assertRowGroups(List.of(4), cmp("decfixed", Op.EQ, new BigDecimal("-28.75")));
    assertRowGroups(List.of(4), cmp("f", Op.EQ, 457.0));
  }

  @Test
  void rangesInListsAndDisjunctions() throws IOException {
    assertRowGroups(List.of(8, 9), cmp("id", Op.GE, 850L));
    assertRowGroups(List.of(0, 5, 9), new Filter.In("id", List.of(3L, 550L, 999L)));
    assertRowGroups(List.of(0, 1, 7), new Filter.Or(List.of(cmp("id", Op.LT, 200L), cmp("s", Op.EQ, "key-0777"))));
    assertRowGroups(List.of(0, 1), new Filter.Not(cmp("id", Op.GE, 200L)));
    // a millisecond column: 457.0005 s rounds so that no row that matches is lost
    assertRowGroups(List.of(4, 5, 6, 7, 8, 9), cmp("ts_millis", Op.GT, 457_000_500L));
    assertRowGroups(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), cmp("ts_millis", Op.EQ, 457_000_500L));
  }

  @Test
  void dictionariesSkipWhatStatisticsCannot() throws IOException {
    // every row group's statistics and pages span a to c: only the dictionaries know b is absent
    ScanStatistics statistics = new ScanStatistics();
    assertEquals(List.of(6), read(file, cmp("cat", Op.EQ, "b"), statistics));
    assertEquals(9, statistics.rowGroupsSkippedByDictionary(), statistics::toString);
    assertEquals(0, statistics.rowGroupsSkippedByPageIndex(), statistics::toString);
    statistics = new ScanStatistics();
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 7, 8, 9), read(file, cmp("cat", Op.EQ, "a"), statistics));
    assertEquals(0, statistics.rowGroupsSkippedByDictionary(), statistics::toString);
  }

  @Test
  void pageIndexesSkipWhatStatisticsCannot() throws IOException {
    // min 0 and max 1032 in every row group admit 510; only row group 2 has a page that does
    ScanStatistics statistics = new ScanStatistics();
    assertEquals(List.of(2), read(paged, cmp("v", Op.EQ, 510L), statistics));
    assertEquals(9, statistics.rowGroupsSkippedByPageIndex(), statistics::toString);
    assertEquals(0, statistics.rowGroupsSkippedByDictionary(), statistics::toString);
    // and within row group 2, only the page that admits 510 is read
    assertTrue(statistics.pagesSkipped() > 0, statistics::toString);
    assertTrue(statistics.rowsDecoded() < 100, statistics::toString);
    statistics = new ScanStatistics();
    assertEquals(List.of(2), read(paged, new Filter.And(List.of(cmp("v", Op.GT, 100L), cmp("v", Op.LT, 900L))),
        statistics));
    assertEquals(9, statistics.rowGroupsSkippedByPageIndex(), statistics::toString);
    // a value the second page of every other row group admits; row group 2's maximum is 532
    statistics = new ScanStatistics();
    assertEquals(List.of(0, 1, 3, 4, 5, 6, 7, 8, 9), read(paged, cmp("v", Op.EQ, 1010L), statistics));
    assertEquals(0, statistics.rowGroupsSkippedByPageIndex(), statistics::toString);
    // statistics come first: they alone rule out a value above every maximum
    statistics = new ScanStatistics();
    assertEquals(List.of(), read(paged, cmp("v", Op.GT, 2000L), statistics));
    assertEquals(10, statistics.rowGroupsSkipped(), statistics::toString);
    assertEquals(0, statistics.rowGroupsSkippedByPageIndex(), statistics::toString);
  }

  @Test
  void floatingPointZerosAndNaN() throws IOException {
    // row 350 holds -0.0: a filter on 0.0 must keep its row group whichever zero the statistics hold
    assertTrue(read(cmp("f", Op.EQ, 0.0)).contains(3));
    assertTrue(read(cmp("f", Op.LE, 0.0)).contains(3));
    assertTrue(read(cmp("f", Op.GE, 0.0)).contains(3));
    // row 250 holds NaN: NaN never equals, so nothing is pushed for it
    assertEquals(10, read(cmp("f", Op.EQ, Double.NaN)).size());
    assertEquals(10, read(cmp("f", Op.NE, 5.0)).size());
  }

  @Test
  void whatCannotBePushedReadsEverything() throws IOException {
    assertRowGroups(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), cmp("legacy", Op.EQ, 0L));
    assertRowGroups(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), cmp("absent", Op.EQ, 1L));
    assertRowGroups(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), cmp("dec64", Op.EQ, new BigDecimal("1e20")));
  }

  @Test
  void positionsAndStatisticsOfTheRowGroupsRead() throws IOException {
    ScanStatistics statistics = new ScanStatistics();
    List<Long> ids = new ArrayList<>();
    try (BufferAllocator allocator = Memory.newRootAllocator(1L << 28);
        Storage storage = Storage.local();
        CloseableIterator<ParquetBatch> batches = ParquetScan.open(
            storage.parquetInput(file.toString()), file.toString(), List.of(ColumnSpec.fromFile(ID)),
            new RowGroupFilter(new Filter.In("id", List.of(123L, 777L)), columns()),
            new ScanContext(allocator, 30, statistics))) {
      while (batches.hasNext()) {
        ParquetBatch batch = batches.next();
        try (var root = batch.root()) {
          BigIntVector id = (BigIntVector) root.getVector(0);
          for (int row = 0; row < root.getRowCount(); row++) {
            // the value of id is its position in the file
            assertEquals(batch.firstRowPosition() + row, id.get(row));
            ids.add(id.get(row));
          }
        }
      }
    }
    assertEquals(200, ids.size());
    assertEquals(100L, ids.get(0));
    assertEquals(700L, ids.get(100));
    assertEquals(1, statistics.filesOpened());
    assertEquals(2, statistics.rowGroupsRead());
    assertEquals(8, statistics.rowGroupsSkipped());
    assertEquals(200, statistics.rowsDecoded());
    assertTrue(statistics.bytesRead() > 0, statistics::toString);
  }

  /** The row groups (id / 100) a scan of the id column reads with the filter. */
  private static void assertRowGroups(List<Integer> expected, Filter filter) throws IOException {
    assertEquals(expected, read(filter), filter::toString);
  }

  private static List<Integer> read(Filter filter) throws IOException {
    return read(file, filter, new ScanStatistics());
  }

  private static List<Integer> read(Path file, Filter filter, ScanStatistics statistics) throws IOException {
    List<Integer> groups = new ArrayList<>();
    try (BufferAllocator allocator = Memory.newRootAllocator(1L << 28);
        Storage storage = Storage.local();
        CloseableIterator<ParquetBatch> batches = ParquetScan.open(
            storage.parquetInput(file.toString()), file.toString(), List.of(ColumnSpec.fromFile(ID)),
            new RowGroupFilter(filter, columns()), new ScanContext(allocator, 1000, statistics))) {
      while (batches.hasNext()) {
        ParquetBatch batch = batches.next();
        try (var root = batch.root()) {
          int group = (int) (batch.firstRowPosition() / 100);
          if (groups.isEmpty() || groups.get(groups.size() - 1) != group) {
            groups.add(group);
          }
          // the page index may leave only some pages of a row group, but a batch stays in one
          assertEquals(group, (int) ((batch.firstRowPosition() + root.getRowCount() - 1) / 100));
        }
      }
    }
    assertEquals(groups.size(), statistics.rowGroupsRead());
    assertEquals(10 - groups.size(), statistics.rowGroupsSkipped());
    return groups;
  }

  private static Map<String, Field> columns() {
    Map<String, Field> columns = new java.util.HashMap<>();
    ALL.forEach(f -> columns.put(f.getName(), f));
    columns.put(V.getName(), V);
    return columns;
  }

  private static Filter cmp(String column, Op op, Object literal) {
    return new Filter.Comparison(column, op, literal);
  }

  private static Field field(String name, ArrowType type) {
    return new Field(name, FieldType.nullable(type), null);
  }
}
