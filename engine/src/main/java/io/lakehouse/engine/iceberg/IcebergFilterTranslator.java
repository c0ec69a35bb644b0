package io.lakehouse.engine.iceberg;

import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.SkippingFilters;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Translates a {@link Filter} into the Iceberg expression a scan plans with; Iceberg's inclusive
 * evaluators then prune manifests and files by partition values (hidden transforms included) and
 * column metrics.
 *
 * <p>Columns are named as in the read schema and found by field id in the table's current schema,
 * which Iceberg binds scan filters to; a column the current schema no longer has is not pushed.
 * Literals take Iceberg's representation of the current type (days for dates, microseconds for
 * times and timestamps, a decimal at the column's scale, a buffer for binary). Predicates on uuid
 * columns are not pushed: Iceberg compares uuid bounds as signed longs while writers record them
 * in unsigned byte order (apache/iceberg#14216), so it could skip files that match.
 */
final class IcebergFilterTranslator extends SkippingFilters.Translator<Expression> {

  private final Schema readSchema;
  private final Schema tableSchema;

  private IcebergFilterTranslator(Schema readSchema, Schema tableSchema) {
    this.readSchema = readSchema;
    this.tableSchema = tableSchema;
  }

  /**
   * The expression to plan with, or null when no part of the filter can be pushed.
   *
   * @param readSchema the schema the snapshot is read with, whose names the filter uses
   * @param tableSchema the table's current schema, which Iceberg binds scan filters to
   */
  static Expression translate(Filter filter, Schema readSchema, Schema tableSchema) {
    Filter implied = SkippingFilters.implied(filter, column -> {
      Types.NestedField field = column(readSchema, column);
      return field != null
          && (field.type().typeId() == Type.TypeID.FLOAT || field.type().typeId() == Type.TypeID.DOUBLE);
    });
    return new IcebergFilterTranslator(readSchema, tableSchema).translate(implied);
  }

  /**
   * The expression with exactly the meaning of {@code filter} where Iceberg's evaluators decide it
   * on partition values, or null when translating would weaken it: a leaf that does not translate,
   * a floating point column, an inequality or a negated prefix (Iceberg finds {@code x <> 1} true
   * for a null {@code x}, SQL does not).
   */
  static Expression translateExactly(Filter filter, Schema readSchema, Schema tableSchema) {
    for (String column : io.lakehouse.engine.table.Filters.columns(filter)) {
      Types.NestedField field = column(readSchema, column);
      if (field == null || field.type().typeId() == Type.TypeID.FLOAT || field.type().typeId() == Type.TypeID.DOUBLE) {
        return null;
      }
    }
    if (hasNegatedPrefix(filter, false)) {
      return null;
    }
    Filter implied = SkippingFilters.implied(filter, column -> false);
    if (!hasOnlyExactLeaves(implied)) {
      return null;
    }
    IcebergFilterTranslator translator = new IcebergFilterTranslator(readSchema, tableSchema);
    translator.exactOnly = true;
    Expression expression = translator.translate(implied);
    return translator.weakened ? null : expression;
  }

  private static boolean hasNegatedPrefix(Filter filter, boolean negated) {
    if (filter instanceof Filter.Not not) {
      return hasNegatedPrefix(not.filter(), !negated);
    }
    if (filter instanceof Filter.And and) {
      return and.filters().stream().anyMatch(f -> hasNegatedPrefix(f, negated));
    }
    if (filter instanceof Filter.Or or) {
      return or.filters().stream().anyMatch(f -> hasNegatedPrefix(f, negated));
    }
    return negated && filter instanceof Filter.StartsWith;
  }

  private static boolean hasOnlyExactLeaves(Filter filter) {
    if (filter instanceof Filter.And and) {
      return and.filters().stream().allMatch(IcebergFilterTranslator::hasOnlyExactLeaves);
    }
    if (filter instanceof Filter.Or or) {
      return !or.filters().isEmpty() && or.filters().stream().allMatch(IcebergFilterTranslator::hasOnlyExactLeaves);
    }
    if (filter instanceof Filter.Comparison c) {
      return c.op() != Filter.Op.NE;
    }
    return filter instanceof Filter.IsNull || filter instanceof Filter.IsNotNull
        || filter instanceof Filter.In || filter instanceof Filter.StartsWith;
  }

  /** Whether leaves that do not translate exactly are to be noted in {@link #weakened}. */
  private boolean exactOnly;
  /** Whether a leaf did not translate (or not exactly), so the expression is weaker than the filter. */
  private boolean weakened;

  private Expression exact(Expression leaf) {
    if (exactOnly && leaf == null) {
      weakened = true;
    }
    return leaf;
  }

  @Override
  protected Expression comparison(String column, Filter.Op op, Object literal) {
    Types.NestedField field = pushable(column);
    if (exactOnly && field != null && field.type().typeId() == Type.TypeID.DECIMAL
        && !(literal instanceof BigDecimal b && b.scale() == ((Types.DecimalType) field.type()).scale())) {
      weakened = true;
    }
    return exact(comparisonOf(column, op, literal));
  }

  private Expression comparisonOf(String column, Filter.Op op, Object literal) {
    Types.NestedField field = pushable(column);
    if (field == null) {
      return null;
    }
    Object value = literal(field.type(), op, literal);
    if (value == null) {
      return null;
    }
    String name = field.name();
    return switch (op) {
      case EQ -> Expressions.equal(name, value);
      case NE -> Expressions.notEqual(name, value);
      case LT -> Expressions.lessThan(name, value);
      case LE -> Expressions.lessThanOrEqual(name, value);
      case GT -> Expressions.greaterThan(name, value);
      case GE -> Expressions.greaterThanOrEqual(name, value);
    };
  }

  @Override
  protected Expression isNull(String column, boolean isNull) {
    return exact(isNullOf(column, isNull));
  }

  private Expression isNullOf(String column, boolean isNull) {
    Types.NestedField field = pushable(column);
    if (field == null) {
      return null;
    }
    return isNull ? Expressions.isNull(field.name()) : Expressions.notNull(field.name());
  }

  @Override
  protected Expression in(String column, List<Object> values) {
    return exact(inOf(column, values));
  }

  private Expression inOf(String column, List<Object> values) {
    Types.NestedField field = pushable(column);
    if (field == null) {
      return null;
    }
    if (values.isEmpty()) {
      return Expressions.alwaysFalse();
    }
    List<Object> converted = new ArrayList<>(values.size());
    for (Object value : values) {
      Object literal = literal(field.type(), Filter.Op.EQ, value);
      if (literal == null) {
        return null;
      }
      converted.add(literal);
    }
    return Expressions.in(field.name(), converted);
  }

  @Override
  protected Expression startsWith(String column, String prefix) {
    return exact(startsWithOf(column, prefix));
  }

  private Expression startsWithOf(String column, String prefix) {
    Types.NestedField field = pushable(column);
    if (field == null || field.type().typeId() != Type.TypeID.STRING) {
      return null;
    }
    return Expressions.startsWith(field.name(), prefix);
  }

  @Override
  protected Expression alwaysFalse() {
    return Expressions.alwaysFalse();
  }

  @Override
  protected Expression and(Expression left, Expression right) {
    return Expressions.and(left, right);
  }

  @Override
  protected Expression or(Expression left, Expression right) {
    return Expressions.or(left, right);
  }

  /** The column in the current table schema, or null when it is not there or not pushable. */
  private Types.NestedField pushable(String column) {
    Types.NestedField read = column(readSchema, column);
    if (read == null) {
      return null;
    }
    Types.NestedField current = tableSchema.findField(read.fieldId());
    if (current == null || !current.type().isPrimitiveType() || tableSchema.columns().stream()
        .noneMatch(top -> top.fieldId() == current.fieldId())) {
      return null;
    }
    return switch (current.type().typeId()) {
      case UUID, TIMESTAMP_NANO, VARIANT, GEOMETRY, GEOGRAPHY, UNKNOWN -> null;
      default -> current;
    };
  }

  /** The literal in Iceberg's representation of {@code type}, or null when it does not fit the type. */
  private static Object literal(Type type, Filter.Op op, Object value) {
    switch (type.typeId()) {
      case BOOLEAN:
        return value instanceof Boolean ? value : null;
      case INTEGER:
      case DATE:
        if (isIntegral(value)) {
          long v = ((Number) value).longValue();
          return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : null;
        }
        return null;
      case LONG:
      case TIME:
      case TIMESTAMP:
        return isIntegral(value) ? (Object) ((Number) value).longValue() : null;
      case FLOAT:
        if (value instanceof Double || value instanceof Float) {
          double d = ((Number) value).doubleValue();
          float f = (float) d;
          return (double) f == d ? (Object) f : null;
        }
        return null;
      case DOUBLE:
        return value instanceof Double || value instanceof Float ? (Object) ((Number) value).doubleValue() : null;
      case DECIMAL:
        Types.DecimalType decimal = (Types.DecimalType) type;
        BigDecimal v = SkippingFilters.decimal(value, decimal.precision(), decimal.scale(), op);
        return v;
      case STRING:
        return value instanceof String ? value : null;
      case FIXED:
        if (value instanceof byte[] bytes && bytes.length == ((Types.FixedType) type).length()) {
          return ByteBuffer.wrap(bytes.clone());
        }
        return null;
      case BINARY:
        return value instanceof byte[] bytes ? ByteBuffer.wrap(bytes.clone()) : null;
      default:
        return null;
    }
  }

  private static boolean isIntegral(Object value) {
    return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
  }

  /** The top-level column named {@code name}: exactly, else ignoring case when only one matches. */
  static Types.NestedField column(Schema schema, String name) {
    Types.NestedField found = null;
    for (Types.NestedField column : schema.columns()) {
      if (column.name().equals(name)) {
        return column;
      }
      if (column.name().equalsIgnoreCase(name)) {
        if (found != null) {
          return null;
        }
        found = column;
      }
    }
    return found;
  }
}
