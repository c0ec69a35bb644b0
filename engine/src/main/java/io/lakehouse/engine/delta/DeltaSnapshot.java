package io.lakehouse.engine.delta;

import io.delta.kernel.ScanBuilder;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.actions.DeletionVectorDescriptor;
import io.delta.kernel.internal.checksum.CRCInfo;
import io.delta.kernel.internal.util.ColumnMapping;
import io.delta.kernel.internal.util.ColumnMapping.ColumnMappingMode;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.lakehouse.engine.parquet.ColumnSpec;
import io.lakehouse.engine.parquet.RowGroupFilter;
import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.Filters;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.LakeSnapshot;
import io.lakehouse.engine.table.MetadataAggregates;
import io.lakehouse.engine.table.ScanPlan;
import io.lakehouse.engine.table.ScanRequest;
import io.lakehouse.engine.table.ScanTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One version of a Delta table: its schema at that version and the live data files, each planned as
 * a {@link ScanTask} that applies the file's partition values and deletion vector.
 */
public final class DeltaSnapshot implements LakeSnapshot {

  private static final Pattern NUM_RECORDS = Pattern.compile("\"numRecords\"\\s*:\\s*(\\d+)");

  private final DeltaTable table;
  private final Snapshot snapshot;
  private final StructType deltaSchema;
  private final Schema schema;
  /** Per top-level field: the key of its value in an add action's partitionValues, or null. */
  private final String[] partitionKeys;
  /** Per top-level field: the type it holds that cannot be read yet, or null. */
  private final String[] unsupportedTypes;
  /** The number of live data files, once known. */
  private volatile Long fileCount;

  DeltaSnapshot(DeltaTable table, Snapshot snapshot) {
    this.table = table;
    this.snapshot = snapshot;
    try {
      this.deltaSchema = snapshot.getSchema();
      ColumnMappingMode mode = ColumnMapping.getColumnMappingMode(snapshot.getTableProperties());
      this.schema = new DeltaSchemaConverter(table.name(), mode).toArrow(deltaSchema);
      this.partitionKeys = partitionKeys(deltaSchema, snapshot.getPartitionColumnNames(), mode);
    } catch (RuntimeException e) {
      throw DeltaErrors.fromKernel(table.name(), table.location(), what(), e);
    }
    this.unsupportedTypes = new String[deltaSchema.length()];
    for (int i = 0; i < unsupportedTypes.length; i++) {
      unsupportedTypes[i] = DeltaSchemaConverter.unsupportedType(deltaSchema.at(i).getDataType());
    }
  }

  @Override
  public DeltaTable table() {
    return table;
  }

  @Override
  public long version() {
    return snapshot.getVersion();
  }

  /** When this version was committed: its in-commit timestamp, else its log file's time. */
  public Instant committedAt() {
    return Instant.ofEpochMilli(table.commitTime(snapshot));
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public ScanPlan plan(ScanRequest request) {
    int[] projection = request.projection();
    for (int index : projection) {
      if (index < 0 || index >= schema.getFields().size()) {
        throw new IllegalArgumentException(
            "Column index " + index + " is outside the " + schema.getFields().size() + " columns of table '"
                + table.name() + "'");
      }
      if (unsupportedTypes[index] != null) {
        throw LakeException.unsupportedFeature(
            table.name(), unsupportedTypes[index] + " in column '" + schema.getFields().get(index).getName() + "'");
      }
    }
    boolean projectsPartitions = Arrays.stream(projection).anyMatch(index -> partitionKeys[index] != null);
    Optional<Predicate> pushed = DeltaFilterTranslator.translate(request.filter(), deltaSchema);
    Map<String, Field> filterColumns = filterColumns(request.filter());
    List<ScanTask> tasks = new ArrayList<>();
    ScanBuilder builder = snapshot.getScanBuilder();
    if (pushed.isPresent()) {
      builder = builder.withFilter(pushed.get());
    }
    try (CloseableIterator<FilteredColumnarBatch> batches = builder.build().getScanFiles(table.engine(), true)) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> files = batches.next().getRows()) {
          while (files.hasNext()) {
            tasks.add(task(files.next(), projection, projectsPartitions, request.filter(), filterColumns));
          }
        }
      }
    } catch (IOException e) {
      throw DeltaErrors.fromKernel(table.name(), table.location(), what(), new UncheckedIOException(e));
    } catch (RuntimeException e) {
      throw DeltaErrors.fromKernel(table.name(), table.location(), what(), e);
    }
    if (pushed.isEmpty()) {
      fileCount = (long) tasks.size();
    }
    return new ScanPlan(tasks, pushed.isPresent() ? dataFileCount() : tasks.size());
  }

  @Override
  public Optional<MetadataAggregates> metadataAggregates(List<String> columns) {
    ColumnMappingMode mode = ColumnMapping.getColumnMappingMode(snapshot.getTableProperties());
    List<StructField> fields = new ArrayList<>();
    List<String> statsKeys = new ArrayList<>();
    List<String> partitionColumnKeys = new ArrayList<>();
    for (String column : columns) {
      int index = indexOf(deltaSchema, column);
      if (index < 0) {
        return Optional.empty();
      }
      StructField field = deltaSchema.at(index);
      fields.add(field);
      statsKeys.add(mode == ColumnMappingMode.NONE ? field.getName() : ColumnMapping.getPhysicalName(field));
      partitionColumnKeys.add(partitionKeys[index]);
    }
    return DeltaMetadataAggregates.of(table, snapshot, fields, statsKeys, partitionColumnKeys);
  }

  @Override
  public java.util.Set<String> partitionColumns() {
    java.util.Set<String> columns = new java.util.HashSet<>();
    for (int i = 0; i < partitionKeys.length; i++) {
      if (partitionKeys[i] != null) {
        columns.add(schema.getFields().get(i).getName());
      }
    }
    return columns;
  }

  @Override
  public Optional<MetadataAggregates> metadataCount(Filter filter) {
    Map<String, StructField> columns = new HashMap<>();
    Map<String, String> keys = new HashMap<>();
    for (int i = 0; i < partitionKeys.length; i++) {
      if (partitionKeys[i] != null) {
        String name = schema.getFields().get(i).getName();
        columns.put(name, deltaSchema.at(i));
        keys.put(name, partitionKeys[i]);
      }
    }
    if (columns.isEmpty()) {
      return Optional.empty();
    }
    return DeltaMetadataAggregates.count(
        table, snapshot, filter, columns, keys, DeltaFilterTranslator.translate(filter, deltaSchema));
  }

  /**
   * The number of live data files, before any skipping: from the version's checksum file when it
   * has one, else counted by a scan without a filter.
   */
  @Override
  public long dataFileCount() {
    Long known = fileCount;
    if (known != null) {
      return known;
    }
    fileCount = countFiles();
    return fileCount;
  }

  private long countFiles() {
    try {
      Optional<CRCInfo> checksum = snapshot.getCurrentCrcInfo();
      if (checksum.isPresent() && checksum.get().getVersion() == snapshot.getVersion()) {
        return checksum.get().getNumFiles();
      }
      long count = 0;
      try (CloseableIterator<FilteredColumnarBatch> batches =
          snapshot.getScanBuilder().build().getScanFiles(table.engine(), false)) {
        while (batches.hasNext()) {
          try (CloseableIterator<Row> files = batches.next().getRows()) {
            while (files.hasNext()) {
              files.next();
              count++;
            }
          }
        }
      }
      return count;
    } catch (IOException e) {
      throw DeltaErrors.fromKernel(table.name(), table.location(), what(), new UncheckedIOException(e));
    } catch (RuntimeException e) {
      throw DeltaErrors.fromKernel(table.name(), table.location(), what(), e);
    }
  }

  /**
   * The columns data files hold, by name, for skipping row groups; none when nothing is filtered.
   * Partition columns are constants of each file, which Kernel already pruned by.
   */
  private Map<String, Field> filterColumns(Filter filter) {
    if (Filters.isAlwaysTrue(filter)) {
      return Map.of();
    }
    Map<String, Field> columns = new HashMap<>();
    List<Field> fields = schema.getFields();
    for (int i = 0; i < fields.size(); i++) {
      if (partitionKeys[i] == null && unsupportedTypes[i] == null) {
        columns.put(fields.get(i).getName(), fields.get(i));
      }
    }
    return columns;
  }

  private ScanTask task(
      Row scanFile, int[] projection, boolean projectsPartitions, Filter filter, Map<String, Field> filterColumns) {
    FileStatus file = InternalScanFileUtils.getAddFileStatus(scanFile);
    Map<String, String> partitionValues =
        projectsPartitions ? InternalScanFileUtils.getPartitionValues(scanFile) : Map.of();
    DeletionVectorDescriptor deletionVector = InternalScanFileUtils.getDeletionVectorDescriptorFromRow(scanFile);
    List<ColumnSpec> columns = new ArrayList<>(projection.length);
    for (int index : projection) {
      Field field = schema.getFields().get(index);
      if (partitionKeys[index] == null) {
        columns.add(ColumnSpec.fromFile(field));
      } else {
        // a writer that leaves a partition column out of partitionValues means null, as in Spark
        Object value =
            DeltaPartitionValues.toConstant(
                deltaSchema.at(index).getDataType(),
                partitionValues.get(partitionKeys[index]),
                table.name(),
                version(),
                field.getName(),
                file.getPath());
        columns.add(ColumnSpec.constant(field, value));
      }
    }
    long recordCount = deletionVector == null ? -1 : recordCount(scanFile);
    return new DeltaScanTask(
        table, snapshot.getPath(), version(), file.getPath(), file.getSize(), recordCount, columns, deletionVector,
        new RowGroupFilter(filter, filterColumns));
  }

  /** The number of rows in a data file according to its add action's JSON stats, or -1. */
  private static long recordCount(Row scanFile) {
    Row add = scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL);
    if (add.isNullAt(InternalScanFileUtils.ADD_FILE_STATS_ORDINAL)) {
      return -1;
    }
    Matcher numRecords = NUM_RECORDS.matcher(add.getString(InternalScanFileUtils.ADD_FILE_STATS_ORDINAL));
    return numRecords.find() ? Long.parseLong(numRecords.group(1)) : -1;
  }

  private String what() {
    return "version " + snapshot.getVersion();
  }

  /**
   * Where each partition column's value is found in partitionValues: under the physical name when
   * column mapping is on, else under the logical name.
   */
  private static String[] partitionKeys(StructType schema, List<String> partitionColumns, ColumnMappingMode mode) {
    String[] keys = new String[schema.length()];
    for (String column : partitionColumns) {
      int index = indexOf(schema, column);
      if (index < 0) {
        throw new IllegalStateException("Partition column '" + column + "' is not in the table schema " + schema);
      }
      StructField field = schema.at(index);
      keys[index] = mode == ColumnMappingMode.NONE ? field.getName() : ColumnMapping.getPhysicalName(field);
    }
    return keys;
  }

  private static int indexOf(StructType schema, String column) {
    for (int i = 0; i < schema.length(); i++) {
      if (schema.at(i).getName().equals(column)) {
        return i;
      }
    }
    for (int i = 0; i < schema.length(); i++) {
      if (schema.at(i).getName().equalsIgnoreCase(column)) {
        return i;
      }
    }
    return -1;
  }
}
