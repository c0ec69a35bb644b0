package io.lakehouse.engine.parquet;

import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.SkippingFilters;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.filter2.predicate.Operators;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Translates a {@link RowGroupFilter} into a parquet-mr {@link FilterPredicate} on one file's
 * columns, for parquet-mr's own statistics and dictionary evaluators.
 *
 * <p>A logical column is found in the file as the scan finds it (field id, else physical name).
 * Only what compares in the file exactly as in the table is pushed: a literal is converted to the
 * column's physical type and encoding (int32 and int64 integers, dates, microsecond and millisecond
 * timestamps, microsecond times, floats, doubles, booleans, UTF-8 strings, binary, and decimals
 * stored as int32, int64 or fixed-length binary, rounded to the file's scale) and must fit it.
 * INT96 timestamps, nanosecond units, unsigned integers, uuids, decimals stored as variable binary,
 * nested columns and names with dots are not pushed.
 */
final class ParquetPredicates extends SkippingFilters.Translator<FilterPredicate> {

  private final RowGroupFilter filter;
  private final MessageType schema;
  private final String file;

  private ParquetPredicates(RowGroupFilter filter, MessageType schema, String file) {
    this.filter = filter;
    this.schema = schema;
    this.file = file;
  }

  /** The predicate on the file's columns, or null when no part of the filter can be pushed. */
  static FilterPredicate translate(RowGroupFilter filter, MessageType schema, String file) {
    if (filter.keepsEverything()) {
      return null;
    }
    Filter implied = SkippingFilters.implied(filter.filter(), column -> {
      Field field = filter.columns().get(column);
      return field != null && field.getType() instanceof ArrowType.FloatingPoint;
    });
    return new ParquetPredicates(filter, schema, file).translate(implied);
  }

  /** A top-level primitive file column and the logical field it holds. */
  private record FileColumn(Field field, PrimitiveType type, String path) {}

  private FileColumn column(String name) {
    Field field = filter.columns().get(name);
    if (field == null) {
      return null;
    }
    ColumnMatcher matcher = new ColumnMatcher(schema, file);
    ReadNode node;
    try {
      node = matcher.match(field);
    } catch (LakeException e) {
      return null; // the scan names the problem if it reads the column
    }
    if (!(node instanceof ReadNode.Leaf leaf)) {
      return null;
    }
    ColumnDescriptor descriptor = matcher.leaves().get(leaf.leaf()).descriptor;
    if (descriptor.getPath().length != 1 || descriptor.getPath()[0].contains(".")
        || descriptor.getMaxRepetitionLevel() != 0) {
      return null;
    }
    return new FileColumn(field, descriptor.getPrimitiveType(), descriptor.getPath()[0]);
  }

  @Override
  protected FilterPredicate isNull(String name, boolean isNull) {
    FileColumn column = column(name);
    if (column == null) {
      return null;
    }
    Operators.Column<?> ref = switch (column.type().getPrimitiveTypeName()) {
      case INT32 -> FilterApi.intColumn(column.path());
      case INT64 -> FilterApi.longColumn(column.path());
      case FLOAT -> FilterApi.floatColumn(column.path());
      case DOUBLE -> FilterApi.doubleColumn(column.path());
      case BOOLEAN -> FilterApi.booleanColumn(column.path());
      case BINARY, FIXED_LEN_BYTE_ARRAY -> FilterApi.binaryColumn(column.path());
      case INT96 -> null;
    };
    return ref == null ? null : nullCheck(ref, isNull);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static FilterPredicate nullCheck(Operators.Column ref, boolean isNull) {
    return isNull
        ? FilterApi.eq((Operators.Column & Operators.SupportsEqNotEq) ref, null)
        : FilterApi.notEq((Operators.Column & Operators.SupportsEqNotEq) ref, null);
  }

  @Override
  protected FilterPredicate comparison(String name, Filter.Op op, Object literal) {
    FileColumn column = column(name);
    if (column == null) {
      return null;
    }
    ArrowType arrow = column.field().getType();
    LogicalTypeAnnotation annotation = column.type().getLogicalTypeAnnotation();
    String path = column.path();
    switch (column.type().getPrimitiveTypeName()) {
      case INT32 -> {
        Integer value = null;
        if (annotation instanceof DecimalLogicalTypeAnnotation decimal && arrow instanceof ArrowType.Decimal) {
          BigInteger unscaled = unscaled(literal, decimal, op);
          value = unscaled != null && unscaled.bitLength() < 32 ? unscaled.intValue() : null;
        } else if ((annotation == null && arrow instanceof ArrowType.Int)
            || (annotation instanceof IntLogicalTypeAnnotation i && i.isSigned() && arrow instanceof ArrowType.Int)
            || (annotation instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
                && arrow instanceof ArrowType.Date)) {
          Long v = integral(literal);
          value = v != null && v == v.intValue() ? v.intValue() : null;
        }
        return value == null ? null : ordered(FilterApi.intColumn(path), op, value);
      }
      case INT64 -> {
        Long value = null;
        if (annotation instanceof DecimalLogicalTypeAnnotation decimal && arrow instanceof ArrowType.Decimal) {
          BigInteger unscaled = unscaled(literal, decimal, op);
          value = unscaled != null && unscaled.bitLength() < 64 ? unscaled.longValue() : null;
        } else if ((annotation == null && arrow instanceof ArrowType.Int)
            || (annotation instanceof IntLogicalTypeAnnotation i && i.isSigned() && arrow instanceof ArrowType.Int)) {
          value = integral(literal);
        } else if (annotation instanceof TimestampLogicalTypeAnnotation t && arrow instanceof ArrowType.Timestamp) {
          value = t.getUnit() == TimeUnit.MICROS ? integral(literal)
              : t.getUnit() == TimeUnit.MILLIS ? millis(integral(literal), op) : null;
        } else if (annotation instanceof TimeLogicalTypeAnnotation t && t.getUnit() == TimeUnit.MICROS
            && arrow instanceof ArrowType.Time) {
          value = integral(literal);
        }
        return value == null ? null : ordered(FilterApi.longColumn(path), op, value);
      }
      case FLOAT -> {
        if (annotation != null || !(arrow instanceof ArrowType.FloatingPoint) || !(literal instanceof Double d)) {
          return null;
        }
        float f = (float) d.doubleValue();
        return (double) f == d ? ordered(FilterApi.floatColumn(path), op, f) : null;
      }
      case DOUBLE -> {
        if (annotation != null || !(arrow instanceof ArrowType.FloatingPoint fp)
            || fp.getPrecision() != FloatingPointPrecision.DOUBLE || !(literal instanceof Double d)) {
          return null;
        }
        return ordered(FilterApi.doubleColumn(path), op, d);
      }
      case BOOLEAN -> {
        if (!(arrow instanceof ArrowType.Bool) || !(literal instanceof Boolean b)) {
          return null;
        }
        Operators.BooleanColumn ref = FilterApi.booleanColumn(path);
        return switch (op) {
          case EQ -> FilterApi.eq(ref, b);
          case NE -> FilterApi.notEq(ref, b);
          default -> null;
        };
      }
      case BINARY -> {
        Binary value = null;
        if (literal instanceof String s && arrow instanceof ArrowType.Utf8
            && (annotation == null || annotation instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation)) {
          value = Binary.fromString(s);
        } else if (literal instanceof byte[] bytes && arrow instanceof ArrowType.Binary && annotation == null) {
          value = Binary.fromConstantByteArray(bytes.clone());
        }
        return value == null ? null : ordered(FilterApi.binaryColumn(path), op, value);
      }
      case FIXED_LEN_BYTE_ARRAY -> {
        int length = column.type().getTypeLength();
        Binary value = null;
        if (annotation instanceof DecimalLogicalTypeAnnotation decimal && arrow instanceof ArrowType.Decimal) {
          BigInteger unscaled = unscaled(literal, decimal, op);
          value = unscaled == null ? null : twosComplement(unscaled, length);
        } else if (annotation == null && arrow instanceof ArrowType.FixedSizeBinary
            && literal instanceof byte[] bytes && bytes.length == length) {
          value = Binary.fromConstantByteArray(bytes.clone());
        }
        return value == null ? null : ordered(FilterApi.binaryColumn(path), op, value);
      }
      default -> {
        return null;
      }
    }
  }

  private static <T extends Comparable<T>, C extends Operators.Column<T> & Operators.SupportsLtGt>
      FilterPredicate ordered(C column, Filter.Op op, T value) {
    return switch (op) {
      case EQ -> FilterApi.eq(column, value);
      case NE -> FilterApi.notEq(column, value);
      case LT -> FilterApi.lt(column, value);
      case LE -> FilterApi.ltEq(column, value);
      case GT -> FilterApi.gt(column, value);
      case GE -> FilterApi.gtEq(column, value);
    };
  }

  @Override
  protected FilterPredicate and(FilterPredicate left, FilterPredicate right) {
    return FilterApi.and(left, right);
  }

  @Override
  protected FilterPredicate or(FilterPredicate left, FilterPredicate right) {
    return FilterApi.or(left, right);
  }

  private static Long integral(Object value) {
    return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
        ? ((Number) value).longValue()
        : null;
  }

  /** Microseconds as milliseconds, rounded so that the comparison keeps every row it kept. */
  private static Long millis(Long micros, Filter.Op op) {
    if (micros == null) {
      return null;
    }
    return switch (op) {
      case LT, GE -> Math.floorDiv(micros, 1000) + (Math.floorMod(micros, 1000) == 0 ? 0 : 1);
      case LE, GT -> Math.floorDiv(micros, 1000);
      case EQ, NE -> Math.floorMod(micros, 1000) == 0 ? micros / 1000 : null;
    };
  }

  /** The unscaled value of the literal at the file's decimal scale, or null. */
  private static BigInteger unscaled(Object literal, DecimalLogicalTypeAnnotation decimal, Filter.Op op) {
    BigDecimal value = SkippingFilters.decimal(literal, decimal.getPrecision(), decimal.getScale(), op);
    return value == null ? null : value.unscaledValue();
  }

  /** Big-endian two's complement in exactly {@code length} bytes, or null when it does not fit. */
  private static Binary twosComplement(BigInteger value, int length) {
    byte[] minimal = value.toByteArray();
    if (minimal.length > length) {
      return null;
    }
    byte[] bytes = new byte[length];
    byte fill = (byte) (value.signum() < 0 ? 0xFF : 0);
    int pad = length - minimal.length;
    for (int i = 0; i < pad; i++) {
      bytes[i] = fill;
    }
    System.arraycopy(minimal, 0, bytes, pad, minimal.length);
    return Binary.fromConstantByteArray(bytes);
  }
}
