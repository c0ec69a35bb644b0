package io.lakehouse.engine.delta;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.kernel.ScanBuilder;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.utils.CloseableIterator;
import io.lakehouse.engine.table.ConstantFilter;
import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.MetadataAggregates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Row counts and column bounds of a Delta snapshot from its log: each add action's
 * {@code numRecords}, {@code nullCount}, {@code minValues} and {@code maxValues} statistics, and
 * partition values. Only integer, date and decimal columns are answered, whose statistics writers
 * record exactly (strings are truncated and timestamps rounded to milliseconds). Decimals pass
 * through JSON numbers, which some writers produce from doubles: they are taken up to 15 digits
 * (which a double holds exactly) and only when they are a value of the column's scale. A file with
 * a deletion vector, without statistics, or with statistics marked as not tight makes the answer
 * inexact.
 */
final class DeltaMetadataAggregates {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final int MAX_DECIMAL_DIGITS = 15;

  private DeltaMetadataAggregates() {}

  /**
   * @param fields each asked column's field
   * @param statsKeys each asked column's key in the statistics (its physical name under column
   *     mapping), or null for a partition column
   * @param partitionKeys each asked partition column's key in partitionValues, or null
   */
  static Optional<MetadataAggregates> of(
      DeltaTable table, Snapshot snapshot, List<StructField> fields, List<String> statsKeys, List<String> partitionKeys) {
    for (StructField field : fields) {
      if (!isExact(field.getDataType())) {
        return Optional.empty();
      }
    }
    MetadataAggregates.Builder result = new MetadataAggregates.Builder();
    try (CloseableIterator<FilteredColumnarBatch> batches =
        snapshot.getScanBuilder().build().getScanFiles(table.engine(), true)) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> files = batches.next().getRows()) {
          while (files.hasNext()) {
            if (!addFile(result, table, snapshot.getVersion(), files.next(), fields, statsKeys, partitionKeys)) {
              return Optional.empty();
            }
          }
        }
      }
    } catch (IOException e) {
      throw DeltaErrors.fromKernel(table.name(), table.location(), "version " + snapshot.getVersion(),
          new UncheckedIOException(e));
    } catch (RuntimeException e) {
      throw DeltaErrors.fromKernel(table.name(), table.location(), "version " + snapshot.getVersion(), e);
    }
    return Optional.of(result.build());
  }

  /**
   * The rows of the snapshot for which a filter on partition columns only is true: the record
   * counts of the files whose partition values make it true, among the files Kernel's partition
   * pruning keeps. Empty when a kept file has a deletion vector or no record count, or when the
   * filter cannot be evaluated exactly on partition values.
   *
   * @param partitionColumns the key of each partition column in partitionValues, by column name
   * @param pushed the filter as a Kernel predicate, to prune files by; empty to read every file
   */
  static Optional<MetadataAggregates> count(
      DeltaTable table, Snapshot snapshot, Filter filter, Map<String, StructField> partitionColumns,
      Map<String, String> partitionKeys, Optional<Predicate> pushed) {
    MetadataAggregates.Builder result = new MetadataAggregates.Builder();
    ScanBuilder builder = snapshot.getScanBuilder();
    if (pushed.isPresent()) {
      builder = builder.withFilter(pushed.get());
    }
    try (CloseableIterator<FilteredColumnarBatch> batches = builder.build().getScanFiles(table.engine(), true)) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> files = batches.next().getRows()) {
          while (files.hasNext()) {
            Row scanFile = files.next();
            long rows = exactRecordCount(scanFile);
            if (rows < 0) {
              return Optional.empty();
            }
            Map<String, String> partitionValues = InternalScanFileUtils.getPartitionValues(scanFile);
            Map<String, Object> constants = new HashMap<>();
            for (Map.Entry<String, StructField> column : partitionColumns.entrySet()) {
              constants.put(column.getKey(), DeltaPartitionValues.toConstant(
                  column.getValue().getDataType(), partitionValues.get(partitionKeys.get(column.getKey())),
                  table.name(), snapshot.getVersion(), column.getKey(), InternalScanFileUtils.getFilePath(scanFile)));
            }
            ConstantFilter.Truth truth = ConstantFilter.evaluate(filter, constants);
            if (truth == ConstantFilter.Truth.CANNOT) {
              return Optional.empty();
            }
            result.file(truth.keepsRows() ? rows : 0);
          }
        }
      }
    } catch (IOException e) {
      throw DeltaErrors.fromKernel(table.name(), table.location(), "version " + snapshot.getVersion(),
          new UncheckedIOException(e));
    } catch (RuntimeException e) {
      throw DeltaErrors.fromKernel(table.name(), table.location(), "version " + snapshot.getVersion(), e);
    }
    return Optional.of(result.build());
  }

  /** A file's record count from its statistics, or -1 when it has a deletion vector or none. */
  private static long exactRecordCount(Row scanFile) throws IOException {
    if (InternalScanFileUtils.getDeletionVectorDescriptorFromRow(scanFile) != null) {
      return -1;
    }
    Row add = scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL);
    if (add.isNullAt(InternalScanFileUtils.ADD_FILE_STATS_ORDINAL)) {
      return -1;
    }
    JsonNode numRecords = JSON.readTree(add.getString(InternalScanFileUtils.ADD_FILE_STATS_ORDINAL)).get("numRecords");
    return numRecords != null && numRecords.canConvertToLong() ? numRecords.asLong() : -1;
  }

  private static boolean isExact(DataType type) {
    return type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType
        || type instanceof LongType || type instanceof DateType
        || (type instanceof DecimalType decimal && decimal.getPrecision() <= MAX_DECIMAL_DIGITS);
  }

  private static boolean addFile(
      MetadataAggregates.Builder result, DeltaTable table, long version, Row scanFile,
      List<StructField> fields, List<String> statsKeys, List<String> partitionKeys) throws IOException {
    if (InternalScanFileUtils.getDeletionVectorDescriptorFromRow(scanFile) != null) {
      return false;
    }
    Row add = scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL);
    if (add.isNullAt(InternalScanFileUtils.ADD_FILE_STATS_ORDINAL)) {
      return false;
    }
    JsonNode stats = JSON.readTree(add.getString(InternalScanFileUtils.ADD_FILE_STATS_ORDINAL));
    JsonNode numRecords = stats.get("numRecords");
    JsonNode tight = stats.get("tightBounds");
    if (numRecords == null || !numRecords.canConvertToLong() || (tight != null && !tight.asBoolean(true))) {
      return false;
    }
    long rows = numRecords.asLong();
    result.file(rows);
    Map<String, String> partitionValues = null;
    for (int c = 0; c < fields.size(); c++) {
      StructField field = fields.get(c);
      if (partitionKeys.get(c) != null) {
        if (partitionValues == null) {
          partitionValues = InternalScanFileUtils.getPartitionValues(scanFile);
        }
        Object value = DeltaPartitionValues.toConstant(field.getDataType(), partitionValues.get(partitionKeys.get(c)),
            table.name(), version, field.getName(), InternalScanFileUtils.getFilePath(scanFile));
        if (value != null && rows > 0) {
          Object bound = value instanceof Number n && !(value instanceof BigDecimal) && !(field.getDataType() instanceof DateType)
              ? n.longValue()
              : value;
          result.bounds(field.getName(), bound, bound);
        }
        continue;
      }
      String key = statsKeys.get(c);
      JsonNode nullCount = stats.path("nullCount").get(key);
      if (nullCount != null && nullCount.canConvertToLong() && nullCount.asLong() == rows) {
        continue;
      }
      Object min = bound(field.getDataType(), stats.path("minValues").get(key));
      Object max = bound(field.getDataType(), stats.path("maxValues").get(key));
      if (min == null || max == null) {
        return false;
      }
      result.bounds(field.getName(), min, max);
    }
    return true;
  }

  /** A statistic in the filter literal convention, or null when absent or not understood. */
  private static Object bound(DataType type, JsonNode value) {
    if (value == null) {
      return null;
    }
    if (type instanceof DateType) {
      try {
        return value.isTextual() ? (int) LocalDate.parse(value.asText()).toEpochDay() : null;
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    if (type instanceof DecimalType decimal) {
      if (!value.isNumber()) {
        return null;
      }
      try {
        return value.decimalValue().setScale(decimal.getScale());
      } catch (ArithmeticException e) {
        return null;
      }
    }
    return value.isIntegralNumber() && value.canConvertToLong() ? value.asLong() : null;
  }
}
