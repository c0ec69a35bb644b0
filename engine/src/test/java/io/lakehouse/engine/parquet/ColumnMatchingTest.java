package io.lakehouse.engine.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lakehouse.engine.table.ColumnMetadata;
import io.lakehouse.engine.table.Memory;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Matching by field id and by name, missing columns and nested children, and constants. */
class ColumnMatchingTest {

  private static final ArrowType INT32 = new ArrowType.Int(32, true);

  @TempDir Path dir;

  private static Field field(String name, ArrowType type, Field... children) {
    return new Field(name, FieldType.nullable(type), children.length == 0 ? null : Arrays.asList(children));
  }

  private static Field withId(Field field, int id) {
    return ColumnMetadata.with(field, ColumnMetadata.FIELD_ID, Integer.toString(id));
  }

  private static Map<String, Object> struct(Object... namesAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return map;
  }

  /** Scans and returns the rows as lists of plain values. */
  private static List<List<Object>> scan(Path file, List<ColumnSpec> columns, int batchSize) throws Exception {
    List<List<Object>> rows = new ArrayList<>();
    try (BufferAllocator allocator = Memory.newRootAllocator(Long.MAX_VALUE)) {
      ParquetFiles.scan(file, columns, allocator, batchSize, batch -> {
        assertEquals(rows.size(), batch.firstRowPosition());
        for (int i = 0; i < batch.root().getRowCount(); i++) {
          List<Object> row = new ArrayList<>();
          for (int c = 0; c < columns.size(); c++) {
            row.add(ArrowValues.get(batch.root().getVector(c), i));
          }
          rows.add(row);
        }
      });
      assertEquals(0, allocator.getAllocatedMemory());
    }
    return rows;
  }

  @Test
  void matchesByFieldIdWhenTheFileHasIds() throws Exception {
    Path file = ParquetFiles.write(dir.resolve("ids.parquet"), """
        message m {
          optional int32 a = 1;
          optional binary b (STRING) = 2;
          optional group s = 3 { optional int32 x = 4; optional int32 y = 5; }
        }""", 50, false, 20, (row, g) -> {
          g.append("a", row).append("b", "b" + row);
          g.addGroup("s").append("x", row * 10).append("y", row * 100);
        });
    List<ColumnSpec> columns = List.of(
        ColumnSpec.fromFile(withId(field("renamed_a", INT32), 1)),
        ColumnSpec.fromFile(withId(field("b", ArrowType.Utf8.INSTANCE), 99)),
        ColumnSpec.fromFile(withId(field("st", ArrowType.Struct.INSTANCE,
            withId(field("yy", INT32), 5), withId(field("gone", INT32), 77)), 3)),
        ColumnSpec.fromFile(field("S", ArrowType.Struct.INSTANCE, field("zz", INT32))));
    List<List<Object>> rows = scan(file, columns, 7);
    assertEquals(50, rows.size());
    for (int r = 0; r < 50; r++) {
      assertEquals(
          Arrays.asList((long) r, null, struct("yy", r * 100L, "gone", null), struct("zz", null)),
          rows.get(r));
    }
  }

  @Test
  void matchesByPhysicalNameWhenTheFileHasNoIds() throws Exception {
    Path file = ParquetFiles.write(dir.resolve("names.parquet"), """
        message m {
          optional int32 col_a;
          optional group Col_S { optional int32 Inner; }
        }""", 30, true, 10, (row, g) -> {
          if (row % 3 != 0) {
            g.append("col_a", row);
          }
          if (row % 4 != 0) {
            g.addGroup("Col_S").append("Inner", -row);
          }
        });
    List<ColumnSpec> columns = List.of(
        ColumnSpec.fromFile(withId(ColumnMetadata.with(field("a", INT32), ColumnMetadata.PHYSICAL_NAME, "col_a"), 1)),
        ColumnSpec.fromFile(field("COL_A", new ArrowType.Int(64, true))),
        ColumnSpec.fromFile(field("col_s", ArrowType.Struct.INSTANCE, field("inner", INT32))),
        ColumnSpec.fromFile(field("absent", ArrowType.Utf8.INSTANCE)));
    List<List<Object>> rows = scan(file, columns, 4);
    assertEquals(30, rows.size());
    for (int r = 0; r < 30; r++) {
      Object a = r % 3 != 0 ? (long) r : null;
      Object s = r % 4 != 0 ? struct("inner", (long) -r) : null;
      assertEquals(Arrays.asList(a, a, s, null), rows.get(r), "row " + r);
    }
  }

  @Test
  void constantsFillEveryRowAlsoWithoutFileColumns() throws Exception {
    Path file = ParquetFiles.write(dir.resolve("constants.parquet"), "message m { required int32 id; }",
        25, false, 10, (row, g) -> g.append("id", row));
    List<ColumnSpec> constants = List.of(
        ColumnSpec.constant(field("i", INT32), 42),
        ColumnSpec.constant(field("t", ArrowType.Utf8.INSTANCE), "p=1"),
        ColumnSpec.constant(field("d", new ArrowType.Decimal(5, 2, 128)), new BigDecimal("1.5")),
        ColumnSpec.constant(field("day", new ArrowType.Date(DateUnit.DAY)), 19000),
        ColumnSpec.constant(field("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")), 123L),
        ColumnSpec.constant(field("bool", ArrowType.Bool.INSTANCE), true),
        ColumnSpec.constant(field("none", ArrowType.Utf8.INSTANCE), null));
    List<Object> expected = Arrays.asList(42L, "p=1", new BigDecimal("1.50"), 19000L, 123L, true, null);
    List<List<Object>> rows = scan(file, constants, 4);
    assertEquals(25, rows.size());
    rows.forEach(row -> assertEquals(expected, row));

    List<ColumnSpec> mixed = new ArrayList<>(constants);
    mixed.add(ColumnSpec.fromFile(field("id", INT32)));
    List<List<Object>> mixedRows = scan(file, mixed, 4);
    for (int r = 0; r < 25; r++) {
      List<Object> expectedRow = new ArrayList<>(expected);
      expectedRow.add((long) r);
      assertEquals(expectedRow, mixedRows.get(r));
    }
  }
}
