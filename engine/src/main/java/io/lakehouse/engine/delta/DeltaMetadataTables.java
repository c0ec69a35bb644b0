package io.lakehouse.engine.delta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.kernel.CommitActions;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.internal.DeltaLogActionUtils;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.internal.actions.CommitInfo;
import io.delta.kernel.internal.actions.DeletionVectorDescriptor;
import io.delta.kernel.internal.actions.Protocol;
import io.delta.kernel.internal.fs.Path;
import io.delta.kernel.internal.util.ColumnMapping;
import io.delta.kernel.internal.util.ColumnMapping.ColumnMappingMode;
import io.delta.kernel.internal.util.FileNames.DeltaLogFileType;
import io.delta.kernel.internal.util.VectorUtils;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.MetadataRows;
import io.lakehouse.engine.table.MetadataTableKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The metadata tables of a Delta table as of one of its versions, read through Delta Kernel: one
 * history row per commit file of the log up to the version (its commitInfo's operation and
 * parameters; the snapshots table shows the same commits with their operation metrics as summary),
 * the live data files with their statistics and deletion vectors, the partitions, and the table
 * configuration with the protocol. Delta has no tags or branches, so no refs.
 *
 * <p>Commit times are in-commit timestamps where the table records them, else the modification
 * times of the commit files, as Kernel resolves them for time travel.
 */
final class DeltaMetadataTables {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MICROS_PER_MILLI = 1000;
  private static final String COMMIT_INFO = DeltaLogActionUtils.DeltaAction.COMMITINFO.colName;
  private static final int OPERATION = CommitInfo.FULL_SCHEMA.indexOf("operation");
  private static final int OPERATION_PARAMETERS = CommitInfo.FULL_SCHEMA.indexOf("operationParameters");
  private static final int OPERATION_METRICS = CommitInfo.FULL_SCHEMA.indexOf("operationMetrics");

  private final DeltaTable table;
  private final Snapshot snapshot;

  DeltaMetadataTables(DeltaTable table, Snapshot snapshot) {
    this.table = table;
    this.snapshot = snapshot;
  }

  MetadataRows rows(MetadataTableKind kind) {
    try {
      return switch (kind) {
        case HISTORY -> MetadataRows.of(kind, commits().stream().map(Commit::historyRow).toList());
        case SNAPSHOTS -> MetadataRows.of(kind, commits().stream().map(Commit::snapshotRow).toList());
        case FILES -> MetadataRows.of(kind, files());
        case PARTITIONS -> MetadataRows.partitionsOf(MetadataRows.of(MetadataTableKind.FILES, files()));
        case REFS -> MetadataRows.of(kind, List.of());
        case PROPERTIES -> MetadataRows.of(kind, properties());
      };
    } catch (RuntimeException e) {
      throw DeltaErrors.fromKernel(table.name(), table.location(), what(kind), e);
    }
  }

  private String what(MetadataTableKind kind) {
    return "the " + kind.suffix() + " of version " + snapshot.getVersion();
  }

  /** One commit of the log, with what its commitInfo says (nothing when it has none). */
  private record Commit(
      long version, long timestampMillis, String operation, Map<String, Object> parameters, Map<String, Object> metrics) {

    List<Object> historyRow() {
      return Arrays.asList(version, parent(), timestampMillis * MICROS_PER_MILLI, operation, parameters, true);
    }

    List<Object> snapshotRow() {
      return Arrays.asList(version, parent(), timestampMillis * MICROS_PER_MILLI, operation, metrics, null);
    }

    /** A Delta log is linear: every version but the first follows the one before. */
    private Long parent() {
      return version == 0 ? null : version - 1;
    }
  }

  /** The commits whose files are in the log, up to the snapshot's version, oldest first. */
  private List<Commit> commits() {
    Path tablePath = new Path(snapshot.getPath());
    List<FileStatus> commitFiles;
    try (CloseableIterator<FileStatus> listed =
        DeltaLogActionUtils.listDeltaLogFilesAsIter(
            table.engine(), Set.of(DeltaLogFileType.COMMIT), tablePath, 0, Optional.of(snapshot.getVersion()), false)) {
      commitFiles = listed.toInMemoryList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Commit> commits = new ArrayList<>();
    try (CloseableIterator<CommitActions> actions =
        DeltaLogActionUtils.getActionsFromCommitFilesWithProtocolValidation(
            table.engine(), snapshot.getPath(), commitFiles, Set.of(DeltaLogActionUtils.DeltaAction.COMMITINFO))) {
      while (actions.hasNext()) {
        commits.add(commit(actions.next()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return commits;
  }

  /** Reads a commit's commitInfo; the iterator of its actions owns the commit file and closes it. */
  private static Commit commit(CommitActions commit) throws IOException {
    try (CloseableIterator<ColumnarBatch> batches = commit.getActions()) {
      while (batches.hasNext()) {
        ColumnarBatch batch = batches.next();
        ColumnVector commitInfo = batch.getColumnVector(batch.getSchema().indexOf(COMMIT_INFO));
        for (int row = 0; row < batch.getSize(); row++) {
          if (!commitInfo.isNullAt(row)) {
            ColumnVector operation = commitInfo.getChild(OPERATION);
            return new Commit(
                commit.getVersion(),
                commit.getTimestamp(),
                operation.isNullAt(row) ? null : operation.getString(row),
                textMap(commitInfo.getChild(OPERATION_PARAMETERS), row),
                textMap(commitInfo.getChild(OPERATION_METRICS), row));
          }
        }
      }
    }
    return new Commit(commit.getVersion(), commit.getTimestamp(), null, null, null);
  }

  /** A map of text to text, ordered by key; null when absent. */
  private static Map<String, Object> textMap(ColumnVector map, int row) {
    if (map.isNullAt(row)) {
      return null;
    }
    return new TreeMap<>(VectorUtils.<String, Object>toJavaMap(map.getMap(row)));
  }

  /** The live data files of the snapshot, ordered by path. */
  private List<List<Object>> files() {
    FileStatistics statistics = new FileStatistics(snapshot.getSchema(), columnMappingMode());
    Map<String, String> partitionKeys = partitionKeys();
    List<List<Object>> rows = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> batches =
        snapshot.getScanBuilder().build().getScanFiles(table.engine(), true)) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> scanFiles = batches.next().getRows()) {
          while (scanFiles.hasNext()) {
            rows.add(file(scanFiles.next(), partitionKeys, statistics));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    rows.sort(Comparator.comparing(row -> (String) row.get(0)));
    return rows;
  }

  private List<Object> file(Row scanFile, Map<String, String> partitionKeys, FileStatistics statistics) {
    FileStatus file = InternalScanFileUtils.getAddFileStatus(scanFile);
    Map<String, String> recorded = InternalScanFileUtils.getPartitionValues(scanFile);
    Map<String, Object> partition = new LinkedHashMap<>();
    // the protocol writes an empty string, or leaves the key out, for a null partition value
    partitionKeys.forEach((column, key) -> partition.put(column, emptyToNull(recorded.get(key))));
    DeletionVectorDescriptor deletionVector = InternalScanFileUtils.getDeletionVectorDescriptorFromRow(scanFile);
    Row add = scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL);
    JsonNode stats =
        add.isNullAt(InternalScanFileUtils.ADD_FILE_STATS_ORDINAL)
            ? null
            : parseStats(add.getString(InternalScanFileUtils.ADD_FILE_STATS_ORDINAL), file.getPath());
    return Arrays.asList(
        file.getPath(),
        "PARQUET",
        partition,
        stats != null && stats.hasNonNull("numRecords") ? stats.get("numRecords").asLong() : null,
        file.getSize(),
        statistics.nullCounts(stats),
        statistics.bounds(stats, "minValues"),
        statistics.bounds(stats, "maxValues"),
        deletionVector == null ? 0L : deletionVector.getCardinality(),
        0L);
  }

  private JsonNode parseStats(String json, String file) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new LakeException(
          LakeException.INVALID_TABLE,
          "Table '" + table.name() + "' (version " + snapshot.getVersion() + ") records statistics for data file "
              + file + " that are not valid JSON: " + e.getOriginalMessage(),
          e);
    }
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  /** Per partition column, in the table's order: the key of its value in partitionValues. */
  private Map<String, String> partitionKeys() {
    StructType schema = snapshot.getSchema();
    ColumnMappingMode mode = columnMappingMode();
    Map<String, String> keys = new LinkedHashMap<>();
    for (String column : snapshot.getPartitionColumnNames()) {
      StructField field = findIgnoringCase(schema, column);
      if (field == null) {
        throw new IllegalStateException("Partition column '" + column + "' is not in the table schema " + schema);
      }
      keys.put(field.getName(), mode == ColumnMappingMode.NONE ? field.getName() : ColumnMapping.getPhysicalName(field));
    }
    return keys;
  }

  private static StructField findIgnoringCase(StructType schema, String column) {
    for (StructField field : schema.fields()) {
      if (field.getName().equalsIgnoreCase(column)) {
        return field;
      }
    }
    return null;
  }

  private ColumnMappingMode columnMappingMode() {
    return ColumnMapping.getColumnMappingMode(snapshot.getTableProperties());
  }

  /** The table configuration and the protocol, as Delta shows them among the table properties. */
  private List<List<Object>> properties() {
    Map<String, String> properties = new TreeMap<>(snapshot.getTableProperties());
    Protocol protocol = ((SnapshotImpl) snapshot).getProtocol();
    properties.put("delta.minReaderVersion", Integer.toString(protocol.getMinReaderVersion()));
    properties.put("delta.minWriterVersion", Integer.toString(protocol.getMinWriterVersion()));
    for (String feature : protocol.getReaderAndWriterFeatures()) {
      properties.put("delta.feature." + feature, "supported");
    }
    List<List<Object>> rows = new ArrayList<>();
    properties.forEach((key, value) -> rows.add(Arrays.asList(key, value)));
    return rows;
  }

  /**
   * Reads the statistics an add action records as JSON, keyed by physical column names, into maps
   * keyed by logical column names (nested fields as {@code parent.child}) in the order recorded.
   */
  private static final class FileStatistics {
    private final StructType schema;
    private final ColumnMappingMode mode;

    FileStatistics(StructType schema, ColumnMappingMode mode) {
      this.schema = schema;
      this.mode = mode;
    }

    /** The null counts of a file's columns; null when the file records none. */
    Map<String, Object> nullCounts(JsonNode stats) {
      JsonNode counts = stats == null ? null : stats.get("nullCount");
      if (counts == null || !counts.isObject()) {
        return null;
      }
      Map<String, Object> values = new LinkedHashMap<>();
      collect(counts, schema, "", values, true);
      return values;
    }

    /** The minimum or maximum values of a file's columns as text; null when the file records none. */
    Map<String, Object> bounds(JsonNode stats, String kind) {
      JsonNode bounds = stats == null ? null : stats.get(kind);
      if (bounds == null || !bounds.isObject()) {
        return null;
      }
      Map<String, Object> values = new LinkedHashMap<>();
      collect(bounds, schema, "", values, false);
      return values;
    }

    private void collect(JsonNode node, StructType struct, String prefix, Map<String, Object> values, boolean counts) {
      Map<String, StructField> byPhysicalName = new LinkedHashMap<>();
      if (struct != null) {
        for (StructField field : struct.fields()) {
          byPhysicalName.put(physicalName(field), field);
        }
      }
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        StructField field = byPhysicalName.get(entry.getKey());
        String name = prefix + (field == null ? entry.getKey() : field.getName());
        JsonNode value = entry.getValue();
        if (value.isObject()) {
          StructType nested = field != null && field.getDataType() instanceof StructType type ? type : null;
          collect(value, nested, name + ".", values, counts);
        } else if (value.isNull()) {
          values.put(name, null);
        } else if (counts) {
          values.put(name, value.asLong());
        } else {
          values.put(name, value.isTextual() ? value.asText() : value.toString());
        }
      }
    }

    private String physicalName(StructField field) {
      return mode == ColumnMappingMode.NONE ? field.getName() : ColumnMapping.getPhysicalName(field);
    }
  }
}
