package io.lakehouse.engine.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.ColumnMetadata;
import io.lakehouse.engine.table.Memory;
import io.lakehouse.engine.table.ScanContext;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.column.values.deltalengthbytearray.DeltaLengthByteArrayValuesWriter;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.NanoTime;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Flat columns read page by page compared, value by value, with parquet-mr's own reader: every
 * physical type (and the logical types read through a conversion), required, optional with nulls
 * and all null, written as V1 and V2 data pages, with and without dictionaries, with every codec
 * (LZ4 in Hadoop's framing through lz4-java, BROTLI through the reference encoder), in tiny and
 * default-sized pages. The encodings that result cover PLAIN,
 * dictionaries (with fallback to PLAIN or DELTA within a chunk), RLE booleans, the DELTA encodings
 * and BYTE_STREAM_SPLIT.
 */
class PageDecodingTest {

  private static final int ROWS = 3000;
  private static final int BATCH = 1024;

  @TempDir Path dir;

  /** A column type: its Parquet declaration (with {@code %s} for the name) and row {@code i}'s value. */
  private record Kind(String name, String declaration, ValueSetter setter) {}

  @FunctionalInterface
  private interface ValueSetter {
    void set(Group group, String column, long v);
  }

  /** Low cardinality for the first half (dictionaries), unique values after (dictionary fallback). */
  private static long value(int row) {
    return row < ROWS / 2 ? row % 37 - 18 : row * 7919L - 1_000_000L;
  }

  private static final List<Kind> KINDS = List.of(
      new Kind("bool", "boolean %s", (g, c, v) -> g.add(c, (v & 3) == 1)),
      new Kind("i32", "int32 %s", (g, c, v) -> g.add(c, (int) v)),
      new Kind("i8", "int32 %s (INTEGER(8,true))", (g, c, v) -> g.add(c, (int) (v % 100))),
      new Kind("date", "int32 %s (DATE)", (g, c, v) -> g.add(c, (int) (18_000 + v % 5000))),
      new Kind("dec32", "int32 %s (DECIMAL(9,2))", (g, c, v) -> g.add(c, (int) v)),
      new Kind("i64", "int64 %s", (g, c, v) -> g.add(c, v * 1_000_003L)),
      new Kind("ts", "int64 %s (TIMESTAMP(MICROS,true))", (g, c, v) -> g.add(c, 1_600_000_000_000_000L + v * 1000)),
      new Kind("dec64", "int64 %s (DECIMAL(15,2))", (g, c, v) -> g.add(c, v * 101)),
      new Kind("f32", "float %s", (g, c, v) -> g.add(c, v * 0.5f)),
      new Kind("f64", "double %s", (g, c, v) -> g.add(c, v * 0.25)),
      new Kind("str", "binary %s (STRING)", (g, c, v) -> g.add(c, v % 11 == 0 ? "" : "s" + v)),
      new Kind("bin", "binary %s", (g, c, v) -> g.add(c, Binary.fromConstantByteArray(
          Long.toString(v, 7).getBytes(StandardCharsets.US_ASCII)))),
      new Kind("fixed", "fixed_len_byte_array(5) %s", (g, c, v) -> g.add(c, Binary.fromConstantByteArray(
          Arrays.copyOf(BigInteger.valueOf(v).toByteArray(), 5)))),
      new Kind("decfixed", "fixed_len_byte_array(9) %s (DECIMAL(20,3))", (g, c, v) -> g.add(c,
          Binary.fromConstantByteArray(signExtended(BigInteger.valueOf(v).multiply(BigInteger.TEN.pow(9)), 9)))),
      // decimals in 4 and 8 bytes, big-endian: the width of INT32 and INT64 decimals, not their byte order
      new Kind("decfix4", "fixed_len_byte_array(4) %s (DECIMAL(9,2))", (g, c, v) -> g.add(c,
          Binary.fromConstantByteArray(signExtended(BigInteger.valueOf(v), 4)))),
      new Kind("decfix8", "fixed_len_byte_array(8) %s (DECIMAL(18,3))", (g, c, v) -> g.add(c,
          Binary.fromConstantByteArray(signExtended(BigInteger.valueOf(v).multiply(BigInteger.valueOf(1000)), 8)))),
      new Kind("int96", "int96 %s", (g, c, v) -> g.add(c, new NanoTime(2_458_000 + (int) (v % 1000),
          Math.floorMod(v * 1_234_567L, 86_400_000_000_000L)))));

  private static byte[] signExtended(BigInteger unscaled, int length) {
    byte[] minimal = unscaled.toByteArray();
    byte[] result = new byte[length];
    Arrays.fill(result, unscaled.signum() < 0 ? (byte) -1 : 0);
    System.arraycopy(minimal, 0, result, length - minimal.length, minimal.length);
    return result;
  }

  static Stream<Arguments> files() {
    List<Arguments> arguments = new ArrayList<>();
    for (WriterVersion version : WriterVersion.values()) {
      for (boolean dictionary : new boolean[] {true, false}) {
        for (CompressionCodecName codec : List.of(CompressionCodecName.UNCOMPRESSED, CompressionCodecName.SNAPPY,
            CompressionCodecName.GZIP, CompressionCodecName.ZSTD, CompressionCodecName.LZ4_RAW,
            CompressionCodecName.LZ4, CompressionCodecName.BROTLI)) {
          for (boolean tinyPages : new boolean[] {true, false}) {
            arguments.add(Arguments.of(version, dictionary, codec, tinyPages));
          }
        }
      }
    }
    return arguments.stream();
  }

  @ParameterizedTest(name = "{0} dictionary={1} {2} tinyPages={3}")
  @MethodSource("files")
  void matchesParquetMr(WriterVersion version, boolean dictionary, CompressionCodecName codec, boolean tinyPages)
      throws IOException {
    Path file = write(version, dictionary, codec, tinyPages);
    // parquet-mr reads no BROTLI pages: the values expected are those of the same file uncompressed
    Path expected = codec == CompressionCodecName.BROTLI
        ? write(version, dictionary, CompressionCodecName.UNCOMPRESSED, tinyPages)
        : file;
    long[] pages = compare(file, expected, PageColumnReader.NATIVE_ENCODINGS);
    assertTrue(pages[0] > 0, "no page was decoded natively");
    assertEquals(0, pages[1], "pages in native encodings went to parquet-mr's reader");
  }

  /** Pages whose encoding is not decoded natively go to parquet-mr's reader, page by page. */
  @Test
  void pageFallbackMatchesParquetMr() throws IOException {
    for (boolean dictionary : new boolean[] {true, false}) {
      Path file = write(WriterVersion.PARQUET_1_0, dictionary, CompressionCodecName.SNAPPY, true);
      long[] noPlain = compare(file, EnumSet.of(Encoding.RLE, Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY));
      assertTrue(noPlain[1] > 0, "no page went to the fallback");
      long[] none = compare(file, EnumSet.noneOf(Encoding.class));
      assertEquals(0, none[0]);
      assertTrue(none[1] > 0);
    }
  }

  /**
   * A column requested twice shares one leaf, which the column-level path reads; the batch mixes
   * it with page-decoded columns and a constant.
   */
  @Test
  void mixesPageAndColumnPathsInOneBatch() throws IOException {
    Path file = write(WriterVersion.PARQUET_1_0, true, CompressionCodecName.SNAPPY, true);
    List<Map<String, Object>> expected = new ArrayList<>();
    ParquetFiles.readGroups(file).forEach(group -> expected.add(GroupValues.row(group)));
    Field i64 = new Field("i64_opt", FieldType.nullable(new ArrowType.Int(64, true)), null);
    Field str = new Field("str_opt", FieldType.nullable(ArrowType.Utf8.INSTANCE), null);
    Field strAgain = ColumnMetadata.with(
        new Field("str_again", FieldType.nullable(ArrowType.Utf8.INSTANCE), null), ColumnMetadata.PHYSICAL_NAME, "str_opt");
    Field constant = new Field("part", FieldType.nullable(new ArrowType.Int(32, true)), null);
    List<ColumnSpec> columns = List.of(ColumnSpec.fromFile(i64), ColumnSpec.fromFile(str),
        ColumnSpec.fromFile(strAgain), ColumnSpec.constant(constant, 7));
    int[] row = {0};
    try (BufferAllocator allocator = Memory.newRootAllocator(Long.MAX_VALUE)) {
      ParquetFiles.scan(file, columns, allocator, 700, batch -> {
        for (int i = 0; i < batch.root().getRowCount(); i++, row[0]++) {
          Map<String, Object> values = expected.get(row[0]);
          assertEquals(values.get("i64_opt"), ArrowValues.get(batch.root().getVector(0), i));
          assertEquals(values.get("str_opt"), ArrowValues.get(batch.root().getVector(1), i));
          assertEquals(values.get("str_opt"), ArrowValues.get(batch.root().getVector(2), i));
          assertEquals(7L, ArrowValues.get(batch.root().getVector(3), i));
        }
      });
    }
    assertEquals(ROWS, row[0]);
  }

  /** DELTA_LENGTH_BYTE_ARRAY, which parquet-mr's writers only use inside DELTA_BYTE_ARRAY. */
  @Test
  void deltaLengthByteArrayMatchesParquetMr() throws IOException {
    for (int count : new int[] {0, 1, 7, 200, 3000}) {
      DeltaLengthByteArrayValuesWriter writer =
          new DeltaLengthByteArrayValuesWriter(64, 1024, new HeapByteBufferAllocator());
      List<String> written = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String value = "v".repeat(i % 13) + (value(i * 3) % 1000);
        written.add(value);
        writer.writeBytes(Binary.fromString(value));
      }
      byte[] page = writer.getBytes().toByteArray();
      BinaryBuffer read = new BinaryBuffer();
      new DeltaValues.LengthByteArray(page, 0, page.length).readBinary(read, count);
      for (int i = 0; i < count; i++) {
        assertEquals(written.get(i), new String(read.data, read.offset(i), read.length(i), StandardCharsets.UTF_8));
      }
    }
  }

  private Path write(WriterVersion version, boolean dictionary, CompressionCodecName codec, boolean tinyPages)
      throws IOException {
    StringBuilder schemaText = new StringBuilder("message m {\n");
    for (Kind kind : KINDS) {
      schemaText.append("  required ").append(String.format(kind.declaration(), kind.name() + "_req")).append(";\n");
      schemaText.append("  optional ").append(String.format(kind.declaration(), kind.name() + "_opt")).append(";\n");
      schemaText.append("  optional ").append(String.format(kind.declaration(), kind.name() + "_nul")).append(";\n");
    }
    MessageType schema = MessageTypeParser.parseMessageType(schemaText.append("}").toString());
    Path file = dir.resolve(version + "-" + dictionary + "-" + codec + "-" + tinyPages + ".parquet");
    ExampleParquetWriter.Builder builder = ExampleParquetWriter.builder(new LocalOutputFile(file))
        .withType(schema)
        .withWriterVersion(version)
        .withDictionaryEncoding(dictionary)
        .withCompressionCodec(codec)
        .withRowGroupRowCountLimit(ROWS * 2 / 3)
        // V1 pages without dictionaries split floats, integers and fixed-length values into byte
        // streams; V2 pages without dictionaries use the DELTA encodings
        .withByteStreamSplitEncoding(version == WriterVersion.PARQUET_1_0 && !dictionary);
    if (version == WriterVersion.PARQUET_1_0 && !dictionary) {
      for (Type field : schema.getFields()) {
        builder = builder.withByteStreamSplitEncoding(field.getName(), true);
      }
    }
    if (codec == CompressionCodecName.BROTLI) {
      builder = builder.withCodecFactory(new BrotliPages());
    }
    if (tinyPages) {
      // the dictionary holds the first half's values and overflows in the second: the chunk
      // switches from dictionary pages to PLAIN or DELTA pages
      builder = builder.withPageSize(64).withDictionaryPageSize(1024).withMinRowCountForPageSizeCheck(1);
    }
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> writer = builder.build()) {
      for (int row = 0; row < ROWS; row++) {
        Group group = groups.newGroup();
        long v = value(row);
        boolean nullRow = row % 5 == 2 || (row >= 1000 && row < 1300);
        for (Kind kind : KINDS) {
          kind.setter().set(group, kind.name() + "_req", v);
          if (!nullRow) {
            kind.setter().set(group, kind.name() + "_opt", v);
          }
        }
        writer.write(group);
      }
    }
    return file;
  }

  /** Compares every column of the file with parquet-mr's reader; returns native and fallback page counts. */
  private static long[] compare(Path file, Set<Encoding> pageEncodings) throws IOException {
    return compare(file, file, pageEncodings);
  }

  /** Compares every column of {@code file} with parquet-mr's reading of {@code expectedFile}. */
  private static long[] compare(Path file, Path expectedFile, Set<Encoding> pageEncodings) throws IOException {
    List<Map<String, Object>> expected = new ArrayList<>();
    List<Group> groups = ParquetFiles.readGroups(expectedFile);
    groups.forEach(group -> expected.add(GroupValues.row(group)));
    List<ColumnSpec> columns = new ArrayList<>();
    for (Type field : groups.get(0).getType().getFields()) {
      Field arrow = field.getName().startsWith("fixed_")
          ? new Field(field.getName(), FieldType.nullable(new ArrowType.FixedSizeBinary(5)), null)
          : GroupValues.arrowField(field);
      columns.add(ColumnSpec.fromFile(arrow));
    }
    int row = 0;
    long[] pages;
    try (BufferAllocator allocator = Memory.newRootAllocator(Long.MAX_VALUE);
        Storage storage = Storage.local();
        ParquetBatchReader batches = ParquetScan.open(
            storage.parquetInput(file.toString()), file.toString(), columns, RowGroupFilter.NONE,
            new ScanContext(allocator, BATCH), pageEncodings)) {
      while (batches.hasNext()) {
        ParquetBatch batch = batches.next();
        try {
          for (int i = 0; i < batch.root().getRowCount(); i++, row++) {
            int at = row;
            for (FieldVector vector : batch.root().getFieldVectors()) {
              String name = vector.getField().getName();
              assertEquals(expected.get(at).get(name), ArrowValues.get(vector, i),
                  () -> file.getFileName() + " column " + name + " row " + at);
            }
          }
        } finally {
          batch.root().close();
        }
      }
      pages = batches.pageCounts();
    }
    assertEquals(ROWS, row);
    return pages;
  }

  /** Compresses pages with the reference Brotli encoder (parquet-mr has no Brotli codec of its own). */
  private static final class BrotliPages implements CompressionCodecFactory {
    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
      Brotli4jLoader.ensureAvailability();
      return new BytesInputCompressor() {
        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
          return BytesInput.from(Encoder.compress(bytes.toByteArray()));
        }

        @Override
        public CompressionCodecName getCodecName() {
          return CompressionCodecName.BROTLI;
        }

        @Override
        public void release() {}
      };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
      throw new UnsupportedOperationException("writing only");
    }

    @Override
    public void release() {}
  }
}
