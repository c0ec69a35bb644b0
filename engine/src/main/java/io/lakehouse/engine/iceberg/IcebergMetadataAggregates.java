package io.lakehouse.engine.iceberg;

import io.lakehouse.engine.table.ConstantFilter;
import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.Filters;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.MetadataAggregates;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.PartitionUtil;

/**
 * Row counts and column bounds of an Iceberg snapshot from its manifests: each data file's
 * {@code record_count} and its lower and upper bounds, which Iceberg writes exactly for integers,
 * dates and decimals (only strings and binary are truncated). A file with delete files of any kind
 * makes the answer inexact, and so does a file without bounds for a column that is not all null.
 */
final class IcebergMetadataAggregates {

  private IcebergMetadataAggregates() {}

  static Optional<MetadataAggregates> of(
      String tableName, Table table, Snapshot snapshot, Schema readSchema, List<String> columns) {
    MetadataAggregates.Builder result = new MetadataAggregates.Builder();
    if (snapshot == null) {
      return Optional.of(result.build());
    }
    Types.NestedField[] fields = new Types.NestedField[columns.size()];
    for (int c = 0; c < fields.length; c++) {
      fields[c] = readSchema.findField(columns.get(c));
      if (fields[c] == null || !hasExactBounds(fields[c].type())) {
        return Optional.empty();
      }
    }
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(snapshot.snapshotId()).includeColumnStats().planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        if (!task.deletes().isEmpty() || file.recordCount() < 0) {
          return Optional.empty();
        }
        result.file(file.recordCount());
        for (Types.NestedField field : fields) {
          if (!addBounds(result, field, file)) {
            return Optional.empty();
          }
        }
      }
    } catch (IOException e) {
      throw new LakeException(
          LakeException.IO_ERROR,
          "Cannot read the manifests of table '" + tableName + "' at snapshot " + snapshot.snapshotId() + ": "
              + e.getMessage(),
          e);
    }
    return Optional.of(result.build());
  }

  /**
   * The rows of the snapshot for which a filter on partition source columns is true. Each file the
   * scan plans with the filter counts all its records when the filter is true by its partition:
   * by {@link ConstantFilter} on its identity-partition values when the filter reads only those,
   * else by Iceberg's residual ({@code FileScanTask.residual()}, from the strict projection of
   * the filter onto the file's partition spec, transforms included) being always true, when the
   * filter translates exactly and the file's partition holds no null. Empty when any file is
   * decided neither way, has delete files or lacks a record count.
   */
  static Optional<MetadataAggregates> count(
      String tableName, Table table, Snapshot snapshot, Schema readSchema, Filter filter) {
    MetadataAggregates.Builder result = new MetadataAggregates.Builder();
    if (snapshot == null) {
      return Optional.of(result.build());
    }
    Map<String, Types.NestedField> columns = new HashMap<>();
    for (String column : Filters.columns(filter)) {
      Types.NestedField field = IcebergFilterTranslator.column(readSchema, column);
      if (field == null) {
        return Optional.empty();
      }
      columns.put(column, field);
    }
    Expression exact = IcebergFilterTranslator.translateExactly(filter, readSchema, table.schema());
    Expression pushed = exact != null ? exact : IcebergFilterTranslator.translate(filter, readSchema, table.schema());
    TableScan scan = table.newScan().useSnapshot(snapshot.snapshotId());
    if (pushed != null) {
      scan = scan.filter(pushed);
    }
    try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
      for (FileScanTask task : tasks) {
        if (!task.deletes().isEmpty() || task.file().recordCount() < 0) {
          return Optional.empty();
        }
        Boolean keeps = keepsEveryRow(task, filter, columns, exact != null);
        if (keeps == null) {
          return Optional.empty();
        }
        result.file(keeps ? task.file().recordCount() : 0);
      }
    } catch (IOException e) {
      throw new LakeException(
          LakeException.IO_ERROR,
          "Cannot read the manifests of table '" + tableName + "' at snapshot " + snapshot.snapshotId() + ": "
              + e.getMessage(),
          e);
    }
    return Optional.of(result.build());
  }

  /** Whether the filter is true for every row of the task's file (false: for none), or null when unknown. */
  private static Boolean keepsEveryRow(
      FileScanTask task, Filter filter, Map<String, Types.NestedField> columns, boolean exact) {
    Map<Integer, ?> constants = PartitionUtil.constantsMap(task, (type, value) -> value);
    Map<String, Object> values = new HashMap<>();
    for (Map.Entry<String, Types.NestedField> column : columns.entrySet()) {
      int id = column.getValue().fieldId();
      if (constants.containsKey(id)) {
        values.put(column.getKey(), ArrowSchemas.toArrowValue(column.getValue().type(), constants.get(id)));
      }
    }
    if (values.size() == columns.size()) {
      ConstantFilter.Truth truth = ConstantFilter.evaluate(filter, values);
      return truth == ConstantFilter.Truth.CANNOT ? null : truth.keepsRows();
    }
    StructLike partition = task.file().partition();
    if (!exact || partition == null) {
      return null;
    }
    // Iceberg's evaluators do not follow SQL's nulls (x <> 1 is true for a null x): a null
    // partition value of a filtered column leaves the file undecided
    java.util.Set<Integer> filtered = new java.util.HashSet<>();
    columns.values().forEach(field -> filtered.add(field.fieldId()));
    List<PartitionField> fields = task.spec().fields();
    for (int i = 0; i < fields.size(); i++) {
      if (filtered.contains(fields.get(i).sourceId()) && partition.get(i, Object.class) == null) {
        return null;
      }
    }
    Expression residual = task.residual();
    if (residual.op() == Expression.Operation.TRUE) {
      return true;
    }
    return residual.op() == Expression.Operation.FALSE ? false : null;
  }

  private static boolean hasExactBounds(Type type) {
    return switch (type.typeId()) {
      case INTEGER, LONG, DATE, DECIMAL -> true;
      default -> false;
    };
  }

  /** Adds a file's bounds of a column; false when they are unknown for a column with values. */
  private static boolean addBounds(MetadataAggregates.Builder result, Types.NestedField field, DataFile file) {
    int id = field.fieldId();
    Long values = get(file.valueCounts(), id);
    Long nulls = get(file.nullValueCounts(), id);
    if (values != null && nulls != null && values.longValue() == nulls.longValue()) {
      return true;
    }
    ByteBuffer lower = file.lowerBounds() == null ? null : file.lowerBounds().get(id);
    ByteBuffer upper = file.upperBounds() == null ? null : file.upperBounds().get(id);
    if (lower == null || upper == null) {
      return false;
    }
    result.bounds(field.name(), value(field.type(), lower), value(field.type(), upper));
    return true;
  }

  private static Long get(Map<Integer, Long> counts, int id) {
    return counts == null ? null : counts.get(id);
  }

  /** A bound in the filter literal convention; a long column's files written as int hold 4 bytes. */
  private static Object value(Type type, ByteBuffer bound) {
    ByteBuffer buffer = bound.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    return switch (type.typeId()) {
      case INTEGER -> (long) buffer.getInt(buffer.position());
      case LONG -> buffer.remaining() == 4 ? (long) buffer.getInt(buffer.position()) : buffer.getLong(buffer.position());
      case DATE -> buffer.getInt(buffer.position());
      case DECIMAL -> (BigDecimal) Conversions.fromByteBuffer(type, bound.duplicate());
      default -> throw new IllegalArgumentException("No exact bounds for type " + type);
    };
  }
}
