package io.lakehouse.engine.iceberg;

import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.LakeSnapshot;
import io.lakehouse.engine.table.LakeTable;
import io.lakehouse.engine.table.MetadataAggregates;
import io.lakehouse.engine.table.ScanPlan;
import io.lakehouse.engine.table.ScanRequest;
import io.lakehouse.engine.table.ScanTask;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * One snapshot of an Iceberg table (or the empty state of a table without snapshots), with the
 * schema it is read with: the table schema for the latest state and branches, the snapshot's own
 * schema for time travel to a snapshot id, a point in time or a tag.
 */
public final class IcebergSnapshot implements LakeSnapshot {

  private final IcebergTable lakeTable;
  private final Table table;
  private final Snapshot snapshot;
  private final org.apache.iceberg.Schema readSchema;
  private final NameMapping nameMapping;
  private final Schema arrowSchema;

  IcebergSnapshot(IcebergTable lakeTable, Table table, Snapshot snapshot, org.apache.iceberg.Schema readSchema) {
    this.lakeTable = lakeTable;
    this.table = table;
    this.snapshot = snapshot;
    this.readSchema = readSchema;
    this.nameMapping = NameMappings.forSchema(lakeTable.name(), table, readSchema);
    this.arrowSchema = ArrowSchemas.toArrow(readSchema, nameMapping);
  }

  @Override
  public LakeTable table() {
    return lakeTable;
  }

  @Override
  public long version() {
    return snapshot == null ? -1 : snapshot.snapshotId();
  }

  /** The instant the snapshot was committed, or empty for a table without snapshots. */
  public Optional<java.time.Instant> committedAt() {
    return Optional.ofNullable(snapshot).map(s -> java.time.Instant.ofEpochMilli(s.timestampMillis()));
  }

  @Override
  public Schema schema() {
    return arrowSchema;
  }

  @Override
  public ScanPlan plan(ScanRequest request) {
    List<Types.NestedField> projected = projectedColumns(request);
    if (snapshot == null) {
      return new ScanPlan(List.of(), 0);
    }
    ScanSetup setup = new ScanSetup(lakeTable, table, readSchema, nameMapping, projected);
    List<ScanTask> tasks = new ArrayList<>();
    Expression pushed = IcebergFilterTranslator.translate(request.filter(), readSchema, table.schema());
    TableScan scan = table.newScan().useSnapshot(snapshot.snapshotId());
    if (pushed != null) {
      scan = scan.filter(pushed);
    }
    try (CloseableIterable<FileScanTask> files = scan.planFiles()) {
      UuidEqualityDeletes uuidDeletes = UuidEqualityDeletes.of(table, snapshot);
      for (FileScanTask file : files) {
        tasks.add(new IcebergScanTask(setup, file, uuidDeletes.deletesOf(file), request.filter()));
      }
    } catch (IOException e) {
      throw new LakeException(
          LakeException.IO_ERROR,
          "Cannot plan a scan of table '" + lakeTable.name() + "' at snapshot " + snapshot.snapshotId()
              + ": " + e.getMessage(),
          e);
    } catch (LakeException e) {
      throw e;
    } catch (RuntimeException e) {
      if (Failures.isMissingFile(e)) {
        throw lakeTable.missingFile(table, "at snapshot " + snapshot.snapshotId(), e);
      }
      LakeException refused =
          Storage.refusedCredentials(
              e, "read the manifests of table '" + lakeTable.name() + "' at snapshot " + snapshot.snapshotId());
      if (refused != null) {
        throw refused;
      }
      throw new LakeException(
          LakeException.INVALID_TABLE,
          "Cannot plan a scan of table '" + lakeTable.name() + "' at snapshot " + snapshot.snapshotId()
              + ": its manifests cannot be read: " + e.getMessage(),
          e);
    }
    return new ScanPlan(tasks, pushed == null ? tasks.size() : dataFileCount());
  }

  @Override
  public Optional<MetadataAggregates> metadataAggregates(List<String> columns) {
    return IcebergMetadataAggregates.of(lakeTable.name(), table, snapshot, readSchema, columns);
  }

  @Override
  public java.util.Set<String> partitionColumns() {
    java.util.Set<String> columns = new java.util.HashSet<>();
    for (org.apache.iceberg.PartitionSpec spec : table.specs().values()) {
      for (org.apache.iceberg.PartitionField field : spec.fields()) {
        Types.NestedField source = readSchema.findField(field.sourceId());
        if (source != null && readSchema.columns().contains(source)) {
          columns.add(source.name());
        }
      }
    }
    return columns;
  }

  @Override
  public Optional<MetadataAggregates> metadataCount(io.lakehouse.engine.table.Filter filter) {
    return IcebergMetadataAggregates.count(lakeTable.name(), table, snapshot, readSchema, filter);
  }

  /**
   * The number of data files in the snapshot, before any skipping: from its summary, else counted
   * by a scan without a filter.
   */
  @Override
  public long dataFileCount() {
    String total = snapshot.summary() == null ? null : snapshot.summary().get(SnapshotSummary.TOTAL_DATA_FILES_PROP);
    if (total != null) {
      try {
        return Long.parseLong(total);
      } catch (NumberFormatException e) {
        // a summary that is no number is not trusted: count instead
      }
    }
    long count = 0;
    try (CloseableIterable<FileScanTask> files = table.newScan().useSnapshot(snapshot.snapshotId()).planFiles()) {
      for (FileScanTask ignored : files) {
        count++;
      }
    } catch (IOException e) {
      throw new LakeException(
          LakeException.IO_ERROR,
          "Cannot plan a scan of table '" + lakeTable.name() + "' at snapshot " + snapshot.snapshotId()
              + ": " + e.getMessage(),
          e);
    }
    return count;
  }

  private List<Types.NestedField> projectedColumns(ScanRequest request) {
    List<Types.NestedField> columns = readSchema.columns();
    List<Types.NestedField> projected = new ArrayList<>();
    for (int index : request.projection()) {
      if (index < 0 || index >= columns.size()) {
        throw new IllegalArgumentException(
            "Column index " + index + " is outside the " + columns.size() + " columns of table '"
                + lakeTable.name() + "'");
      }
      Types.NestedField column = columns.get(index);
      Optional<Type> unsupported = ArrowSchemas.unsupportedType(column.type());
      if (unsupported.isPresent()) {
        throw LakeException.unsupportedFeature(
            lakeTable.name(), "the Iceberg type " + unsupported.get() + " in column '" + column.name() + "'");
      }
      projected.add(column);
    }
    return projected;
  }
}
