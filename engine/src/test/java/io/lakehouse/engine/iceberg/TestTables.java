package io.lakehouse.engine.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;

/** Writes test tables with iceberg-core and iceberg-data, as an engine writing Iceberg would. */
final class TestTables {

  private TestTables() {}

  static Table create(Path dir, Schema schema, PartitionSpec spec, int formatVersion) {
    return new HadoopTables(Corpus.STORAGE.hadoopConf())
        .create(schema, spec, Map.of(TableProperties.FORMAT_VERSION, Integer.toString(formatVersion)), dir.toString());
  }

  static Record record(Schema schema, Object... values) {
    GenericRecord record = GenericRecord.create(schema);
    for (int i = 0; i < values.length; i++) {
      record.set(i, values[i]);
    }
    return record;
  }

  /** Writes one data file with the table's current schema and spec; all rows share one partition. */
  static DataFile writeData(Table table, List<Record> records) {
    OutputFile out = newFile(table);
    StructLike partition = partitionOf(table, records.get(0));
    try {
      DataWriter<Record> writer =
          Parquet.writeData(out)
              .forTable(table)
              .withSpec(table.spec())
              .withPartition(partition)
              .createWriterFunc(GenericParquetWriter::create)
              .overwrite()
              .build();
      try (writer) {
        records.forEach(writer::write);
      }
      return writer.toDataFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Appends one data file per list of records, in one commit. */
  @SafeVarargs
  static List<DataFile> append(Table table, List<Record>... files) {
    var append = table.newAppend();
    List<DataFile> written = new java.util.ArrayList<>();
    for (List<Record> records : files) {
      DataFile file = writeData(table, records);
      append.appendFile(file);
      written.add(file);
    }
    append.commit();
    return written;
  }

  static DeleteFile writePositionDeletes(Table table, DataFile dataFile, long... positions) {
    OutputFile out = newFile(table);
    try {
      PositionDeleteWriter<Record> writer =
          Parquet.writeDeletes(out)
              .setAll(table.properties())
              .withSpec(table.specs().get(dataFile.specId()))
              .withPartition(dataFile.partition())
              .overwrite()
              .buildPositionWriter();
      try (writer) {
        for (long position : positions) {
          writer.write(PositionDelete.<Record>create().set(dataFile.location(), position));
        }
      }
      return writer.toDeleteFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes equality deletes on {@code deleteSchema}'s columns (a selection of the table schema). */
  static DeleteFile writeEqualityDeletes(Table table, Schema deleteSchema, StructLike partition, List<Record> rows) {
    OutputFile out = newFile(table);
    try {
      EqualityDeleteWriter<Record> writer =
          Parquet.writeDeletes(out)
              .forTable(table)
              .withPartition(partition)
              .rowSchema(deleteSchema)
              .createWriterFunc(GenericParquetWriter::create)
              .equalityFieldIds(deleteSchema.columns().stream().map(c -> c.fieldId()).toList())
              .overwrite()
              .buildEqualityWriter();
      try (writer) {
        rows.forEach(writer::write);
      }
      return writer.toDeleteFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static StructLike partitionOf(Table table, Record record) {
    if (table.spec().isUnpartitioned()) {
      return null;
    }
    PartitionKey key = new PartitionKey(table.spec(), table.schema());
    key.partition(new InternalRecordWrapper(table.schema().asStruct()).wrap(record));
    return key;
  }

  private static OutputFile newFile(Table table) {
    return table.io().newOutputFile(table.location() + "/data/" + UUID.randomUUID() + ".parquet");
  }
}
