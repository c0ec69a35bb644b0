package io.lakehouse.engine.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.DictionaryVector;
import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.Memory;
import io.lakehouse.engine.table.RowBatch;
import io.lakehouse.engine.table.RowFilter;
import io.lakehouse.engine.table.ScanContext;
import io.lakehouse.engine.table.ScanStatistics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dictionary-encoded string and binary columns kept as {@link DictionaryVector}s, on files written
 * by parquet-mr: every value and null is the one parquet-mr's reader gives and the one a plain
 * decode gives; a batch that reaches the PLAIN pages a writer falls back to once its dictionary
 * grows too big is decoded plain; each row group has its own dictionary; and a residual filter
 * keeps exactly the rows it keeps on plain vectors while comparing each dictionary entry once.
 */
class DictionaryVectorsTest {

  private static final String SCHEMA =
      "message m { optional binary s (STRING); required binary tag (STRING); optional binary raw; }";
  private static final int ROWS = 6000;
  private static final int ROW_GROUP = 2000;
  private static final int BATCH = 300;

  @TempDir Path dir;

  /** Row {@code i}: a value of its row group's own small set, null every seventh row. */
  private static String lowCardinality(int i) {
    return i % 7 == 3 ? null : "g" + (i / ROW_GROUP) + "-" + (i * 31 % 11) + (i % 5 == 0 ? "é" : "");
  }

  /** Row {@code i}: a small set for the first 500 rows of each row group, then all distinct. */
  private static String overflowing(int i) {
    if (i % 13 == 5) {
      return null;
    }
    return i % ROW_GROUP < 500 ? "v" + (i % 9) : "distinct-value-" + i + "-padding-to-grow-the-dictionary";
  }

  private Path write(String name, int dictionaryPageSize, java.util.function.IntFunction<String> strings)
      throws IOException {
    Path file = dir.resolve(name);
    MessageType schema = MessageTypeParser.parseMessageType(SCHEMA);
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
        .withType(schema)
        .withDictionaryEncoding(true)
        .withDictionaryPageSize(dictionaryPageSize)
        .withRowGroupRowCountLimit(ROW_GROUP)
        .withPageRowCountLimit(170)
        .withMinRowCountForPageSizeCheck(1)
        .build()) {
      for (int i = 0; i < ROWS; i++) {
        Group group = groups.newGroup();
        String s = strings.apply(i);
        if (s != null) {
          group.add("s", s);
        }
        group.add("tag", i % 3 == 0 ? "red" : "blue");
        if (i % 4 != 1) {
          group.add("raw", Binary.fromConstantByteArray(new byte[] {(byte) (i % 6), (byte) 0x80}));
        }
        writer.write(group);
      }
    }
    return file;
  }

  private static List<ColumnSpec> columns() {
    return List.of(
        ColumnSpec.fromFile(new Field("s", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)),
        ColumnSpec.fromFile(new Field("tag", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null)),
        ColumnSpec.fromFile(new Field("raw", FieldType.nullable(ArrowType.Binary.INSTANCE), null)));
  }

  /** Every row's values (strings; binary as lists of bytes) and how many batch columns kept a dictionary. */
  private record Scan(List<List<Object>> rows, int encodedVectors, int plainVectors, Set<Long> dictionaryIds) {}

  private static Scan scan(Path file, boolean keepDictionaries, Filter filter, ScanStatistics statistics)
      throws IOException {
    List<List<Object>> rows = new ArrayList<>();
    int[] counts = new int[2];
    Set<Long> ids = new HashSet<>();
    try (BufferAllocator allocator = Memory.newRootAllocator(Long.MAX_VALUE);
        Storage storage = Storage.local();
        CloseableIterator<ParquetBatch> batches = ParquetScan.open(
            storage.parquetInput(file.toString()), file.toString(), columns(),
            new ScanContext(allocator, BATCH, statistics, keepDictionaries))) {
      RowFilter rowFilter = filter == null ? null
          : RowFilter.of(filter, Map.of("s", 0, "tag", 1, "raw", 2));
      while (batches.hasNext()) {
        try (RowBatch batch = rowFilter == null
            ? RowBatch.all(batches.next().root())
            : rowFilter.apply(RowBatch.all(batches.next().root()), statistics)) {
          for (FieldVector vector : batch.root().getFieldVectors()) {
            if (vector instanceof DictionaryVector encoded) {
              counts[0]++;
              ids.add(encoded.dictionary().id());
              assertEquals(encoded.dictionary().id(), vector.getField().getDictionary().getId());
            } else {
              assertTrue(vector instanceof VarCharVector || vector instanceof VarBinaryVector);
              counts[1]++;
            }
          }
          for (int i = 0; i < batch.rowCount(); i++) {
            int row = batch.rowIndex(i);
            List<Object> values = new ArrayList<>();
            for (FieldVector vector : batch.root().getFieldVectors()) {
              values.add(value(vector, row));
            }
            rows.add(values);
          }
        }
      }
    }
    return new Scan(rows, counts[0], counts[1], ids);
  }

  /** A value as a String (text) or a list of bytes, read the way a consumer of each vector kind reads it. */
  private static Object value(FieldVector vector, int row) {
    if (vector.isNull(row)) {
      return null;
    }
    byte[] bytes;
    boolean text;
    if (vector instanceof DictionaryVector encoded) {
      text = encoded.dictionary().isText();
      bytes = encoded.dictionary().bytes(encoded.index(row));
      assertEquals(text ? encoded.dictionary().string(encoded.index(row)) : null,
          text ? new String(bytes, StandardCharsets.UTF_8) : null);
    } else {
      text = vector instanceof VarCharVector;
      bytes = text ? ((VarCharVector) vector).get(row) : ((VarBinaryVector) vector).get(row);
    }
    if (text) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    List<Byte> list = new ArrayList<>();
    for (byte b : bytes) {
      list.add(b);
    }
    return list;
  }

  /** The rows as parquet-mr's own reader assembles them. */
  private static List<List<Object>> expected(Path file) throws IOException {
    List<List<Object>> rows = new ArrayList<>();
    for (Group group : ParquetFiles.readGroups(file)) {
      List<Object> values = new ArrayList<>();
      values.add(group.getFieldRepetitionCount("s") == 0 ? null : group.getString("s", 0));
      values.add(group.getString("tag", 0));
      if (group.getFieldRepetitionCount("raw") == 0) {
        values.add(null);
      } else {
        List<Byte> list = new ArrayList<>();
        for (byte b : group.getBinary("raw", 0).getBytes()) {
          list.add(b);
        }
        values.add(list);
      }
      rows.add(values);
    }
    return rows;
  }

  @Test
  void dictionaryColumnsKeepTheirDictionaryAndEveryValue() throws IOException {
    Path file = write("low.parquet", 1024 * 1024, DictionaryVectorsTest::lowCardinality);
    ScanStatistics statistics = new ScanStatistics();
    Scan kept = scan(file, true, null, statistics);
    assertEquals(expected(file), kept.rows());
    assertEquals(scan(file, false, null, new ScanStatistics()).rows(), kept.rows());
    int batches = 3 * ((ROW_GROUP + BATCH - 1) / BATCH);
    assertEquals(3 * batches, kept.encodedVectors(), "every column of every batch keeps its dictionary");
    assertEquals(0, kept.plainVectors());
    assertEquals(3 * batches, statistics.dictionaryVectors());
    assertEquals(9, kept.dictionaryIds().size(), "a dictionary per column chunk");
  }

  @Test
  void plainVectorsUnlessAsked() throws IOException {
    Path file = write("low.parquet", 1024 * 1024, DictionaryVectorsTest::lowCardinality);
    Scan plain = scan(file, false, null, new ScanStatistics());
    assertEquals(0, plain.encodedVectors());
  }

  @Test
  void batchesReachingPlainPagesAreDecodedPlain() throws IOException {
    Path file = write("overflow.parquet", 2048, DictionaryVectorsTest::overflowing);
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      for (BlockMetaData block : reader.getRowGroups()) {
        Set<Encoding> encodings = block.getColumns().get(0).getEncodings();
        assertTrue(encodings.contains(Encoding.PLAIN), "the writer fell back to PLAIN: " + encodings);
      }
    }
    Scan kept = scan(file, true, null, new ScanStatistics());
    assertEquals(expected(file), kept.rows());
    assertTrue(kept.encodedVectors() > 0);
    assertTrue(kept.plainVectors() > 0);
  }

  @Test
  void filtersGiveThePlainRowsComparingEachEntryOncePerChunk() throws IOException {
    Path low = write("low.parquet", 1024 * 1024, DictionaryVectorsTest::lowCardinality);
    Path overflow = write("overflow.parquet", 2048, DictionaryVectorsTest::overflowing);
    List<Filter> filters = List.of(
        new Filter.Comparison("s", Filter.Op.EQ, "g1-3"),
        new Filter.Comparison("s", Filter.Op.NE, "g1-3"),
        new Filter.Comparison("s", Filter.Op.LT, "g1-5"),
        new Filter.Comparison("s", Filter.Op.LE, "g1-5é"),
        new Filter.Comparison("s", Filter.Op.GT, "g2"),
        new Filter.Comparison("s", Filter.Op.GE, "v3"),
        new Filter.In("s", List.of("g0-1", "g2-7é", "v4", "nowhere")),
        new Filter.IsNull("s"),
        new Filter.IsNotNull("s"),
        new Filter.StartsWith("s", "g2-1"),
        new Filter.StartsWith("s", "distinct-value-4"),
        new Filter.Comparison("raw", Filter.Op.EQ, new byte[] {3, (byte) 0x80}),
        new Filter.Comparison("raw", Filter.Op.GT, new byte[] {2}),
        new Filter.Not(new Filter.Comparison("tag", Filter.Op.EQ, "red")),
        new Filter.Or(List.of(
            new Filter.Comparison("tag", Filter.Op.EQ, "red"),
            new Filter.Not(new Filter.StartsWith("s", "g0")))),
        new Filter.And(List.of(
            new Filter.In("tag", List.of("blue")),
            new Filter.Comparison("s", Filter.Op.LT, "g2-5"))));
    for (Path file : List.of(low, overflow)) {
      for (Filter filter : filters) {
        ScanStatistics statistics = new ScanStatistics();
        Scan kept = scan(file, true, filter, statistics);
        Scan plain = scan(file, false, filter, new ScanStatistics());
        assertEquals(plain.rows(), kept.rows(), file.getFileName() + ": " + filter);
        assertTrue(kept.encodedVectors() > 0);
      }
    }
    // "s" has 3 chunks of at most 22 entries each, over 21 batches: each entry is compared once
    ScanStatistics statistics = new ScanStatistics();
    Scan kept = scan(low, true, new Filter.Comparison("s", Filter.Op.GE, "g1-3"), statistics);
    assertEquals(scan(low, false, new Filter.Comparison("s", Filter.Op.GE, "g1-3"), new ScanStatistics()).rows(),
        kept.rows());
    long entries = 0;
    for (int g = 0; g < 3; g++) {
      Set<String> distinct = new HashSet<>();
      for (int i = g * ROW_GROUP; i < (g + 1) * ROW_GROUP; i++) {
        if (lowCardinality(i) != null) {
          distinct.add(lowCardinality(i));
        }
      }
      entries += distinct.size();
    }
    assertEquals(entries, statistics.dictionaryEntriesFiltered());
    assertNotEquals(0, statistics.rowsFiltered());
  }
}
