package io.lakehouse.engine.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.DictionaryVector;
import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.Memory;
import io.lakehouse.engine.table.RowFilter;
import io.lakehouse.engine.table.ScanContext;
import io.lakehouse.engine.table.ScanStatistics;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Columns that only the scan's filter reads stay dictionary-encoded whatever their type: the
 * filter tests each dictionary entry once and each row looks its entry's result up. The rows
 * kept must be those a direct test of every row's value keeps, with nulls, several conditions on
 * one column, and pages that leave the dictionary for PLAIN when it grows too large.
 */
class FilterOnlyDictionariesTest {

  private static final String SCHEMA = "message m { required int64 id; optional int32 day (DATE);"
      + " required int64 qty (DECIMAL(15,2)); optional double price; required int32 wide; }";
  private static final int ROWS = 9000;

  @TempDir Path dir;

  /** Row {@code i}'s day: one of 40, null every eleventh row. */
  private static Integer day(int i) {
    return i % 11 == 4 ? null : 9000 + (i * 7) % 40;
  }

  /** Row {@code i}'s quantity in hundredths: one of 50 whole numbers. */
  private static long qty(int i) {
    return (1 + (i * 13) % 50) * 100L;
  }

  /** Row {@code i}'s price: one of 9, null every fifth row. */
  private static Double price(int i) {
    return i % 5 == 2 ? null : (i % 9) * 1.5;
  }

  /** Row {@code i}'s wide value: few values at first in each row group, then all distinct (the dictionary overflows). */
  private static int wide(int i) {
    return i % 3000 < 700 ? i % 6 : 1_000_000 + i;
  }

  private Path write() throws IOException {
    Path file = dir.resolve("numbers.parquet");
    MessageType schema = MessageTypeParser.parseMessageType(SCHEMA);
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
        .withType(schema)
        .withDictionaryEncoding(true)
        .withDictionaryPageSize(2048)
        .withRowGroupRowCountLimit(3000)
        .withPageRowCountLimit(400)
        .withMinRowCountForPageSizeCheck(1)
        .build()) {
      for (int i = 0; i < ROWS; i++) {
        Group group = groups.newGroup();
        group.add("id", (long) i);
        if (day(i) != null) {
          group.add("day", day(i));
        }
        group.add("qty", qty(i));
        if (price(i) != null) {
          group.add("price", price(i));
        }
        group.add("wide", wide(i));
        writer.write(group);
      }
    }
    return file;
  }

  private static List<ColumnSpec> columns() {
    return List.of(
        ColumnSpec.fromFile(new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null)),
        ColumnSpec.fromFile(new Field("day", FieldType.nullable(new ArrowType.Date(DateUnit.DAY)), null)),
        ColumnSpec.fromFile(new Field("qty", FieldType.notNullable(new ArrowType.Decimal(15, 2, 128)), null)),
        ColumnSpec.fromFile(new Field("price", FieldType.nullable(new ArrowType.FloatingPoint(
            org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE)), null)),
        ColumnSpec.fromFile(new Field("wide", FieldType.notNullable(new ArrowType.Int(32, true)), null)));
  }

  private record Scan(List<Long> ids, int encodedFilterVectors, int plainFilterVectors) {}

  /** The ids of the rows kept when the reader evaluates {@code filter}, the columns after id read by it alone or not. */
  private static Scan scan(Path file, Filter filter, boolean readAlone) throws IOException {
    RowFilter rowFilter = RowFilter.of(
        RowFilter.residual(filter, name -> columns().stream()
            .filter(c -> c.field().getName().equals(name)).findFirst().orElseThrow().field().getType()),
        Map.of("id", 0, "day", 1, "qty", 2, "price", 3, "wide", 4));
    if (readAlone) {
      rowFilter = rowFilter.readingAloneFrom(1);
    }
    assertEquals(filter, rowFilter.residual(), "the whole filter is evaluated in the scan");
    List<Long> ids = new ArrayList<>();
    int encoded = 0;
    int plain = 0;
    try (BufferAllocator allocator = Memory.newRootAllocator(Long.MAX_VALUE);
        Storage storage = Storage.local();
        CloseableIterator<ParquetBatch> batches = ParquetScan.open(
            storage.parquetInput(file.toString()), file.toString(), columns(),
            new ScanContext(allocator, 256, new ScanStatistics(), false).withRowFilter(rowFilter))) {
      while (batches.hasNext()) {
        ParquetBatch batch = batches.next();
        try (var root = batch.root()) {
          assertTrue(batch.filteredBy() == rowFilter, "the reader evaluated the filter");
          for (int v = 1; v < root.getFieldVectors().size(); v++) {
            FieldVector vector = root.getVector(v);
            if (vector instanceof DictionaryVector) {
              encoded++;
            } else if (vector.getValueCount() > 0) {
              plain++;
            }
          }
          BigIntVector id = (BigIntVector) root.getVector(0);
          int[] selection = batch.selection();
          int count = selection == null ? root.getRowCount() : selection.length;
          for (int r = 0; r < count; r++) {
            ids.add(id.get(selection == null ? r : selection[r]));
          }
        }
      }
    }
    return new Scan(ids, encoded, plain);
  }

  private static List<Long> expected(IntPredicate keep) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      if (keep.test(i)) {
        ids.add((long) i);
      }
    }
    return ids;
  }

  private static Filter.Comparison compare(String column, Filter.Op op, Object literal) {
    return new Filter.Comparison(column, op, literal);
  }

  @Test
  void rowsKeptAreThoseWhoseValuesPass() throws IOException {
    Path file = write();
    Filter filter = new Filter.And(List.of(
        compare("day", Filter.Op.GE, 9010), compare("day", Filter.Op.LT, 9030),
        compare("qty", Filter.Op.LT, new BigDecimal("24.00")),
        compare("price", Filter.Op.NE, 3.0),
        compare("wide", Filter.Op.LE, 1_004_000L)));
    List<Long> expected = expected(i -> day(i) != null && day(i) >= 9010 && day(i) < 9030
        && qty(i) < 2400 && price(i) != null && price(i) != 3.0 && wide(i) <= 1_004_000);
    assertTrue(expected.size() > 100 && expected.size() < ROWS / 4, "a selective filter: " + expected.size());

    Scan alone = scan(file, filter, true);
    assertEquals(expected, alone.ids());
    assertTrue(alone.encodedFilterVectors() > 0, "filter-only columns came dictionary-encoded");
    assertTrue(alone.plainFilterVectors() > 0, "the overflowing column's PLAIN pages came as values");

    Scan shared = scan(file, filter, false);
    assertEquals(expected, shared.ids());
    assertEquals(0, shared.encodedFilterVectors(), "columns others read stay plain");
  }

  @Test
  void inListsAndEqualityOnEntries() throws IOException {
    Path file = write();
    Filter filter = new Filter.And(List.of(
        new Filter.In("qty", List.of(new BigDecimal("3.00"), new BigDecimal("17.00"), new BigDecimal("49.00"))),
        compare("day", Filter.Op.EQ, 9012)));
    List<Long> expected = expected(i -> (qty(i) == 300 || qty(i) == 1700 || qty(i) == 4900)
        && day(i) != null && day(i) == 9012);
    assertFalse(expected.isEmpty());
    assertEquals(expected, scan(file, filter, true).ids());
  }
}
