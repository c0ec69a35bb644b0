package io.lakehouse.engine.delta;

import io.delta.kernel.internal.util.PartitionUtils;
import io.delta.kernel.types.DataType;
import io.lakehouse.engine.table.LakeException;

/**
 * Turns the partition values a Delta log records as strings into the constants of the Parquet
 * scan's {@link io.lakehouse.engine.parquet.ColumnSpec}: numbers, {@code BigDecimal}, text, bytes,
 * {@code Integer} days for dates and {@code Long} microseconds for timestamps.
 *
 * <p>Parsing follows Kernel's own reading of the protocol: timestamps without an offset are UTC
 * (ISO-8601 values with {@code Z} are accepted too) and timestamp_ntz values are wall-clock times.
 * An empty value is null, as the protocol says for every type.
 */
final class DeltaPartitionValues {

  private DeltaPartitionValues() {}

  /**
   * The constant for one partition value.
   *
   * @param value the value as the log records it, already unescaped; null for a null partition
   * @throws LakeException naming the table, version, file and column when the value does not parse
   */
  static Object toConstant(
      DataType type, String value, String table, long version, String column, String file) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return PartitionUtils.literalForPartitionValue(type, value).getValue();
    } catch (RuntimeException e) {
      throw new LakeException(
          LakeException.DATA_EXCEPTION,
          "Table '" + table + "' (version " + version + "): the partition value '" + value + "' of column '"
              + column + "' for data file " + file + " is not a valid " + type + ": " + DeltaErrors.reason(e),
          e);
    }
  }
}
