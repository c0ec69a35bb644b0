package io.lakehouse.engine.delta;

import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Expression;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.SkippingFilters;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Translates a {@link Filter} into the Delta Kernel predicate that Kernel prunes files with, by
 * partition values and by the min/max and null-count statistics of the log. Kernel takes logical
 * column names, also under column mapping, and compares typed values, so each literal is converted
 * to the column's own type; a literal that does not fit the type (an integer out of range, a
 * decimal with more digits, a double that is no float) leaves its conjunct out.
 */
final class DeltaFilterTranslator extends SkippingFilters.Translator<Predicate> {

  private final StructType schema;

  private DeltaFilterTranslator(StructType schema) {
    this.schema = schema;
  }

  /** The predicate to prune with, or empty when no part of the filter can be pushed. */
  static Optional<Predicate> translate(Filter filter, StructType schema) {
    Filter implied = SkippingFilters.implied(filter, column -> {
      StructField field = field(schema, column);
      return field != null && (field.getDataType() instanceof FloatType || field.getDataType() instanceof DoubleType);
    });
    return Optional.ofNullable(new DeltaFilterTranslator(schema).translate(implied));
  }

  @Override
  protected Predicate comparison(String column, Filter.Op op, Object literal) {
    StructField field = field(schema, column);
    if (field == null) {
      return null;
    }
    DataType type = field.getDataType();
    if ((type instanceof TimestampType || type instanceof TimestampNTZType) && literal instanceof Long micros) {
      return timestampComparison(field, op, micros);
    }
    Literal value = literal(type, op, literal);
    if (value == null) {
      return null;
    }
    return comparison(new Column(field.getName()), op, value);
  }

  /**
   * A timestamp comparison widened by a millisecond on each side. The log keeps timestamp
   * statistics as milliseconds; Kernel allows for a maximum truncated down, but some writers
   * round (delta-rs 0.11 records 00:01:25.013972 as a minimum of 00:01:25.014), so a minimum can
   * also be up to a millisecond high. Inequality is not pushed: a file whose rounded minimum and
   * maximum equal the literal may still hold other values.
   */
  private Predicate timestampComparison(StructField field, Filter.Op op, long micros) {
    if (op == Filter.Op.NE || micros < Long.MIN_VALUE + 1000 || micros > Long.MAX_VALUE - 1000) {
      return null;
    }
    Column ref = new Column(field.getName());
    boolean ntz = field.getDataType() instanceof TimestampNTZType;
    Literal below = ntz ? Literal.ofTimestampNtz(micros - 1000) : Literal.ofTimestamp(micros - 1000);
    Literal above = ntz ? Literal.ofTimestampNtz(micros + 1000) : Literal.ofTimestamp(micros + 1000);
    return switch (op) {
      case LT, LE -> comparison(ref, Filter.Op.LE, above);
      case GT, GE -> comparison(ref, Filter.Op.GE, below);
      default -> new io.delta.kernel.expressions.And(
          comparison(ref, Filter.Op.GE, below), comparison(ref, Filter.Op.LE, above));
    };
  }

  private static Predicate comparison(Column ref, Filter.Op op, Literal value) {
    Predicate predicate = switch (op) {
      case EQ -> new Predicate("=", ref, value);
      case NE -> new Predicate("NOT", new Predicate("=", ref, value));
      case LT -> new Predicate("<", ref, value);
      case LE -> new Predicate("<=", ref, value);
      case GT -> new Predicate(">", ref, value);
      case GE -> new Predicate(">=", ref, value);
    };
    // Kernel keeps a file whose min and max are null (only nulls); its null count rules it out
    return new io.delta.kernel.expressions.And(predicate, new Predicate("IS_NOT_NULL", (Expression) ref));
  }

  @Override
  protected Predicate isNull(String column, boolean isNull) {
    StructField field = field(schema, column);
    if (field == null || !isPrimitive(field.getDataType())) {
      return null;
    }
    return new Predicate(isNull ? "IS_NULL" : "IS_NOT_NULL", (Expression) new Column(field.getName()));
  }

  @Override
  protected Predicate and(Predicate left, Predicate right) {
    return new io.delta.kernel.expressions.And(left, right);
  }

  @Override
  protected Predicate or(Predicate left, Predicate right) {
    return new io.delta.kernel.expressions.Or(left, right);
  }

  /**
   * The literal of the column's type that keeps {@code column op value} true for every row it is
   * true for, or null. Decimals are rounded toward the side that keeps more rows.
   */
  private static Literal literal(DataType type, Filter.Op op, Object value) {
    if (type instanceof BooleanType) {
      return value instanceof Boolean b ? Literal.ofBoolean(b) : null;
    }
    if (type instanceof ByteType) {
      Long v = integral(value, Byte.MIN_VALUE, Byte.MAX_VALUE);
      return v == null ? null : Literal.ofByte(v.byteValue());
    }
    if (type instanceof ShortType) {
      Long v = integral(value, Short.MIN_VALUE, Short.MAX_VALUE);
      return v == null ? null : Literal.ofShort(v.shortValue());
    }
    if (type instanceof IntegerType) {
      Long v = integral(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
      return v == null ? null : Literal.ofInt(v.intValue());
    }
    if (type instanceof LongType) {
      Long v = integral(value, Long.MIN_VALUE, Long.MAX_VALUE);
      return v == null ? null : Literal.ofLong(v);
    }
    if (type instanceof FloatType) {
      if (!(value instanceof Double || value instanceof Float)) {
        return null;
      }
      double d = ((Number) value).doubleValue();
      float f = (float) d;
      return (double) f == d ? Literal.ofFloat(f) : null;
    }
    if (type instanceof DoubleType) {
      return value instanceof Double || value instanceof Float ? Literal.ofDouble(((Number) value).doubleValue()) : null;
    }
    if (type instanceof DecimalType decimal) {
      BigDecimal v = SkippingFilters.decimal(value, decimal.getPrecision(), decimal.getScale(), op);
      return v == null ? null : Literal.ofDecimal(v, decimal.getPrecision(), decimal.getScale());
    }
    if (type instanceof StringType) {
      return value instanceof String s ? Literal.ofString(s) : null;
    }
    if (type instanceof BinaryType) {
      return value instanceof byte[] bytes ? Literal.ofBinary(bytes.clone()) : null;
    }
    if (type instanceof DateType) {
      Long v = integral(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
      return v == null ? null : Literal.ofDate(v.intValue());
    }
    if (type instanceof TimestampType) {
      Long v = integral(value, Long.MIN_VALUE, Long.MAX_VALUE);
      return v == null ? null : Literal.ofTimestamp(v);
    }
    if (type instanceof TimestampNTZType) {
      Long v = integral(value, Long.MIN_VALUE, Long.MAX_VALUE);
      return v == null ? null : Literal.ofTimestampNtz(v);
    }
    return null;
  }

  private static Long integral(Object value, long min, long max) {
    if (!(value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte)) {
      return null;
    }
    long v = ((Number) value).longValue();
    return v >= min && v <= max ? v : null;
  }

  private static boolean isPrimitive(DataType type) {
    return !(type instanceof StructType
        || type instanceof io.delta.kernel.types.ArrayType
        || type instanceof io.delta.kernel.types.MapType);
  }

  /**
   * The top-level field named {@code column}: exactly, else ignoring case when only one matches;
   * null also for a field whose type was widened, as older files' statistics hold the old type.
   */
  static StructField field(StructType schema, String column) {
    StructField field = named(schema, column);
    if (field == null || !field.getTypeChanges().isEmpty()
        || field.getMetadata().contains(StructField.DELTA_TYPE_CHANGES_KEY)) {
      return null;
    }
    return field;
  }

  private static StructField named(StructType schema, String column) {
    StructField found = null;
    for (StructField field : schema.fields()) {
      if (field.getName().equals(column)) {
        return field;
      }
      if (field.getName().equalsIgnoreCase(column)) {
        if (found != null) {
          return null;
        }
        found = field;
      }
    }
    return found;
  }
}
