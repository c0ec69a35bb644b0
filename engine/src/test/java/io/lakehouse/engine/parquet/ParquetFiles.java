package io.lakehouse.engine.parquet;

import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.ScanContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/** Writes test files with parquet-mr's example Group writer and reads them back with it and with the scan. */
final class ParquetFiles {

  private ParquetFiles() {}

  /** Writes {@code rows} rows made by {@code fill} (row index, empty group) into a new file. */
  static Path write(
      Path file, String schemaText, int rows, boolean dictionary, int rowGroupRows, RowFiller fill)
      throws IOException {
    return write(file, schemaText, rows, dictionary, rowGroupRows, 0, fill);
  }

  /**
   * The same, with pages of exactly {@code pageRows} rows (parquet-mr otherwise checks page sizes
   * only every hundred rows or more); 0 leaves the writer's default checks.
   */
  static Path write(
      Path file, String schemaText, int rows, boolean dictionary, int rowGroupRows, int pageRows, RowFiller fill)
      throws IOException {
    return write(file, schemaText, rows, dictionary, rowGroupRows, pageRows, 0, fill);
  }

  /**
   * The same, with pages also closed at {@code pageBytes} bytes (0 for the writer's default), so
   * that columns of wide values get shorter pages than the others.
   */
  static Path write(
      Path file, String schemaText, int rows, boolean dictionary, int rowGroupRows, int pageRows, int pageBytes,
      RowFiller fill) throws IOException {
    MessageType schema = MessageTypeParser.parseMessageType(schemaText);
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new LocalOutputFile(file))
            .withType(schema)
            .withDictionaryEncoding(dictionary)
            .withRowGroupRowCountLimit(rowGroupRows)
            .withPageRowCountLimit(pageRows > 0 ? pageRows : Math.max(1, rowGroupRows / 3))
            .withMinRowCountForPageSizeCheck(pageRows > 0 ? 1 : 100)
            .withPageSize(pageBytes > 0 ? pageBytes : ParquetWriter.DEFAULT_PAGE_SIZE)
            .build()) {
      for (int i = 0; i < rows; i++) {
        Group group = groups.newGroup();
        fill.fill(i, group);
        writer.write(group);
      }
    }
    return file;
  }

  /** Fills one row. */
  @FunctionalInterface
  interface RowFiller {
    void fill(int row, Group group);
  }

  /** Every row of a file, assembled by parquet-mr. */
  static List<Group> readGroups(Path file) throws IOException {
    List<Group> rows = new ArrayList<>();
    Configuration conf = Storage.local().hadoopConf();
    try (ParquetReader<Group> reader =
        ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
            .withConf(conf)
            .build()) {
      for (Group row = reader.read(); row != null; row = reader.read()) {
        rows.add(row);
      }
    }
    return rows;
  }

  /** Scans a file, handing every batch to {@code check} and closing it; returns the batch count. */
  static int scan(
      Path file, List<ColumnSpec> columns, BufferAllocator allocator, int batchSize, Consumer<ParquetBatch> check)
      throws IOException {
    int batches = 0;
    try (Storage storage = Storage.local();
        CloseableIterator<ParquetBatch> it =
            ParquetScan.open(
                storage.parquetInput(file.toString()),
                file.toString(),
                columns,
                new ScanContext(allocator, batchSize))) {
      while (it.hasNext()) {
        ParquetBatch batch = it.next();
        try {
          check.accept(batch);
        } finally {
          batch.root().close();
        }
        batches++;
      }
    }
    return batches;
  }
}
