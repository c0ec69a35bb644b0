package io.lakehouse.engine.iceberg;

import com.google.common.base.Suppliers;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.parquet.ColumnSpec;
import io.lakehouse.engine.parquet.ParquetBatch;
import io.lakehouse.engine.parquet.ParquetScan;
import io.lakehouse.engine.parquet.RowGroupFilter;
import io.lakehouse.engine.table.ByteRange;
import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.Filters;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.RowBatch;
import io.lakehouse.engine.table.ScanContext;
import io.lakehouse.engine.table.ScanTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.PartitionUtil;

/**
 * Reads one data file of an Iceberg scan, or the row groups of one {@link ByteRange} of it:
 * identity-partition columns come from the file's partition values, columns added after the file
 * was written are null or their initial default, other columns are read from the file by field id
 * (or name mapping), and deleted rows are left out of each batch's selection. A file is cut where
 * its row groups begin when the manifest records that (its split offsets), else by its size; the
 * parts of a file load its deletes once, whichever part opens first.
 */
final class IcebergScanTask implements ScanTask {

  private final ScanSetup setup;
  private final FileScanTask task;
  private final List<DeleteFile> deletes;
  private final InputFile dataFile;
  private final Filter filter;
  private final ByteRange range;
  /** The data file's deletes: loaded by each open of a whole file, once for the parts of one. */
  private final Supplier<DataFileDeletes> fileDeletes;

  /**
   * @param deletes the delete files that apply to the task's data file
   * @param filter the rows the scan wants, for skipping row groups
   */
  IcebergScanTask(ScanSetup setup, FileScanTask task, List<DeleteFile> deletes, Filter filter) {
    this.setup = setup;
    this.task = task;
    this.deletes = List.copyOf(deletes);
    this.filter = filter;
    this.range = ByteRange.WHOLE_FILE;
    this.fileDeletes = () -> DataFileDeletes.load(setup, task, this.deletes);
    // The file's own length, not the manifest's: some writers replace files after registering them.
    // Where the file lies (after relocation); on an object store the length from the manifest
    // saves a request per file. Making an input file reads nothing.
    InputFile file = setup.table().io().newInputFile(task.file().location());
    this.dataFile =
        Storage.isObjectStore(file.location())
            ? setup.table().io().newInputFile(task.file().location(), task.file().fileSizeInBytes())
            : file;
  }

  /** The part of {@code whole} that reads {@code range}, sharing the deletes of its other parts. */
  private IcebergScanTask(IcebergScanTask whole, ByteRange range, Supplier<DataFileDeletes> fileDeletes) {
    this.setup = whole.setup;
    this.task = whole.task;
    this.deletes = whole.deletes;
    this.filter = whole.filter;
    this.dataFile = whole.dataFile;
    this.range = range;
    this.fileDeletes = fileDeletes;
  }

  @Override
  public String path() {
    return dataFile.location();
  }

  @Override
  public long sizeInBytes() {
    return task.file().fileSizeInBytes();
  }

  /** The data file's format as recorded in the manifest. */
  FileFormat format() {
    return task.file().format();
  }

  /** The delete files that apply to this data file. */
  int deleteFileCount() {
    return deletes.size();
  }

  @Override
  public CloseableIterator<RowBatch> open(ScanContext context) {
    if (task.file().format() != FileFormat.PARQUET) {
      throw LakeException.unsupportedFeature(
          setup.lakeTable().name(),
          task.file().format() + " data files (" + path() + "); only Parquet data files can be read");
    }
    DataFileDeletes rowDeletes = fileDeletes.get();
    List<Types.NestedField> columns = new ArrayList<>(setup.projected());
    Map<Integer, Integer> vectorIndexById = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      vectorIndexById.putIfAbsent(columns.get(i).fieldId(), i);
    }
    for (Types.NestedField extra : rowDeletes.equalityColumns()) {
      if (!vectorIndexById.containsKey(extra.fieldId())) {
        vectorIndexById.put(extra.fieldId(), columns.size());
        columns.add(extra);
      }
    }
    Map<Integer, ?> partitionConstants = PartitionUtil.constantsMap(task, (type, value) -> value);
    CloseableIterator<ParquetBatch> batches =
        ParquetScan.open(
            Storage.parquetInput(dataFile),
            path(),
            columnSpecs(columns, partitionConstants),
            rowGroupFilter(partitionConstants),
            range,
            rowDeletes.deletedPositions(),
            context);
    return new LiveRowBatches(batches, rowDeletes, vectorIndexById, setup.projected().size());
  }

  @Override
  public java.util.Optional<io.lakehouse.engine.table.RowGroupCount> countRowGroups() {
    if (task.file().format() != FileFormat.PARQUET) {
      return java.util.Optional.empty();
    }
    Map<Integer, ?> partitionConstants = PartitionUtil.constantsMap(task, (type, value) -> value);
    return java.util.Optional.of(
        rowGroupFilter(partitionConstants).count(Storage.parquetInput(dataFile), path(), range));
  }

  @Override
  public List<ScanTask> split(long splitSize) {
    List<Long> offsets = task.file().splitOffsets();
    List<ByteRange> ranges = ByteRange.split(sizeInBytes(), splitSize, offsets == null ? List.of() : offsets);
    if (!range.equals(ByteRange.WHOLE_FILE) || task.file().format() != FileFormat.PARQUET || ranges.size() == 1) {
      return List.of(this);
    }
    Supplier<DataFileDeletes> shared = Suppliers.memoize(() -> DataFileDeletes.load(setup, task, deletes));
    return ranges.stream().<ScanTask>map(part -> new IcebergScanTask(this, part, shared)).toList();
  }

  /**
   * The filter for skipping row groups, on the columns read from the file: identity-partition
   * columns are constants of the file and were pruned by the planner.
   */
  private RowGroupFilter rowGroupFilter(Map<Integer, ?> partitionConstants) {
    if (Filters.isAlwaysTrue(filter)) {
      return RowGroupFilter.NONE;
    }
    Map<String, Field> fileColumns = new HashMap<>();
    for (Types.NestedField column : setup.readSchema().columns()) {
      if (!partitionConstants.containsKey(column.fieldId()) && ArrowSchemas.unsupportedType(column.type()).isEmpty()) {
        fileColumns.put(column.name(), ArrowSchemas.toArrow(column, setup.nameMapping()));
      }
    }
    return new RowGroupFilter(filter, fileColumns);
  }

  private List<ColumnSpec> columnSpecs(List<Types.NestedField> columns, Map<Integer, ?> partitionConstants) {
    Predicate<Types.NestedField> inFile = null;
    List<ColumnSpec> specs = new ArrayList<>(columns.size());
    for (Types.NestedField column : columns) {
      Field field = ArrowSchemas.toArrow(column, setup.nameMapping());
      if (partitionConstants.containsKey(column.fieldId())) {
        Object value = partitionConstants.get(column.fieldId());
        specs.add(ColumnSpec.constant(field, ArrowSchemas.toArrowValue(column.type(), value)));
        continue;
      }
      if (column.initialDefault() != null) {
        if (inFile == null) {
          inFile = FileColumns.read(dataFile, path(), setup.nameMapping());
        }
        if (!inFile.test(column)) {
          specs.add(ColumnSpec.constant(field, ArrowSchemas.toArrowValue(column.type(), column.initialDefault())));
          continue;
        }
      }
      specs.add(ColumnSpec.fromFile(field));
    }
    return specs;
  }

  @Override
  public String toString() {
    return "IcebergScanTask[" + path() + ", " + deletes.size() + " delete files]";
  }
}
