package io.lakehouse.engine.iceberg;

import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.MetadataAggregates;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

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
