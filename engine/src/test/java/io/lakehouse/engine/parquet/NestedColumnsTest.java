package io.lakehouse.engine.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.table.Memory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Structs, lists and maps of every shape the Parquet format allows, including the legacy list
 * forms, filled at random (nulls, empty lists, null elements) and compared value by value with
 * parquet-mr's Group reader.
 */
class NestedColumnsTest {

  private static final String SCHEMA = """
      message m {
        required int32 id;
        optional group s {
          optional int32 a;
          optional group inner { optional binary t (STRING); required int64 u; }
        }
        required group rs { optional double d; }
        optional group l (LIST) { repeated group list { optional int64 element; } }
        required group rl (LIST) { repeated group list { required int32 element; } }
        optional group ls (LIST) {
          repeated group list { optional group element { optional int32 x; optional binary y (STRING); } }
        }
        optional group ll (LIST) {
          repeated group list { optional group element (LIST) { repeated group list { optional int32 element; } } }
        }
        optional group m (MAP) {
          repeated group key_value { required binary key (STRING); optional group value { optional int32 v; } }
        }
        optional group ml (MAP) {
          repeated group key_value {
            required int32 key;
            optional group value (LIST) { repeated group list { optional int32 element; } }
          }
        }
        optional group mkv (MAP_KEY_VALUE) {
          repeated group map (MAP_KEY_VALUE) { required int32 key; optional binary value (STRING); }
        }
        optional group two_level (LIST) { repeated int32 array; }
        optional group two_level_struct (LIST) { repeated group array { optional int32 p; } }
        optional group tuple (LIST) { repeated group tuple_tuple { required int32 q; } }
        optional group multi (LIST) { repeated group pair { required int32 a; optional int32 b; } }
        optional group bag (LIST) { repeated group bag { optional int32 array; } }
        repeated int32 bare;
        repeated group bare_group { optional int32 c; repeated binary tags (STRING); }
      }
      """;

  @TempDir Path dir;

  @Test
  void randomNestedValuesEqualParquetMrs() throws Exception {
    MessageType schema = MessageTypeParser.parseMessageType(SCHEMA);
    Random random = new Random(42);
    Path file = ParquetFiles.write(dir.resolve("nested.parquet"), SCHEMA, 3000, true, 700,
        (row, group) -> fill(group, schema, random, row));
    List<Group> expected = ParquetFiles.readGroups(file);

    List<ColumnSpec> columns = new ArrayList<>();
    schema.getFields().forEach(f -> columns.add(ColumnSpec.fromFile(GroupValues.arrowField(f))));
    List<Map<String, Object>> actual = new ArrayList<>();
    try (BufferAllocator allocator = Memory.newRootAllocator(Long.MAX_VALUE)) {
      int batches = ParquetFiles.scan(file, columns, allocator, 256, batch -> {
        assertEquals(actual.size(), batch.firstRowPosition());
        for (int i = 0; i < batch.root().getRowCount(); i++) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int c = 0; c < columns.size(); c++) {
            row.put(schema.getFieldName(c), ArrowValues.get(batch.root().getVector(c), i));
          }
          actual.add(row);
        }
      });
      assertEquals(0, allocator.getAllocatedMemory());
      assertEquals(4 * 3 + 1, batches, "700-row groups in batches of at most 256");
    }
    assertEquals(3000, actual.size());
    int nullLists = 0;
    int emptyLists = 0;
    int nullElements = 0;
    int nullStructs = 0;
    for (int r = 0; r < expected.size(); r++) {
      Map<String, Object> expectedRow = GroupValues.row(expected.get(r));
      assertEquals(expectedRow, actual.get(r), "row " + r);
      Object list = expectedRow.get("l");
      nullLists += list == null ? 1 : 0;
      emptyLists += list instanceof List<?> values && values.isEmpty() ? 1 : 0;
      nullElements += list instanceof List<?> values && values.contains(null) ? 1 : 0;
      nullStructs += expectedRow.get("s") == null ? 1 : 0;
    }
    assertTrue(nullLists > 0 && emptyLists > 0 && nullElements > 0 && nullStructs > 0);
  }

  /** Fills every field of {@code group} at random: optional ones may be null, repeated ones 0-3 times. */
  private static void fill(Group group, GroupType type, Random random, int row) {
    for (Type field : type.getFields()) {
      int count = switch (field.getRepetition()) {
        case REQUIRED -> 1;
        case OPTIONAL -> random.nextInt(5) == 0 ? 0 : 1;
        case REPEATED -> random.nextInt(4);
      };
      for (int i = 0; i < count; i++) {
        if (field.isPrimitive()) {
          appendPrimitive(group, field, random, row);
        } else {
          fill(group.addGroup(field.getName()), field.asGroupType(), random, row);
        }
      }
    }
  }

  private static void appendPrimitive(Group group, Type field, Random random, int row) {
    String name = field.getName();
    switch (field.asPrimitiveType().getPrimitiveTypeName()) {
      case INT32 -> group.append(name, name.equals("id") ? row : random.nextInt(100) - 50);
      case INT64 -> group.append(name, random.nextLong());
      case DOUBLE -> group.append(name, random.nextDouble());
      default -> group.append(name, "v" + random.nextInt(1000));
    }
  }
}
