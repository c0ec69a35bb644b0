package io.lakehouse.engine.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.ByteRange;
import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.Filter.Op;
import io.lakehouse.engine.table.Memory;
import io.lakehouse.engine.table.RowBatch;
import io.lakehouse.engine.table.RowGroupCount;
import io.lakehouse.engine.table.ScanContext;
import io.lakehouse.engine.table.ScanStatistics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file read in parts by byte range: 20 row groups of 100 rows sorted by id, written by
 * parquet-mr, cut evenly by size (cuts landing inside row groups) and where its row groups begin.
 * Read one after another, the parts give the rows of the whole file in the same order, at their
 * positions in the file, with deletes applied by position and row groups skipped by statistics;
 * every row group is read or skipped by exactly one part, and the parts' statistics add up to the
 * whole file's.
 */
class ByteRangeScanTest {

  private static final String SCHEMA = """
      message m {
        required int64 id;
        optional binary s (STRING);
      }""";

  private static final Field ID = new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null);
  private static final Field S = new Field("s", FieldType.nullable(ArrowType.Utf8.INSTANCE), null);
  private static final Map<String, Field> FIELDS = Map.of("id", ID, "s", S);
  private static final List<ColumnSpec> COLUMNS = List.of(ColumnSpec.fromFile(ID), ColumnSpec.fromFile(S));

  /** Rows in six row groups, and every row of row group 12. */
  private static final long[] DELETED = LongStream.concat(
      LongStream.of(0, 150, 151, 777, 1099, 1100, 1999), LongStream.range(1200, 1300)).sorted().toArray();

  private static final List<Filter> FILTERS = List.of(
      Filter.ALWAYS_TRUE,
      // statistics skip row groups 3-11 and 15-19
      new Filter.Or(List.of(
          cmp("id", Op.LT, 250L), new Filter.And(List.of(cmp("id", Op.GE, 1150L), cmp("id", Op.LT, 1500L))))),
      cmp("id", Op.GT, 5000L));

  @TempDir static Path dir;
  static Path file;
  static List<BlockMetaData> rowGroups;

  @BeforeAll
  static void write() throws IOException {
    file = ParquetFiles.write(dir.resolve("ids.parquet"), SCHEMA, 2000, false, 100, (row, group) -> {
      group.add("id", (long) row);
      group.add("s", "s" + row);
    });
    try (Storage storage = Storage.local(); ParquetFileReader reader = footer(storage)) {
      rowGroups = reader.getRowGroups();
    }
    assertEquals(20, rowGroups.size());
  }

  /** Ways to cut the file: by size into 3 and 7 parts, and at the row groups into 20 and 5. */
  private static List<List<ByteRange>> cuttings() throws IOException {
    long size = Files.size(file);
    List<Long> offsets = rowGroups.stream().map(BlockMetaData::getStartingPos).toList();
    return List.of(
        ByteRange.split(size, size / 3, List.of()),
        ByteRange.split(size, size / 7, List.of()),
        ByteRange.split(size, 1, offsets),
        ByteRange.split(size, offsets.get(4) - offsets.get(0), offsets));
  }

  @Test
  void cutsBySizeLandInsideRowGroups() throws IOException {
    for (List<ByteRange> ranges : cuttings().subList(0, 2)) {
      for (ByteRange range : ranges.subList(1, ranges.size())) {
        long cut = range.start();
        assertTrue(rowGroups.stream().anyMatch(g -> strictlyInside(g, cut)), "cut at " + cut);
      }
    }
    assertEquals(20, cuttings().get(2).size());
    assertEquals(5, cuttings().get(3).size());
  }

  @Test
  void partsGiveTheWholeFilesRowsInOrder() throws IOException {
    for (Filter filter : FILTERS) {
      ScanStatistics whole = new ScanStatistics();
      List<String> expected = read(List.of(ByteRange.WHOLE_FILE), filter, whole);
      for (List<ByteRange> ranges : cuttings()) {
        ScanStatistics parts = new ScanStatistics();
        assertEquals(expected, read(ranges, filter, parts), ranges + " " + filter);
        assertEquals(whole.toString(), parts.toString(), ranges + " " + filter);
      }
    }
    // what the filters and deletes leave, checked against the writer's rows
    List<String> all = read(List.of(ByteRange.WHOLE_FILE), Filter.ALWAYS_TRUE, new ScanStatistics());
    assertEquals(2000 - DELETED.length, all.size());
    ScanStatistics skipping = new ScanStatistics();
    List<String> kept = read(List.of(ByteRange.WHOLE_FILE), FILTERS.get(1), skipping);
    assertEquals("1:1:s1", kept.get(0));
    assertEquals("1499:1499:s1499", kept.get(kept.size() - 1));
    // row group 12 is kept by statistics, but all its rows are deleted
    assertEquals(6, skipping.rowGroupsRead(), skipping::toString);
    assertEquals(14, skipping.rowGroupsSkipped(), skipping::toString);
    assertEquals(1, skipping.filesOpened(), skipping::toString);
  }

  @Test
  void everyRowGroupBelongsToExactlyOnePart() throws IOException {
    try (Storage storage = Storage.local(); ParquetFileReader reader = footer(storage)) {
      for (List<ByteRange> ranges : cuttings()) {
        int[] owners = new int[rowGroups.size()];
        for (ByteRange range : ranges) {
          RowGroupFilter.SkipReason[] skipped = RowGroupFilter.NONE.select(reader, file.toString(), range).skipped();
          for (int g = 0; g < skipped.length; g++) {
            if (skipped[g] != RowGroupFilter.SkipReason.OTHER_RANGE) {
              owners[g]++;
            }
          }
        }
        for (int g = 0; g < owners.length; g++) {
          assertEquals(1, owners[g], "row group " + g + " of " + ranges);
        }
      }
    }
    // the row groups EXPLAIN counts (by statistics, before deletes): the parts' add up to the file's
    RowGroupFilter skipping = new RowGroupFilter(FILTERS.get(1), FIELDS);
    try (Storage storage = Storage.local()) {
      RowGroupCount whole =
          skipping.count(storage.parquetInput(file.toString()), file.toString(), ByteRange.WHOLE_FILE);
      assertEquals(new RowGroupCount(7, 20), whole);
      for (List<ByteRange> ranges : cuttings()) {
        RowGroupCount sum = new RowGroupCount(0, 0);
        for (ByteRange range : ranges) {
          sum = sum.plus(skipping.count(storage.parquetInput(file.toString()), file.toString(), range));
        }
        assertEquals(whole, sum, ranges::toString);
      }
    }
  }

  /** The rows of the parts read in order, as position:id:s, counting into {@code statistics}. */
  private static List<String> read(List<ByteRange> ranges, Filter filter, ScanStatistics statistics)
      throws IOException {
    List<String> rows = new ArrayList<>();
    try (BufferAllocator allocator = Memory.newRootAllocator(1L << 30); Storage storage = Storage.local()) {
      for (ByteRange range : ranges) {
        try (CloseableIterator<ParquetBatch> batches = ParquetScan.open(
            storage.parquetInput(file.toString()), file.toString(), COLUMNS, new RowGroupFilter(filter, FIELDS), range,
            DeletedRows.of(DELETED), new ScanContext(allocator, 64, statistics))) {
          while (batches.hasNext()) {
            ParquetBatch batch = batches.next();
            try (RowBatch live = batch.rows()) {
              BigIntVector ids = (BigIntVector) live.root().getVector(0);
              VarCharVector strings = (VarCharVector) live.root().getVector(1);
              for (int i = 0; i < live.rowCount(); i++) {
                int row = live.rowIndex(i);
                rows.add((batch.firstRowPosition() + row) + ":" + ids.get(row) + ":" + strings.getObject(row));
              }
            }
          }
        }
      }
      assertEquals(0, allocator.getAllocatedMemory());
    }
    return rows;
  }

  private static boolean strictlyInside(BlockMetaData rowGroup, long offset) {
    return rowGroup.getStartingPos() < offset && offset < rowGroup.getStartingPos() + rowGroup.getCompressedSize();
  }

  private static ParquetFileReader footer(Storage storage) throws IOException {
    return ParquetFileReader.open(storage.parquetInput(file.toString()), ParquetScan.readOptions());
  }

  private static Filter cmp(String column, Op op, Object literal) {
    return new Filter.Comparison(column, op, literal);
  }
}
