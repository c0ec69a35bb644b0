package io.lakehouse.engine.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lakehouse.engine.table.ColumnMetadata;
import io.lakehouse.engine.table.Memory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.NanoTime;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every primitive type and logical annotation, read into each Arrow type it may be read as. */
class FlatColumnsTest {

  private static final int ROWS = 2500;
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  @TempDir Path dir;

  /** A Parquet column, how row {@code i} is written, and the Arrow types it is read as. */
  private record Column(String parquet, Writer writer, List<Read> reads) {
    String name() {
      String[] words = parquet.trim().split("\\s+");
      return words[2].replace(";", "");
    }
  }

  private interface Writer {
    void write(Group group, String name, int value, int row);
  }

  private record Read(ArrowType type, IntFunction<Object> expected) {}

  private static Read read(ArrowType type, IntFunction<Object> expected) {
    return new Read(type, expected);
  }

  private static final ArrowType INT8 = new ArrowType.Int(8, true);
  private static final ArrowType INT16 = new ArrowType.Int(16, true);
  private static final ArrowType INT32 = new ArrowType.Int(32, true);
  private static final ArrowType INT64 = new ArrowType.Int(64, true);
  private static final ArrowType FLOAT = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
  private static final ArrowType DOUBLE = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
  private static final ArrowType UTC_MICROS = new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
  private static final ArrowType LOCAL_MICROS = new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);

  /** The value of row {@code i}: small so that dictionaries are used, negative and positive. */
  private static int value(int row) {
    return row % 50 - 25;
  }

  private static byte[] fixedBytes(BigInteger unscaled, int length) {
    byte[] minimal = unscaled.toByteArray();
    byte[] result = new byte[length];
    Arrays.fill(result, unscaled.signum() < 0 ? (byte) -1 : 0);
    System.arraycopy(minimal, 0, result, length - minimal.length, minimal.length);
    return result;
  }

  private static byte[] uuidBytes(int v) {
    UUID uuid = new UUID(v, v * 31L);
    return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
  }

  private static List<Column> columns() {
    List<Column> columns = new ArrayList<>();
    columns.add(new Column("optional boolean b;", (g, n, v, r) -> g.append(n, v % 2 == 0),
        List.of(read(ArrowType.Bool.INSTANCE, v -> v % 2 == 0))));
    columns.add(new Column("optional int32 i8 (INTEGER(8,true));", (g, n, v, r) -> g.append(n, v),
        List.of(read(INT8, v -> (long) v), read(INT32, v -> (long) v), read(INT64, v -> (long) v))));
    columns.add(new Column("optional int32 i16 (INTEGER(16,true));", (g, n, v, r) -> g.append(n, v * 1000),
        List.of(read(INT16, v -> v * 1000L), read(INT64, v -> v * 1000L))));
    columns.add(new Column("optional int32 i32;", (g, n, v, r) -> g.append(n, v * 80_000_000),
        List.of(read(INT32, v -> v * 80_000_000L), read(INT64, v -> v * 80_000_000L),
            read(DOUBLE, v -> (double) (v * 80_000_000)))));
    columns.add(new Column("optional int64 i64;", (g, n, v, r) -> g.append(n, v * 1_000_000_000_000L),
        List.of(read(INT64, v -> v * 1_000_000_000_000L),
            read(new ArrowType.Decimal(22, 2, 128), v -> BigDecimal.valueOf(v * 1_000_000_000_000L).setScale(2)))));
    columns.add(new Column("optional float f;", (g, n, v, r) -> g.append(n, v * 1.5f),
        List.of(read(FLOAT, v -> (double) (v * 1.5f)), read(DOUBLE, v -> (double) (v * 1.5f)))));
    columns.add(new Column("optional double d;", (g, n, v, r) -> g.append(n, v * 2.25),
        List.of(read(DOUBLE, v -> v * 2.25))));
    columns.add(new Column("optional int32 dec32 (DECIMAL(9,2));", (g, n, v, r) -> g.append(n, v * 1234),
        List.of(read(new ArrowType.Decimal(9, 2, 128), v -> BigDecimal.valueOf(v * 1234L, 2)),
            read(new ArrowType.Decimal(12, 4, 128), v -> BigDecimal.valueOf(v * 1234L, 2).setScale(4)))));
    columns.add(new Column("optional int64 dec64 (DECIMAL(18,4));",
        (g, n, v, r) -> g.append(n, v * 1_000_000_000_000_000L / 25),
        List.of(read(new ArrowType.Decimal(18, 4, 128), v -> BigDecimal.valueOf(v * 1_000_000_000_000_000L / 25, 4)),
            read(new ArrowType.Decimal(38, 20, 128),
                v -> BigDecimal.valueOf(v * 1_000_000_000_000_000L / 25, 4).setScale(20)))));
    columns.add(new Column("optional fixed_len_byte_array(9) decf (DECIMAL(20,3));",
        (g, n, v, r) -> g.append(n, Binary.fromConstantByteArray(fixedBytes(decf(v), 9))),
        List.of(read(new ArrowType.Decimal(20, 3, 128), v -> new BigDecimal(decf(v), 3)),
            read(new ArrowType.Decimal(25, 5, 128), v -> new BigDecimal(decf(v), 3).setScale(5)))));
    columns.add(new Column("optional binary decb (DECIMAL(30,5));",
        (g, n, v, r) -> g.append(n, Binary.fromConstantByteArray(decb(v).toByteArray())),
        List.of(read(new ArrowType.Decimal(30, 5, 128), v -> new BigDecimal(decb(v), 5)))));
    columns.add(new Column("optional binary s (STRING);", (g, n, v, r) -> g.append(n, "s" + v + "é"),
        List.of(read(ArrowType.Utf8.INSTANCE, v -> "s" + v + "é"),
            read(ArrowType.Binary.INSTANCE, v -> HexFormat.of().formatHex(("s" + v + "é").getBytes(java.nio.charset.StandardCharsets.UTF_8))))));
    columns.add(new Column("optional binary bin;",
        (g, n, v, r) -> g.append(n, Binary.fromConstantByteArray(new byte[] {(byte) v, 7})),
        List.of(read(ArrowType.Binary.INSTANCE, v -> HexFormat.of().formatHex(new byte[] {(byte) v, 7})))));
    columns.add(new Column("optional fixed_len_byte_array(4) fixed;",
        (g, n, v, r) -> g.append(n, Binary.fromConstantByteArray(ByteBuffer.allocate(4).putInt(v).array())),
        List.of(read(new ArrowType.FixedSizeBinary(4), v -> HexFormat.of().formatHex(ByteBuffer.allocate(4).putInt(v).array())),
            read(ArrowType.Binary.INSTANCE, v -> HexFormat.of().formatHex(ByteBuffer.allocate(4).putInt(v).array())))));
    columns.add(new Column("optional int32 date (DATE);", (g, n, v, r) -> g.append(n, v * 400),
        List.of(read(new ArrowType.Date(DateUnit.DAY), v -> v * 400L),
            read(LOCAL_MICROS, v -> v * 400L * MICROS_PER_DAY))));
    columns.add(new Column("optional int64 ts_micros (TIMESTAMP(MICROS,true));",
        (g, n, v, r) -> g.append(n, v * 10_000_000_000_000L + 7),
        List.of(read(UTC_MICROS, v -> v * 10_000_000_000_000L + 7))));
    columns.add(new Column("optional int64 ts_millis (TIMESTAMP(MILLIS,true));",
        (g, n, v, r) -> g.append(n, v * 10_000_000_000L + 7),
        List.of(read(UTC_MICROS, v -> (v * 10_000_000_000L + 7) * 1000))));
    columns.add(new Column("optional int64 ts_nanos (TIMESTAMP(NANOS,false));",
        (g, n, v, r) -> g.append(n, v * 1_000_000_000_000_000L / 25 + 1_234_567),
        List.of(read(LOCAL_MICROS, v -> Math.floorDiv(v * 1_000_000_000_000_000L / 25 + 1_234_567, 1000L)))));
    columns.add(new Column("optional int96 ts96;",
        (g, n, v, r) -> g.append(n, new NanoTime(2_440_588 + v * 300, (v + 25) * 1_000_001_234L)),
        List.of(read(UTC_MICROS, v -> v * 300L * MICROS_PER_DAY + (v + 25) * 1_000_001_234L / 1000),
            read(LOCAL_MICROS, v -> v * 300L * MICROS_PER_DAY + (v + 25) * 1_000_001_234L / 1000))));
    columns.add(new Column("optional int32 t_millis (TIME(MILLIS,false));",
        (g, n, v, r) -> g.append(n, (v + 25) * 1_700_000),
        List.of(read(new ArrowType.Time(TimeUnit.MICROSECOND, 64), v -> (v + 25) * 1_700_000_000L))));
    columns.add(new Column("optional int64 t_micros (TIME(MICROS,true));",
        (g, n, v, r) -> g.append(n, (v + 25) * 1_700_000_001L),
        List.of(read(new ArrowType.Time(TimeUnit.MICROSECOND, 64), v -> (v + 25) * 1_700_000_001L))));
    columns.add(new Column("optional fixed_len_byte_array(16) u (UUID);",
        (g, n, v, r) -> g.append(n, Binary.fromConstantByteArray(uuidBytes(v))),
        List.of(read(ArrowType.Utf8.INSTANCE, v -> new UUID(v, v * 31L).toString()),
            read(new ArrowType.FixedSizeBinary(16), v -> HexFormat.of().formatHex(uuidBytes(v))))));
    columns.add(new Column("optional fixed_len_byte_array(16) u_plain;",
        (g, n, v, r) -> g.append(n, Binary.fromConstantByteArray(uuidBytes(v))),
        List.of(read(ArrowType.Utf8.INSTANCE, v -> new UUID(v, v * 31L).toString()))));
    columns.add(new Column("optional binary e (ENUM);", (g, n, v, r) -> g.append(n, "E" + v),
        List.of(read(ArrowType.Utf8.INSTANCE, v -> "E" + v))));
    columns.add(new Column("optional binary j (JSON);", (g, n, v, r) -> g.append(n, "{\"a\":" + v + "}"),
        List.of(read(ArrowType.Utf8.INSTANCE, v -> "{\"a\":" + v + "}"))));
    columns.add(new Column("optional int32 u8 (INTEGER(8,false));", (g, n, v, r) -> g.append(n, (v + 25) * 5),
        List.of(read(INT16, v -> (v + 25) * 5L))));
    columns.add(new Column("optional int32 u16 (INTEGER(16,false));", (g, n, v, r) -> g.append(n, (v + 25) * 1300),
        List.of(read(INT32, v -> (v + 25) * 1300L))));
    columns.add(new Column("optional int32 u32 (INTEGER(32,false));",
        (g, n, v, r) -> g.append(n, (int) ((v + 25) * 80_000_000L)),
        List.of(read(INT64, v -> (v + 25) * 80_000_000L))));
    columns.add(new Column("required int32 req;", (g, n, v, r) -> g.append(n, r),
        List.of(read(INT32, v -> null))));
    return columns;
  }

  private static BigInteger decf(int v) {
    return BigInteger.valueOf(v).multiply(BigInteger.TEN.pow(18)).add(BigInteger.valueOf(v));
  }

  private static BigInteger decb(int v) {
    return BigInteger.valueOf(v).multiply(BigInteger.TEN.pow(28)).subtract(BigInteger.valueOf(3));
  }

  private static boolean isNull(int row, int column) {
    return (row + column) % 7 == 3;
  }

  @ParameterizedTest(name = "dictionary={0}")
  @ValueSource(booleans = {true, false})
  void readsEveryTypeValueByValue(boolean dictionary) throws Exception {
    List<Column> columns = columns();
    StringBuilder schema = new StringBuilder("message m {\n");
    columns.forEach(c -> schema.append("  ").append(c.parquet()).append('\n'));
    schema.append("}");
    Path file = ParquetFiles.write(dir.resolve("flat.parquet"), schema.toString(), ROWS, dictionary, 1000,
        (row, group) -> {
          for (int c = 0; c < columns.size(); c++) {
            Column column = columns.get(c);
            boolean required = column.parquet().startsWith("required");
            if (required || !isNull(row, c)) {
              column.writer().write(group, column.name(), value(row), row);
            }
          }
        });

    List<ColumnSpec> specs = new ArrayList<>();
    List<int[]> specSources = new ArrayList<>();
    for (int c = 0; c < columns.size(); c++) {
      List<Read> reads = columns.get(c).reads();
      for (int r = 0; r < reads.size(); r++) {
        String name = columns.get(c).name() + "_as_" + r;
        Field field = new Field(name, FieldType.nullable(reads.get(r).type()), null);
        // Upper case: matching by physical name falls back to ignoring case.
        specs.add(ColumnSpec.fromFile(ColumnMetadata.with(field, ColumnMetadata.PHYSICAL_NAME,
            r % 2 == 0 ? columns.get(c).name() : columns.get(c).name().toUpperCase())));
        specSources.add(new int[] {c, r});
      }
    }

    long[] nextPosition = {0};
    try (BufferAllocator allocator = Memory.newRootAllocator(Long.MAX_VALUE)) {
      int batches = ParquetFiles.scan(file, specs, allocator, 300, batch -> {
        assertEquals(nextPosition[0], batch.firstRowPosition());
        assertEquals(specs.size(), batch.root().getFieldVectors().size());
        for (int s = 0; s < specs.size(); s++) {
          FieldVector vector = batch.root().getVector(s);
          assertEquals(specs.get(s).field(), vector.getField());
          int c = specSources.get(s)[0];
          Column column = columns.get(c);
          Read read = column.reads().get(specSources.get(s)[1]);
          for (int i = 0; i < batch.root().getRowCount(); i++) {
            int row = (int) (batch.firstRowPosition() + i);
            Object expected;
            if (column.parquet().startsWith("required")) {
              expected = (long) row;
            } else {
              expected = isNull(row, c) ? null : read.expected().apply(value(row));
            }
            assertEquals(expected, ArrowValues.get(vector, i), column.name() + " as " + read.type() + " row " + row);
          }
        }
        nextPosition[0] += batch.root().getRowCount();
      });
      assertEquals(ROWS, nextPosition[0]);
      assertEquals(10, batches, "1000-row groups in batches of at most 300");
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }
}
