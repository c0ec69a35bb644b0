package io.lakehouse.engine.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.Memory;
import io.lakehouse.engine.table.ScanContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Structs, lists and maps of every shape the Parquet format allows, including the legacy list
 * forms, filled at random (nulls, empty lists, null elements) and compared value by value with
 * parquet-mr's Group reader, in V1 and V2 pages, with and without dictionaries, in default and tiny
 * pages.
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

    List<ColumnSpec> columns = columns(schema);
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

  static Stream<Arguments> writers() {
    List<Arguments> arguments = new ArrayList<>();
    for (WriterVersion version : WriterVersion.values()) {
      for (boolean dictionary : new boolean[] {true, false}) {
        for (boolean tinyPages : new boolean[] {true, false}) {
          arguments.add(Arguments.of(version, dictionary, tinyPages));
        }
      }
    }
    return arguments.stream();
  }

  /**
   * Every nested leaf is read page by page, levels and values, whatever the page version, with or
   * without dictionaries (which overflow into PLAIN or DELTA pages in tiny pages), and pages of a
   * few triples that split records; and a page in an encoding left to parquet-mr's reader is read
   * by it, page by page, with the same values.
   */
  @ParameterizedTest(name = "{0} dictionary={1} tinyPages={2}")
  @MethodSource("writers")
  void nestedLeavesAreReadPageByPage(WriterVersion version, boolean dictionary, boolean tinyPages) throws Exception {
    MessageType schema = MessageTypeParser.parseMessageType(SCHEMA);
    Random random = new Random(7);
    Path file = dir.resolve(version + "-" + dictionary + "-" + tinyPages + ".parquet");
    ExampleParquetWriter.Builder builder = ExampleParquetWriter.builder(new LocalOutputFile(file))
        .withType(schema)
        .withWriterVersion(version)
        .withDictionaryEncoding(dictionary)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withRowGroupRowCountLimit(900);
    if (tinyPages) {
      builder = builder.withPageSize(64).withDictionaryPageSize(256).withMinRowCountForPageSizeCheck(1);
    }
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> writer = builder.build()) {
      for (int row = 0; row < 2000; row++) {
        Group group = groups.newGroup();
        fill(group, schema, random, row);
        writer.write(group);
      }
    }
    List<Map<String, Object>> expected = new ArrayList<>();
    ParquetFiles.readGroups(file).forEach(group -> expected.add(GroupValues.row(group)));

    long[] pages = read(file, schema, PageColumnReader.NATIVE_ENCODINGS, expected);
    assertTrue(pages[0] > 0, "no page was decoded natively");
    assertEquals(0, pages[1], "pages in native encodings went to parquet-mr's reader");

    // no value encoding decoded here: every page goes to parquet-mr's reader
    long[] fallback = read(file, schema, EnumSet.of(Encoding.RLE, Encoding.BIT_PACKED), expected);
    assertEquals(0, fallback[0], "a page was decoded natively");
    assertTrue(fallback[1] > 0, "no page went to parquet-mr's reader");
  }

  private static List<ColumnSpec> columns(MessageType schema) {
    List<ColumnSpec> columns = new ArrayList<>();
    schema.getFields().forEach(f -> columns.add(ColumnSpec.fromFile(GroupValues.arrowField(f))));
    return columns;
  }

  /** Reads every column, compares each row with parquet-mr's, and returns native and fallback page counts. */
  private static long[] read(Path file, MessageType schema, Set<Encoding> pageEncodings, List<Map<String, Object>> expected)
      throws Exception {
    List<ColumnSpec> columns = columns(schema);
    int row = 0;
    long[] pages;
    try (BufferAllocator allocator = Memory.newRootAllocator(Long.MAX_VALUE);
        Storage storage = Storage.local();
        ParquetBatchReader batches = ParquetScan.open(
            storage.parquetInput(file.toString()), file.toString(), columns, RowGroupFilter.NONE,
            new ScanContext(allocator, 300), pageEncodings)) {
      while (batches.hasNext()) {
        ParquetBatch batch = batches.next();
        try {
          for (int i = 0; i < batch.root().getRowCount(); i++, row++) {
            Map<String, Object> actual = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) {
              actual.put(schema.getFieldName(c), ArrowValues.get(batch.root().getVector(c), i));
            }
            assertEquals(expected.get(row), actual, file.getFileName() + " row " + row);
          }
        } finally {
          batch.root().close();
        }
      }
      pages = batches.pageCounts();
    }
    assertEquals(expected.size(), row);
    return pages;
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
