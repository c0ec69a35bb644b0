package io.lakehouse.engine.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.Filter.Op;
import io.lakehouse.engine.table.Memory;
import io.lakehouse.engine.table.RowFilter;
import io.lakehouse.engine.table.ScanContext;
import io.lakehouse.engine.table.ScanStatistics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Late materialization and page skipping, on a file parquet-mr wrote with pages of 50 rows sorted
 * on {@code id}: every scan's rows must be parquet-mr's own rows that are live and match the
 * filter, while the statistics show what was not read or decoded.
 */
class LateMaterializationTest {

  static final String SCHEMA = """
      message m {
        required int64 id;
        optional int32 k;
        optional binary s (STRING);
        optional double f;
        optional group tags (LIST) { repeated group list { optional binary element (STRING); } }
      }""";

  static final int ROWS = 6000;

  @TempDir static Path dir;
  static Path file;
  static MessageType schema;
  static Map<String, Field> fields = new LinkedHashMap<>();
  /** parquet-mr's rows, by position. */
  static List<Map<String, Object>> expected = new ArrayList<>();

  @BeforeAll
  static void write() throws IOException {
    schema = MessageTypeParser.parseMessageType(SCHEMA);
    file = ParquetFiles.write(dir.resolve("sorted.parquet"), SCHEMA, ROWS, true, 2000, 50, (row, group) -> {
      group.add("id", (long) row);
      if (row % 7 != 3) {
        // every page of k spans most of 0-199: its page index rules out no page
        group.add("k", row * 37 % 200);
      }
      if (row % 11 != 4) {
        group.add("s", "s-" + row);
      }
      if (row % 13 != 6) {
        group.add("f", row % 17 == 0 ? Double.NaN : row / 10.0);
      }
      if (row % 5 != 0) {
        Group tags = group.addGroup("tags");
        for (int t = 0; t < row % 3; t++) {
          Group element = tags.addGroup("list");
          if (t != 1) {
            element.add("element", "t" + (row + t));
          }
        }
      }
    });
    schema.getFields().forEach(f -> fields.put(f.getName(), GroupValues.arrowField(f)));
    for (Group group : ParquetFiles.readGroups(file)) {
      expected.add(GroupValues.row(group));
    }
  }

  @Test
  void pagesOfASortedColumnAreSkippedAndRowsStayExact() throws IOException {
    Filter filter = new Filter.And(List.of(cmp("id", Op.GE, 1010L), cmp("id", Op.LT, 1130L)));
    ScanStatistics statistics = scan(List.of("id", "s", "tags"), filter, null, 64, row -> {
      long id = (Long) row.get("id");
      return id >= 1010 && id < 1130;
    });
    // 3 of the 40 pages of each of the 3 columns of the one row group read are read
    assertEquals(3 * 37, statistics.pagesSkipped(), statistics::toString);
    assertEquals(150, statistics.rowsDecoded(), statistics::toString);
    assertEquals(1, statistics.rowGroupsRead(), statistics::toString);
  }

  @Test
  void filterColumnsAreDecodedFirstAndTheOthersOnlyForBatchesWithSurvivors() throws IOException {
    // k = 5 holds in rows 65, 265, 465, ...: most batches of 40 rows have no survivor
    for (List<String> columns : List.of(List.of("k", "s", "tags", "f"), List.of("s", "tags", "f", "k"))) {
      ScanStatistics statistics = scan(columns, cmp("k", Op.EQ, 5L), null, 40, row -> equal(row.get("k"), 5));
      // the page index rules out few pages (their k happen to skip 5); most rows are read
      assertTrue(statistics.rowsDecoded() > ROWS * 9 / 10, statistics::toString);
      assertTrue(statistics.valuesNotDecoded() > 3 * 4000, statistics::toString);
      // the flat columns' pages that lie in dropped batches only are never decoded
      assertTrue(statistics.pagesNotDecoded() > 2 * 60, statistics::toString);
    }
  }

  @Test
  void nestedColumnsWhosePagesEndElsewhereStayAligned(@TempDir Path dir) throws IOException {
    // tags holds long strings: its pages close at 300 bytes, every few rows, not every 50
    Path wide = ParquetFiles.write(dir.resolve("wide.parquet"), SCHEMA, 3000, false, 3000, 50, 300, (row, group) -> {
      group.add("id", (long) row);
      Group tags = group.addGroup("tags");
      for (int t = 0; t < 1 + row % 2; t++) {
        tags.addGroup("list").add("element", "tag-" + row + "-" + t + "-" + "x".repeat(row % 23));
      }
    });
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Group group : ParquetFiles.readGroups(wide)) {
      rows.add(GroupValues.row(group));
    }
    Filter filter = new Filter.Or(List.of(
        new Filter.And(List.of(cmp("id", Op.GE, 1010L), cmp("id", Op.LT, 1130L))), cmp("id", Op.GT, 2890L)));
    ScanStatistics statistics = scan(wide, rows, List.of("tags", "id"), filter, null, 64, row -> {
      long id = (Long) row.get("id");
      return (id >= 1010 && id < 1130) || id > 2890;
    });
    assertTrue(statistics.pagesSkipped() > 60, statistics::toString);
  }

  @Test
  void nullsNaNAndDisjunctions() throws IOException {
    scan(List.of("id", "k", "s", "f"), new Filter.IsNull("k"), null, 100, row -> row.get("k") == null);
    scan(List.of("id", "f"), cmp("f", Op.GT, 300.0), null, 100,
        row -> row.get("f") instanceof Double d && d > 300.0);
    scan(List.of("s", "tags", "k", "id"),
        new Filter.Or(List.of(cmp("k", Op.LT, 3L), new Filter.StartsWith("s", "s-42"))), null, 128,
        row -> (row.get("k") instanceof Long k && k < 3)
            || (row.get("s") instanceof String s && s.startsWith("s-42")));
    scan(List.of("id", "s"), new Filter.Not(new Filter.IsNotNull("s")), null, 128, row -> row.get("s") == null);
  }

  @Test
  void deletedRowsAreLeftOutAndPagesWhoseRowsAreAllDeletedAreSkipped() throws IOException {
    // rows 2000-2399 (the first 8 pages of the second row group) and every third row are deleted
    LongPredicate isDeleted = position -> (position >= 2000 && position < 2400) || position % 3 == 1;
    long[] positions = LongStream.range(0, ROWS).filter(isDeleted).toArray();
    Filter filter = cmp("id", Op.LT, 2600L);
    ScanStatistics statistics = scan(List.of("tags", "id", "s"), filter, DeletedRows.of(positions), 64,
        row -> (Long) row.get("id") < 2600 && !isDeleted.test((Long) row.get("id")));
    // in the second row group, pages 0-7 are deleted and pages 12-39 do not match
    assertEquals(3 * (8 + 28), statistics.pagesSkipped(), statistics::toString);
    assertEquals(2000 + 200, statistics.rowsDecoded(), statistics::toString);

    // no filter at all: the deleted pages are still not read
    statistics = scan(List.of("id", "k"), Filter.ALWAYS_TRUE, DeletedRows.of(positions), 100,
        row -> !isDeleted.test((Long) row.get("id")));
    assertEquals(2 * 8, statistics.pagesSkipped(), statistics::toString);

    // every row deleted: nothing is read
    long[] all = LongStream.range(0, ROWS).toArray();
    statistics = scan(List.of("id", "s"), cmp("k", Op.GE, 0L), DeletedRows.of(all), 100, row -> false);
    assertEquals(0, statistics.rowGroupsRead(), statistics::toString);
  }

  @Test
  void deletesAndTheResidualFilterTogether() throws IOException {
    LongPredicate isDeleted = position -> position % 4 == 1 || (position >= 4000 && position < 4100);
    long[] positions = LongStream.range(0, ROWS).filter(isDeleted).toArray();
    Filter filter = new Filter.And(List.of(
        cmp("k", Op.GE, 100L), cmp("k", Op.LT, 110L), new Filter.IsNotNull("s")));
    scan(List.of("f", "tags", "k", "s"), filter, DeletedRows.of(positions), 50,
        row -> !isDeleted.test((Long) row.get("id"))
            && row.get("k") instanceof Long k && k >= 100 && k < 110 && row.get("s") != null);
  }

  /**
   * Scans {@code columns} (and the filter's columns and id, appended when missing) with {@code filter} as the row-group,
   * page and residual filter, asserts that the live rows are parquet-mr's rows that are live
   * ({@code wanted} says so) in order, and returns the statistics.
   */
  private static ScanStatistics scan(
      List<String> columns, Filter filter, DeletedRows deleted, int batchSize, Predicate<Map<String, Object>> wanted)
      throws IOException {
    return scan(file, expected, columns, filter, deleted, batchSize, wanted);
  }

  private static ScanStatistics scan(
      Path file,
      List<Map<String, Object>> expected,
      List<String> columns,
      Filter filter,
      DeletedRows deleted,
      int batchSize,
      Predicate<Map<String, Object>> wanted)
      throws IOException {
    List<String> read = new ArrayList<>(columns);
    for (String column : io.lakehouse.engine.table.Filters.columns(filter)) {
      if (!read.contains(column)) {
        read.add(column);
      }
    }
    if (!read.contains("id")) {
      read.add("id");
    }
    List<ColumnSpec> specs = new ArrayList<>();
    Map<String, Integer> indexes = new HashMap<>();
    for (String column : read) {
      indexes.put(column, specs.size());
      specs.add(ColumnSpec.fromFile(fields.get(column)));
    }
    Filter residual = RowFilter.residual(filter, name -> read.contains(name) ? fields.get(name).getType() : null);
    assertEquals(filter, residual, "the whole filter is evaluated on rows");
    ScanStatistics statistics = new ScanStatistics();
    List<Map<String, Object>> actual = new ArrayList<>();
    try (BufferAllocator allocator = Memory.newRootAllocator(1L << 30)) {
      try (Storage storage = Storage.local();
          CloseableIterator<ParquetBatch> batches = ParquetScan.open(
              storage.parquetInput(file.toString()), file.toString(), specs, new RowGroupFilter(filter, fields),
              deleted, new ScanContext(allocator, batchSize, statistics).withRowFilter(RowFilter.of(residual, indexes)))) {
        while (batches.hasNext()) {
          ParquetBatch batch = batches.next();
          try (var root = batch.root()) {
            assertTrue(root.getRowCount() <= batchSize);
            for (var vector : root.getFieldVectors()) {
              // consumers trust value and null counts (the SQL layer's aggregates do)
              assertEquals(root.getRowCount(), vector.getValueCount(), vector.getName());
            }
            var rows = batch.rows();
            assertTrue(rows.rowCount() > 0, "a batch with no live row is not returned");
            for (int i = 0; i < rows.rowCount(); i++) {
              int row = rows.rowIndex(i);
              Map<String, Object> values = new LinkedHashMap<>();
              for (int c = 0; c < read.size(); c++) {
                values.put(read.get(c), ArrowValues.get(root.getVector(c), row));
              }
              assertEquals(batch.firstRowPosition() + row, values.get("id"), "position of " + values);
              actual.add(values);
            }
          }
        }
      }
      assertEquals(0, allocator.getAllocatedMemory());
    }
    List<Map<String, Object>> want = new ArrayList<>();
    for (Map<String, Object> row : expected) {
      if (wanted.test(row)) {
        Map<String, Object> values = new LinkedHashMap<>();
        read.forEach(c -> values.put(c, row.get(c)));
        want.add(values);
      }
    }
    assertTrue(!want.isEmpty() || filter != Filter.ALWAYS_TRUE);
    assertEquals(want, actual, filter::toString);
    return statistics;
  }

  private static boolean equal(Object value, long expected) {
    return value instanceof Long l && l == expected;
  }

  private static Filter cmp(String column, Op op, Object literal) {
    return new Filter.Comparison(column, op, literal);
  }
}
