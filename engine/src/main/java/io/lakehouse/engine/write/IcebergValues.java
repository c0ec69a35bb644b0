package io.lakehouse.engine.write;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Turns rows of plain Java values into iceberg-data {@link Record}s, converting where the generic
 * writers expect another class: {@code Instant} for timestamptz, {@code byte[]} for binary, any
 * integral number for int and long. Only primitive Iceberg types are supported.
 */
final class IcebergValues {

  private IcebergValues() {}

  static Record record(Schema schema, List<?> values) {
    List<Types.NestedField> columns = schema.columns();
    if (values.size() != columns.size()) {
      throw new IllegalArgumentException(
          "A row has " + values.size() + " values but the schema has " + columns.size() + " columns: " + values);
    }
    GenericRecord record = GenericRecord.create(schema);
    for (int i = 0; i < columns.size(); i++) {
      Types.NestedField column = columns.get(i);
      Object value = toIceberg(column, values.get(i));
      if (value == null && column.isRequired()) {
        throw new IllegalArgumentException("Column " + column.name() + " is required: " + values);
      }
      record.set(i, value);
    }
    return record;
  }

  private static Object toIceberg(Types.NestedField column, Object value) {
    if (value == null) {
      return null;
    }
    Type type = column.type();
    try {
      switch (type.typeId()) {
        case BOOLEAN:
          return (Boolean) value;
        case INTEGER:
          return Math.toIntExact(integral(value));
        case LONG:
          return integral(value);
        case FLOAT:
          return ((Number) value).floatValue();
        case DOUBLE:
          return ((Number) value).doubleValue();
        case DECIMAL:
          Types.DecimalType decimal = (Types.DecimalType) type;
          BigDecimal scaled = ((BigDecimal) value).setScale(decimal.scale(), RoundingMode.UNNECESSARY);
          if (scaled.precision() > decimal.precision()) {
            throw new ArithmeticException("precision " + scaled.precision() + " is above " + decimal.precision());
          }
          return scaled;
        case STRING:
          return ((CharSequence) value).toString();
        case UUID:
          return (UUID) value;
        case FIXED:
          byte[] fixed = (byte[]) value;
          if (fixed.length != ((Types.FixedType) type).length()) {
            throw new ArithmeticException(fixed.length + " bytes for " + type);
          }
          return fixed.clone();
        case BINARY:
          return value instanceof ByteBuffer buffer ? buffer : ByteBuffer.wrap(((byte[]) value).clone());
        case DATE:
          return (LocalDate) value;
        case TIME:
          return (LocalTime) value;
        case TIMESTAMP:
          if (((Types.TimestampType) type).shouldAdjustToUTC()) {
            return value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : (OffsetDateTime) value;
          }
          return (LocalDateTime) value;
        default:
          break;
      }
    } catch (ClassCastException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "Column " + column.name() + " of type " + type + " cannot hold " + value + " ("
              + value.getClass().getSimpleName() + "): " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(
        "Column " + column.name() + " has type " + type + ", which this writer does not write (primitive types only)");
  }

  private static long integral(Object value) {
    if (!(value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte)) {
      throw new ClassCastException("an integral number is needed");
    }
    return ((Number) value).longValue();
  }
}
