package io.lakehouse.engine.write;

import io.lakehouse.engine.io.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.StructLikeMap;

/**
 * Writes an Iceberg table in a directory ({@link HadoopTables}) with iceberg-core and
 * iceberg-data's generic Parquet writers: appends (to the main branch or another), position and
 * equality deletes, tags, branches and schema changes. Each data-changing call is one snapshot and
 * returns its id.
 *
 * <p>Rows are lists of Java values in schema order, as iceberg-data's generic records take them
 * ({@code Integer}, {@code Long}, {@code String}, {@code BigDecimal}, {@code LocalDate},
 * {@code LocalTime}, {@code LocalDateTime} for timestamp, {@code UUID}, {@code byte[]} for fixed),
 * plus {@code Instant} for timestamptz and {@code byte[]} for binary. Nested types are not written.
 * Position deletes are written as Parquet delete files, which only format version 2 takes (version
 * 3 wants deletion vectors, which this class does not write).
 */
public final class IcebergWriter {

  private final Table table;
  private final OutputFileFactory files;

  private IcebergWriter(Table table) {
    this.table = table;
    this.files = OutputFileFactory.builderFor(table, 0, 0).format(FileFormat.PARQUET).build();
  }

  /** Starts describing a new table at {@code location} (a local path or a URI Hadoop can write). */
  public static Builder builder(String location, Schema schema) {
    return new Builder(location, schema);
  }

  /** A writer for the existing table at {@code location}, on local storage. */
  public static IcebergWriter open(String location) {
    return open(location, Storage.local());
  }

  /** A writer for the existing table at {@code location}. */
  public static IcebergWriter open(String location, Storage storage) {
    return new IcebergWriter(new HadoopTables(storage.hadoopConf()).load(location));
  }

  /** A writer for a table loaded elsewhere, e.g. from an Iceberg catalog (commits go through it). */
  public static IcebergWriter of(Table table) {
    return new IcebergWriter(table);
  }

  /** The table as iceberg-core sees it, for anything this class does not wrap. */
  public Table table() {
    return table;
  }

  /** The id of the main branch's current snapshot. */
  public long currentSnapshotId() {
    return table.currentSnapshot().snapshotId();
  }

  /** Appends rows to the main branch in one snapshot, one data file per partition. */
  public long append(Iterable<? extends List<?>> rows) {
    return append(SnapshotRef.MAIN_BRANCH, rows);
  }

  /** Appends rows to a branch in one snapshot, one data file per partition. */
  public long append(String branch, Iterable<? extends List<?>> rows) {
    AppendFiles append = table.newAppend().toBranch(branch);
    writeData(rows).forEach(append::appendFile);
    append.commit();
    return table.snapshot(branch).snapshotId();
  }

  /** Replaces every row of the main branch with {@code rows} in one snapshot (Iceberg's overwrite). */
  public long overwrite(Iterable<? extends List<?>> rows) {
    OverwriteFiles overwrite = table.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue());
    writeData(rows).forEach(overwrite::addFile);
    overwrite.commit();
    return currentSnapshotId();
  }

  /**
   * Deletes the main branch's rows that match {@code filter} with position delete files (one per
   * data file holding such rows), in one snapshot. Iceberg's planner picks the data files that may
   * match; each is read and the filter evaluated on its rows.
   */
  public long deleteWhere(Expression filter) {
    int formatVersion = TableUtil.formatVersion(table);
    if (formatVersion != 2) {
      throw new UnsupportedOperationException(
          "Position delete files need format version 2; table " + table.location() + " is version " + formatVersion);
    }
    if (table.currentSnapshot() == null) {
      throw new IllegalStateException("Table " + table.location() + " has no snapshot to delete from");
    }
    Schema schema = table.schema();
    Evaluator evaluator = new Evaluator(schema.asStruct(), filter, true);
    InternalRecordWrapper wrapper = new InternalRecordWrapper(schema.asStruct());
    RowDelta delta = table.newRowDelta().validateFromSnapshot(currentSnapshotId());
    try (CloseableIterable<FileScanTask> tasks = table.newScan().filter(filter).planFiles()) {
      for (FileScanTask task : tasks) {
        List<Long> positions = new ArrayList<>();
        try (CloseableIterable<Record> records = readData(task.file(), schema)) {
          long position = 0;
          for (Record record : records) {
            if (evaluator.eval(wrapper.wrap(record))) {
              positions.add(position);
            }
            position++;
          }
        }
        if (!positions.isEmpty()) {
          delta.addDeletes(writePositionDeletes(task.file(), positions));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    delta.commit();
    return currentSnapshotId();
  }

  /**
   * Deletes, with equality delete files, every row of the main branch whose {@code columns} equal
   * one of {@code keys} (rows of values in the order of {@code columns}), in one snapshot. In a
   * partitioned table the columns must include every partition source column, so that each key
   * lands in its partition.
   */
  public long deleteEqual(List<String> columns, Iterable<? extends List<?>> keys) {
    Schema deleteSchema = table.schema().select(columns);
    List<Integer> fieldIds = deleteSchema.columns().stream().map(Types.NestedField::fieldId).toList();
    PartitionSpec spec = table.spec();
    RowDelta delta = table.newRowDelta();
    partitioned(spec, deleteSchema, keys).forEach((partition, rows) -> {
      // an unpartitioned file goes to data/<file>, not data//<file> (object stores keep the empty segment)
      EncryptedOutputFile out = spec.isUnpartitioned() ? files.newOutputFile() : files.newOutputFile(spec, partition);
      try {
        EqualityDeleteWriter<Record> writer =
            Parquet.writeDeletes(out)
                .forTable(table)
                .withSpec(spec)
                .withPartition(spec.isUnpartitioned() ? null : partition)
                .rowSchema(deleteSchema)
                .createWriterFunc(GenericParquetWriter::create)
                .equalityFieldIds(fieldIds)
                .overwrite()
                .buildEqualityWriter();
        try (writer) {
          rows.forEach(writer::write);
        }
        delta.addDeletes(writer.toDeleteFile());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    delta.commit();
    return currentSnapshotId();
  }

  /** Tags a snapshot. */
  public void tag(String name, long snapshotId) {
    table.manageSnapshots().createTag(name, snapshotId).commit();
  }

  /** Creates a branch at a snapshot. */
  public void branch(String name, long snapshotId) {
    table.manageSnapshots().createBranch(name, snapshotId).commit();
  }

  /** Changes the schema through iceberg-core's {@link UpdateSchema} and commits; later appends use the new schema. */
  public void evolveSchema(Consumer<UpdateSchema> change) {
    UpdateSchema update = table.updateSchema();
    change.accept(update);
    update.commit();
  }

  private List<DataFile> writeData(Iterable<? extends List<?>> rows) {
    PartitionSpec spec = table.spec();
    List<DataFile> written = new ArrayList<>();
    partitioned(spec, table.schema(), rows).forEach((partition, records) -> {
      // an unpartitioned file goes to data/<file>, not data//<file> (object stores keep the empty segment)
      EncryptedOutputFile out = spec.isUnpartitioned() ? files.newOutputFile() : files.newOutputFile(spec, partition);
      try {
        DataWriter<Record> writer =
            Parquet.writeData(out)
                .forTable(table)
                .withSpec(spec)
                .withPartition(spec.isUnpartitioned() ? null : partition)
                .createWriterFunc(GenericParquetWriter::create)
                .overwrite()
                .build();
        try (writer) {
          records.forEach(writer::write);
        }
        written.add(writer.toDataFile());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    return written;
  }

  /** Records of {@code schema} grouped by their partition under {@code spec}, in first-seen order. */
  private static Map<StructLike, List<Record>> partitioned(
      PartitionSpec spec, Schema schema, Iterable<? extends List<?>> rows) {
    PartitionKey key;
    try {
      key = new PartitionKey(spec, schema);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "The columns " + schema.columns().stream().map(Types.NestedField::name).toList()
              + " do not determine a partition of " + spec + ": " + e.getMessage(), e);
    }
    InternalRecordWrapper wrapper = new InternalRecordWrapper(schema.asStruct());
    Map<StructLike, List<Record>> groups = StructLikeMap.create(spec.partitionType());
    for (List<?> row : rows) {
      Record record = IcebergValues.record(schema, row);
      key.partition(wrapper.wrap(record));
      List<Record> group = groups.get(key);
      if (group == null) {
        group = new ArrayList<>();
        groups.put(key.copy(), group);
      }
      group.add(record);
    }
    return groups;
  }

  private CloseableIterable<Record> readData(DataFile file, Schema schema) {
    return Parquet.read(table.io().newInputFile(file.location()))
        .project(schema)
        .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema))
        .build();
  }

  private DeleteFile writePositionDeletes(DataFile file, List<Long> positions) {
    PartitionSpec spec = table.specs().get(file.specId());
    EncryptedOutputFile out = files.newOutputFile(spec, file.partition());
    try {
      PositionDeleteWriter<Record> writer =
          Parquet.writeDeletes(out)
              .setAll(table.properties())
              .withSpec(spec)
              .withPartition(file.partition())
              .overwrite()
              .buildPositionWriter();
      try (writer) {
        PositionDelete<Record> delete = PositionDelete.create();
        for (long position : positions) {
          writer.write(delete.set(file.location(), position));
        }
      }
      return writer.toDeleteFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new table's schema, partition spec, format version and properties. */
  public static final class Builder {
    private final String location;
    private final Schema schema;
    private PartitionSpec spec = PartitionSpec.unpartitioned();
    private final Map<String, String> properties = new LinkedHashMap<>(Map.of(TableProperties.FORMAT_VERSION, "2"));
    private Storage storage = Storage.local();

    private Builder(String location, Schema schema) {
      this.location = Objects.requireNonNull(location, "location");
      this.schema = Objects.requireNonNull(schema, "schema");
    }

    /** The partition spec, built for this builder's schema (identity or hidden transforms such as day(ts)). */
    public Builder partitionSpec(PartitionSpec value) {
      this.spec = Objects.requireNonNull(value, "spec");
      return this;
    }

    /** The format version; 2 unless set. */
    public Builder formatVersion(int version) {
      return property(TableProperties.FORMAT_VERSION, Integer.toString(version));
    }

    public Builder property(String key, String value) {
      properties.put(key, value);
      return this;
    }

    public Builder storage(Storage value) {
      this.storage = Objects.requireNonNull(value, "storage");
      return this;
    }

    /** Creates the table with no snapshot. */
    public IcebergWriter create() {
      return new IcebergWriter(
          new HadoopTables(storage.hadoopConf()).create(schema, spec, Map.copyOf(properties), location));
    }
  }
}
