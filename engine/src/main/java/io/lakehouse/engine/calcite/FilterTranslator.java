package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.Filter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.TimestampString;

/**
 * Translates a Calcite condition over a scan's columns into the engine's {@link Filter}, once per
 * query; the table formats translate that further. Only what has an exact meaning is translated:
 * in a conjunction an untranslatable conjunct is left out (the filter then keeps more rows, which
 * is safe because Calcite still applies the whole condition), while a disjunction or negation is
 * translated whole or not at all.
 */
final class FilterTranslator {

  private final List<String> columns;
  private final List<RelDataType> types;

  /**
   * @param columns the logical column name of each input field of the condition
   * @param types the SQL type of each input field
   */
  FilterTranslator(List<String> columns, List<RelDataType> types) {
    this.columns = columns;
    this.types = types;
  }

  /** The translatable part of {@code condition}, or empty when nothing translates. */
  Optional<Filter> translate(RexBuilder rexBuilder, RexNode condition) {
    RexNode expanded = RexUtil.expandSearch(rexBuilder, null, condition);
    List<Filter> conjuncts = new ArrayList<>();
    for (RexNode conjunct : RelOptUtil.conjunctions(expanded)) {
      exact(conjunct).ifPresent(conjuncts::add);
    }
    if (conjuncts.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(conjuncts.size() == 1 ? conjuncts.get(0) : new Filter.And(conjuncts));
  }

  /**
   * The whole of {@code condition} with exactly its meaning, or empty when some part of it does not
   * translate. When present it equals what {@link #translate} returns.
   */
  Optional<Filter> translateWhole(RexBuilder rexBuilder, RexNode condition) {
    RexNode expanded = RexUtil.expandSearch(rexBuilder, null, condition);
    List<Filter> conjuncts = new ArrayList<>();
    for (RexNode conjunct : RelOptUtil.conjunctions(expanded)) {
      Optional<Filter> part = exact(conjunct);
      if (part.isEmpty()) {
        return Optional.empty();
      }
      conjuncts.add(part.get());
    }
    if (conjuncts.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(conjuncts.size() == 1 ? conjuncts.get(0) : new Filter.And(conjuncts));
  }

  /** A translator for a condition over the fields of {@code rel}. */
  static FilterTranslator over(org.apache.calcite.rel.RelNode rel) {
    List<RelDataType> types = new ArrayList<>();
    rel.getRowType().getFieldList().forEach(f -> types.add(f.getType()));
    return new FilterTranslator(rel.getRowType().getFieldNames(), types);
  }

  /** A filter with exactly the meaning of {@code node}, or empty. */
  private Optional<Filter> exact(RexNode node) {
    if (!(node instanceof RexCall call)) {
      return Optional.empty();
    }
    switch (call.getKind()) {
      case AND:
      case OR: {
        List<Filter> parts = new ArrayList<>();
        for (RexNode operand : call.getOperands()) {
          Optional<Filter> part = exact(operand);
          if (part.isEmpty()) {
            return Optional.empty();
          }
          parts.add(part.get());
        }
        return Optional.of(call.getKind() == SqlKind.AND ? new Filter.And(parts) : new Filter.Or(parts));
      }
      case NOT:
        return exact(call.getOperands().get(0)).map(Filter.Not::new);
      case IS_NULL:
        return column(call.getOperands().get(0)).map(c -> new Filter.IsNull(columns.get(c)));
      case IS_NOT_NULL:
        return column(call.getOperands().get(0)).map(c -> new Filter.IsNotNull(columns.get(c)));
      case EQUALS:
      case NOT_EQUALS:
      case LESS_THAN:
      case LESS_THAN_OR_EQUAL:
      case GREATER_THAN:
      case GREATER_THAN_OR_EQUAL:
        return comparison(call);
      case LIKE:
        return prefix(call);
      default:
        return Optional.empty();
    }
  }

  private Optional<Filter> comparison(RexCall call) {
    RexNode left = call.getOperands().get(0);
    RexNode right = call.getOperands().get(1);
    SqlKind kind = call.getKind();
    if (left instanceof RexLiteral && !(right instanceof RexLiteral)) {
      RexNode swap = left;
      left = right;
      right = swap;
      kind = kind.reverse();
    }
    Optional<Integer> column = column(left);
    if (column.isEmpty() || !(right instanceof RexLiteral literal) || literal.isNull()) {
      return Optional.empty();
    }
    Optional<Object> value = literal(literal, types.get(column.get()));
    if (value.isEmpty()) {
      return Optional.empty();
    }
    Filter.Op op = switch (kind) {
      case EQUALS -> Filter.Op.EQ;
      case NOT_EQUALS -> Filter.Op.NE;
      case LESS_THAN -> Filter.Op.LT;
      case LESS_THAN_OR_EQUAL -> Filter.Op.LE;
      case GREATER_THAN -> Filter.Op.GT;
      default -> Filter.Op.GE;
    };
    String name = columns.get(column.get());
    if (isTimestamp(types.get(column.get()).getSqlTypeName())) {
      return Optional.of(millisecondComparison(name, op, (Long) value.get()));
    }
    return Optional.of(new Filter.Comparison(name, op, value.get()));
  }

  private static boolean isTimestamp(SqlTypeName type) {
    return type == SqlTypeName.TIMESTAMP || type == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
  }

  /**
   * A comparison of a timestamp column with a whole millisecond, in microseconds. The SQL layer
   * sees timestamps in whole milliseconds (the microseconds are truncated), so
   * {@code ts = 00:00:00.001} holds for every value from 1000 up to 1999 microseconds.
   */
  private static Filter millisecondComparison(String column, Filter.Op op, long micros) {
    long next = micros + 1000;
    return switch (op) {
      case EQ -> new Filter.And(List.of(
          new Filter.Comparison(column, Filter.Op.GE, micros), new Filter.Comparison(column, Filter.Op.LT, next)));
      case NE -> new Filter.Or(List.of(
          new Filter.Comparison(column, Filter.Op.LT, micros), new Filter.Comparison(column, Filter.Op.GE, next)));
      case LT -> new Filter.Comparison(column, Filter.Op.LT, micros);
      case LE -> new Filter.Comparison(column, Filter.Op.LT, next);
      case GT -> new Filter.Comparison(column, Filter.Op.GE, next);
      case GE -> new Filter.Comparison(column, Filter.Op.GE, micros);
    };
  }

  private Optional<Filter> prefix(RexCall call) {
    if (call.getOperands().size() != 2 || !(call.getOperands().get(1) instanceof RexLiteral pattern)) {
      return Optional.empty();
    }
    Optional<Integer> column = column(call.getOperands().get(0));
    String text = pattern.getValueAs(String.class);
    if (column.isEmpty() || text == null || !text.endsWith("%")) {
      return Optional.empty();
    }
    String prefix = text.substring(0, text.length() - 1);
    if (prefix.isEmpty() || prefix.contains("%") || prefix.contains("_") || prefix.contains("\\")) {
      return Optional.empty();
    }
    SqlTypeName type = types.get(column.get()).getSqlTypeName();
    if (type != SqlTypeName.VARCHAR && type != SqlTypeName.CHAR) {
      return Optional.empty();
    }
    return Optional.of(new Filter.StartsWith(columns.get(column.get()), prefix));
  }

  /** The input field a node reads directly, or through a cast that keeps every value exact. */
  private Optional<Integer> column(RexNode node) {
    if (node instanceof RexInputRef ref) {
      return Optional.of(ref.getIndex());
    }
    if (node.getKind() == SqlKind.CAST && ((RexCall) node).getOperands().get(0) instanceof RexInputRef ref) {
      SqlTypeName from = ref.getType().getSqlTypeName();
      SqlTypeName to = node.getType().getSqlTypeName();
      if (isExactWidening(from, to)) {
        return Optional.of(ref.getIndex());
      }
    }
    return Optional.empty();
  }

  private static boolean isExactWidening(SqlTypeName from, SqlTypeName to) {
    List<SqlTypeName> integers =
        List.of(SqlTypeName.TINYINT, SqlTypeName.SMALLINT, SqlTypeName.INTEGER, SqlTypeName.BIGINT);
    if (integers.contains(from)) {
      return (integers.contains(to) && integers.indexOf(to) >= integers.indexOf(from))
          || to == SqlTypeName.DECIMAL || to == SqlTypeName.DOUBLE
          || (to == SqlTypeName.REAL && from != SqlTypeName.INTEGER && from != SqlTypeName.BIGINT);
    }
    return (from == SqlTypeName.REAL && to == SqlTypeName.DOUBLE)
        || (from == SqlTypeName.DECIMAL && to == SqlTypeName.DECIMAL)
        || (from == SqlTypeName.CHAR && to == SqlTypeName.VARCHAR)
        || from == to;
  }

  /**
   * The literal as a value of the column's type, in the Arrow physical convention, when it
   * converts exactly; empty otherwise (for example 1.5 compared with an integer column).
   */
  private static Optional<Object> literal(RexLiteral literal, RelDataType columnType) {
    SqlTypeName column = columnType.getSqlTypeName();
    try {
      switch (column) {
        case TINYINT:
        case SMALLINT:
        case INTEGER:
        case BIGINT: {
          BigDecimal value = literal.getValueAs(BigDecimal.class);
          return value == null ? Optional.empty() : Optional.of(value.longValueExact());
        }
        case REAL:
        case DOUBLE: {
          BigDecimal value = literal.getValueAs(BigDecimal.class);
          if (value == null) {
            return Optional.empty();
          }
          double d = value.doubleValue();
          return new BigDecimal(d).compareTo(value) == 0 ? Optional.of(d) : Optional.empty();
        }
        case DECIMAL: {
          BigDecimal value = literal.getValueAs(BigDecimal.class);
          return value == null ? Optional.empty() : Optional.of(value.setScale(columnType.getScale()));
        }
        case BOOLEAN:
          return Optional.ofNullable(literal.getValueAs(Boolean.class));
        case CHAR:
        case VARCHAR: {
          // Calcite compares a string column with a CHAR or VARCHAR literal by the literal's text.
          NlsString text = literal.getValueAs(NlsString.class);
          return text == null ? Optional.empty() : Optional.of(text.getValue());
        }
        case BINARY:
        case VARBINARY: {
          ByteString bytes = literal.getValueAs(ByteString.class);
          return bytes == null ? Optional.empty() : Optional.of(bytes.getBytes());
        }
        case DATE: {
          if (literal.getType().getSqlTypeName() != SqlTypeName.DATE) {
            return Optional.empty();
          }
          return Optional.of(literal.getValueAs(DateString.class).getDaysSinceEpoch());
        }
        case TIMESTAMP:
        case TIMESTAMP_WITH_LOCAL_TIME_ZONE: {
          if (literal.getType().getSqlTypeName() != column) {
            return Optional.empty();
          }
          return Optional.of(literal.getValueAs(TimestampString.class).getMillisSinceEpoch() * 1000L);
        }
        default:
          return Optional.empty();
      }
    } catch (ArithmeticException | ClassCastException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
