package io.lakehouse.engine.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.Memory;
import io.lakehouse.engine.table.ScanContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.iceberg.io.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Missing, non-Parquet, truncated files and unreadable columns fail naming the file; nothing leaks. */
class ScanErrorsTest {

  private static final List<ColumnSpec> ID =
      List.of(ColumnSpec.fromFile(new Field("id", FieldType.nullable(new ArrowType.Int(32, true)), null)));

  @TempDir Path dir;

  private static LakeException open(Path file, List<ColumnSpec> columns) {
    try (Storage storage = Storage.local();
        BufferAllocator allocator = Memory.newRootAllocator(Long.MAX_VALUE)) {
      return assertThrows(LakeException.class, () -> {
        try (CloseableIterator<ParquetBatch> it = ParquetScan.open(
            storage.parquetInput(file.toString()), file.toString(), columns, new ScanContext(allocator, 10))) {
          while (it.hasNext()) {
            it.next().root().close();
          }
        }
      });
    }
  }

  private Path valid() throws Exception {
    return ParquetFiles.write(dir.resolve("valid.parquet"), "message m { required int32 id; required int64 big; }",
        100, false, 50, (row, g) -> g.append("id", row).append("big", (long) row));
  }

  @Test
  void missingFile() {
    Path missing = dir.resolve("gone.parquet");
    LakeException e = open(missing, ID);
    assertEquals(LakeException.IO_ERROR, e.sqlState());
    assertTrue(e.getMessage().startsWith("Data file is missing: " + missing), e.getMessage());
  }

  @Test
  void notAParquetFile() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.parquet"), "this is not parquet, just some text\n".repeat(10));
    LakeException e = open(text, ID);
    assertEquals(LakeException.DATA_EXCEPTION, e.sqlState());
    assertTrue(e.getMessage().contains(text.toString()), e.getMessage());
  }

  @Test
  void truncatedFile() throws Exception {
    byte[] bytes = Files.readAllBytes(valid());
    Path truncated = Files.write(dir.resolve("truncated.parquet"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
    LakeException e = open(truncated, ID);
    assertTrue(e.getMessage().contains(truncated.toString()), e.getMessage());
  }

  @Test
  void narrowingConversionIsRefusedNamingFileAndColumn() throws Exception {
    Path file = valid();
    LakeException e = open(file, List.of(
        ColumnSpec.fromFile(new Field("big", FieldType.nullable(new ArrowType.Int(32, true)), null))));
    assertEquals(LakeException.FEATURE_NOT_SUPPORTED, e.sqlState());
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("'big'"), e.getMessage());

    LakeException struct = open(file, List.of(
        ColumnSpec.fromFile(new Field("id", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of()))));
    assertEquals(LakeException.FEATURE_NOT_SUPPORTED, struct.sqlState());
  }

  @Test
  void failureInsideABatchLeaksNothing() throws Exception {
    Path file = ParquetFiles.write(dir.resolve("overflow.parquet"),
        "message m { required binary s (STRING); required int64 ts (TIMESTAMP(MILLIS,true)); }",
        20, false, 100, (row, g) -> g.append("s", "row" + row).append("ts", row == 15 ? Long.MAX_VALUE : row));
    List<ColumnSpec> columns = List.of(
        ColumnSpec.fromFile(new Field("s", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)),
        ColumnSpec.fromFile(new Field("ts",
            FieldType.nullable(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")), null)));
    try (Storage storage = Storage.local();
        BufferAllocator allocator = Memory.newRootAllocator(Long.MAX_VALUE)) {
      CloseableIterator<ParquetBatch> it = ParquetScan.open(
          storage.parquetInput(file.toString()), file.toString(), columns, new ScanContext(allocator, 10));
      it.next().root().close();
      LakeException e = assertThrows(LakeException.class, it::next);
      assertEquals(LakeException.DATA_EXCEPTION, e.sqlState());
      assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("'ts'"), e.getMessage());
      it.close();
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }
}
