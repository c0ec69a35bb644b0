package io.lakehouse.engine.iceberg;

import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.MetadataRows;
import io.lakehouse.engine.table.MetadataTableKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HistoryEntry;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.transforms.Transform;
import org.apache.iceberg.transforms.Transforms;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The metadata tables of an Iceberg table as of one of its snapshots, read from its metadata and
 * manifests with iceberg-core: the snapshot log, the snapshots, the data files with their metrics,
 * the partitions, the tags and branches, and the table properties.
 *
 * <p>History and snapshots go up to the chosen snapshot (by commit time when time travelling);
 * refs and properties are those of the current metadata, which Iceberg does not keep per snapshot.
 */
final class IcebergMetadataTables {

  private static final long MICROS_PER_MILLI = 1000;

  private final IcebergTable lakeTable;
  private final Table table;
  /** The chosen snapshot; null for the latest state of a table without snapshots. */
  private final Snapshot snapshot;
  private final boolean latest;

  /**
   * @param latest whether the snapshot is the table's current state, so that later entries of the
   *     snapshot log (such as a rollback's) are not cut off by their commit time
   */
  IcebergMetadataTables(IcebergTable lakeTable, Table table, Snapshot snapshot, boolean latest) {
    this.lakeTable = lakeTable;
    this.table = table;
    this.snapshot = snapshot;
    this.latest = latest;
  }

  MetadataRows rows(MetadataTableKind kind) {
    return switch (kind) {
      case HISTORY -> MetadataRows.of(kind, history());
      case SNAPSHOTS -> MetadataRows.of(kind, snapshots());
      case FILES -> MetadataRows.of(kind, files());
      case PARTITIONS -> MetadataRows.partitionsOf(MetadataRows.of(MetadataTableKind.FILES, files()));
      case REFS -> MetadataRows.of(kind, refs());
      case PROPERTIES -> MetadataRows.of(kind, properties());
    };
  }

  /** The snapshot log up to the chosen snapshot, marking the chosen snapshot's ancestors. */
  private List<List<Object>> history() {
    if (snapshot == null) {
      return List.of();
    }
    List<Snapshot> chain = new ArrayList<>();
    SnapshotUtil.ancestorsOf(snapshot.snapshotId(), table::snapshot).forEach(chain::add);
    Collections.reverse(chain);
    List<List<Object>> rows = new ArrayList<>();
    List<HistoryEntry> log = table.history();
    if (log.isEmpty()) {
      // a writer that keeps no snapshot log: the ancestry is the history
      for (Snapshot ancestor : chain) {
        rows.add(historyRow(ancestor.snapshotId(), ancestor.timestampMillis(), true));
      }
      return rows;
    }
    Set<Long> ancestors = new HashSet<>();
    chain.forEach(ancestor -> ancestors.add(ancestor.snapshotId()));
    // the chain ends at the oldest snapshot kept; its parent, expired since, is an ancestor too
    Long expiredParent = chain.get(0).parentId();
    if (expiredParent != null) {
      ancestors.add(expiredParent);
    }
    for (HistoryEntry entry : log) {
      if (latest || entry.timestampMillis() <= snapshot.timestampMillis()) {
        rows.add(historyRow(entry.snapshotId(), entry.timestampMillis(), ancestors.contains(entry.snapshotId())));
      }
    }
    return rows;
  }

  private List<Object> historyRow(long snapshotId, long timestampMillis, boolean isAncestor) {
    Snapshot logged = table.snapshot(snapshotId);
    // an expired snapshot stays in the log without its parent, operation or summary
    return Arrays.asList(
        snapshotId,
        logged == null ? null : logged.parentId(),
        timestampMillis * MICROS_PER_MILLI,
        logged == null ? null : logged.operation(),
        logged == null ? null : new TreeMap<String, Object>(logged.summary()),
        isAncestor);
  }

  /** Every snapshot in the metadata committed up to the chosen one, on any branch, oldest first. */
  private List<List<Object>> snapshots() {
    List<Snapshot> snapshots = new ArrayList<>();
    for (Snapshot each : table.snapshots()) {
      if (latest || each.timestampMillis() <= snapshot.timestampMillis()) {
        snapshots.add(each);
      }
    }
    snapshots.sort(
        Comparator.comparingLong(Snapshot::timestampMillis)
            .thenComparingLong(Snapshot::sequenceNumber)
            .thenComparingLong(Snapshot::snapshotId));
    List<List<Object>> rows = new ArrayList<>();
    for (Snapshot each : snapshots) {
      rows.add(
          Arrays.asList(
              each.snapshotId(),
              each.parentId(),
              each.timestampMillis() * MICROS_PER_MILLI,
              each.operation(),
              new TreeMap<String, Object>(each.summary()),
              each.manifestListLocation()));
    }
    return rows;
  }

  /** The live data files of the chosen snapshot, ordered by path, with their metrics as recorded. */
  private List<List<Object>> files() {
    if (snapshot == null) {
      return List.of();
    }
    ColumnNames columns = new ColumnNames(table, SnapshotUtil.schemaFor(table, snapshot.snapshotId()));
    List<List<Object>> rows = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshot.snapshotId()).includeColumnStats().planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        rows.add(
            Arrays.asList(
                file.location(),
                file.format().name(),
                partition(table.specs().get(file.specId()), file.partition()),
                file.recordCount(),
                file.fileSizeInBytes(),
                byColumn(file.nullValueCounts(), columns, (type, count) -> count),
                byColumn(file.lowerBounds(), columns, IcebergMetadataTables::boundText),
                byColumn(file.upperBounds(), columns, IcebergMetadataTables::boundText),
                null,
                (long) task.deletes().size()));
      }
    } catch (IOException e) {
      throw new LakeException(
          LakeException.IO_ERROR,
          "Cannot list the data files of table '" + lakeTable.name() + "' at snapshot " + snapshot.snapshotId()
              + ": " + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      if (Failures.isMissingFile(e)) {
        throw lakeTable.missingFile(table, "at snapshot " + snapshot.snapshotId(), e);
      }
      throw new LakeException(
          LakeException.INVALID_TABLE,
          "Cannot list the data files of table '" + lakeTable.name() + "' at snapshot " + snapshot.snapshotId()
              + ": its manifests cannot be read: " + e.getMessage(),
          e);
    }
    rows.sort(Comparator.comparing(row -> (String) row.get(0)));
    return rows;
  }

  /** The partition field names of a file's spec with the values as Iceberg shows them in paths. */
  private static Map<String, Object> partition(PartitionSpec spec, StructLike partition) {
    Map<String, Object> values = new LinkedHashMap<>();
    List<Types.NestedField> types = spec.partitionType().fields();
    for (int i = 0; i < spec.fields().size(); i++) {
      PartitionField field = spec.fields().get(i);
      Object value = partition.get(i, Object.class);
      @SuppressWarnings("unchecked")
      Transform<Object, Object> transform = (Transform<Object, Object>) field.transform();
      values.put(field.name(), value == null ? null : transform.toHumanString(types.get(i).type(), value));
    }
    return values;
  }

  /** A per-field-id metric keyed by column name, in schema order; null when the file has none. */
  private static <T> Map<String, Object> byColumn(
      Map<Integer, T> metric, ColumnNames columns, BiFunction<Type, T, Object> render) {
    if (metric == null) {
      return null;
    }
    Map<String, Object> values = new LinkedHashMap<>();
    metric.keySet().stream()
        .sorted()
        .forEach(id -> values.put(columns.name(id), render.apply(columns.type(id), metric.get(id))));
    return values;
  }

  /** A lower or upper bound as text, decoded from Iceberg's single-value serialization. */
  private static Object boundText(Type type, ByteBuffer bound) {
    if (type == null || !type.isPrimitiveType() || ArrowSchemas.unsupportedType(type).isPresent()) {
      // no decoding for this type: the stored bytes, as Iceberg shows binary values
      return Base64.getEncoder().encodeToString(bytes(bound));
    }
    Object value = Conversions.fromByteBuffer(type, bound.duplicate());
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    return Transforms.identity().toHumanString(type, value);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }

  /** Tags and branches by name. */
  private List<List<Object>> refs() {
    List<List<Object>> rows = new ArrayList<>();
    new TreeMap<>(table.refs())
        .forEach(
            (name, ref) -> rows.add(Arrays.asList(name, ref.isBranch() ? "BRANCH" : "TAG", ref.snapshotId(),
                ref.maxRefAgeMs(), ref.minSnapshotsToKeep(), ref.maxSnapshotAgeMs())));
    return rows;
  }

  /** The table properties and its format version, by key. */
  private List<List<Object>> properties() {
    Map<String, String> properties = new TreeMap<>(table.properties());
    properties.put("format-version", Integer.toString(TableUtil.formatVersion(table)));
    List<List<Object>> rows = new ArrayList<>();
    properties.forEach((key, value) -> rows.add(Arrays.asList(key, value)));
    return rows;
  }

  /**
   * Names and types of field ids: from the snapshot's schema, else from the newest other schema
   * that has the field (a file may keep metrics of a column dropped since).
   */
  private static final class ColumnNames {
    private final List<Schema> schemas = new ArrayList<>();

    ColumnNames(Table table, Schema snapshotSchema) {
      schemas.add(snapshotSchema);
      table.schemas().entrySet().stream()
          .sorted(Map.Entry.<Integer, Schema>comparingByKey().reversed())
          .forEach(entry -> schemas.add(entry.getValue()));
    }

    String name(int fieldId) {
      for (Schema schema : schemas) {
        String name = schema.findColumnName(fieldId);
        if (name != null) {
          return name;
        }
      }
      return "field " + fieldId;
    }

    Type type(int fieldId) {
      for (Schema schema : schemas) {
        Type type = schema.findType(fieldId);
        if (type != null) {
          return type;
        }
      }
      return null;
    }
  }
}
