package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.Filters;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Computes {@code COUNT}, {@code SUM}, {@code MIN} and {@code MAX}, grouped by columns or not,
 * inside the scan ({@link LakehouseScanAggregate}) when their arguments are columns, or {@code +},
 * {@code -} and {@code *} of exact numbers, and the scan evaluates the whole {@code WHERE} on its
 * batches. Anything else (grouping by expressions or sets, {@code DISTINCT}, other functions or
 * expressions, a filter the scan evaluates only in part, a limit) stays with Calcite. ({@code AVG}
 * reaches the rule as {@code SUM} and {@code COUNT}, which Calcite divides.)
 */
final class ScanAggregateRule extends OverScanRule {

  private static final Set<SqlTypeName> EXACT = Set.of(
      SqlTypeName.TINYINT, SqlTypeName.SMALLINT, SqlTypeName.INTEGER, SqlTypeName.BIGINT, SqlTypeName.DECIMAL);

  private static final Set<SqlTypeName> ORDERED = Set.of(
      SqlTypeName.TINYINT, SqlTypeName.SMALLINT, SqlTypeName.INTEGER, SqlTypeName.BIGINT, SqlTypeName.DECIMAL,
      SqlTypeName.DOUBLE, SqlTypeName.FLOAT, SqlTypeName.REAL, SqlTypeName.DATE, SqlTypeName.TIMESTAMP,
      SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, SqlTypeName.CHAR, SqlTypeName.VARCHAR, SqlTypeName.BOOLEAN);

  /** Types whose Java values are equal exactly when the SQL values are the same group. */
  private static final Set<SqlTypeName> GROUPABLE = Set.of(
      SqlTypeName.TINYINT, SqlTypeName.SMALLINT, SqlTypeName.INTEGER, SqlTypeName.BIGINT, SqlTypeName.DECIMAL,
      SqlTypeName.DOUBLE, SqlTypeName.FLOAT, SqlTypeName.REAL, SqlTypeName.DATE, SqlTypeName.TIME,
      SqlTypeName.TIMESTAMP, SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, SqlTypeName.CHAR, SqlTypeName.VARCHAR,
      SqlTypeName.BOOLEAN, SqlTypeName.BINARY, SqlTypeName.VARBINARY);

  /** The rule for the aggregate over each of the scan, a projection, a filter, or both. */
  static final List<ScanAggregateRule> RULES = List.of(
      new ScanAggregateRule(false, false), new ScanAggregateRule(true, false),
      new ScanAggregateRule(false, true), new ScanAggregateRule(true, true));

  private ScanAggregateRule(boolean overProject, boolean overFilter) {
    super(LogicalAggregate.class, "LakehouseScanAggregate", overProject, overFilter);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalAggregate aggregate = call.rel(0);
    LakehouseTableScan scan = scan(call);
    if (aggregate.getGroupSets().size() != 1 || scan.limit() >= 0 || !scan.relTable().readsBatches()) {
      return;
    }
    List<RexNode> projects = overProject ? project(call).getProjects() : null;
    List<String> scanColumns = scan.getRowType().getFieldNames();
    List<String> read = new ArrayList<>();
    List<ScanAggregation.Column> groupBy = new ArrayList<>();
    for (int key : aggregate.getGroupSet()) {
      RexNode node = projects == null ? new RexInputRef(key, scan.getRowType().getFieldList().get(key).getType())
          : projects.get(key);
      if (!(node instanceof RexInputRef) || !GROUPABLE.contains(node.getType().getSqlTypeName())) {
        return;
      }
      groupBy.add((ScanAggregation.Column) expression(node, scanColumns, read));
    }
    List<ScanAggregation.Aggregate> aggregates = new ArrayList<>();
    for (AggregateCall aggregateCall : aggregate.getAggCallList()) {
      ScanAggregation.Aggregate translated = translate(aggregateCall, projects, scan, scanColumns, read);
      if (translated == null) {
        return;
      }
      aggregates.add(translated);
    }
    // checked last: it reads the table's latest snapshot
    Filter filter = scan.filter();
    if (overFilter) {
      LogicalFilter condition = filter(call);
      Optional<Filter> whole = FilterTranslator.over(scan)
          .translateWhole(condition.getCluster().getRexBuilder(), condition.getCondition());
      if (whole.isEmpty() || !whole.get().equals(filter)
          || !scan.relTable().evaluatesExactly(scan.timeTravel(), filter)) {
        return;
      }
    } else if (!Filters.isAlwaysTrue(filter)) {
      return;
    }
    if (read.isEmpty()) {
      // COUNT(*) alone still reads a column to count its rows: one the filter reads anyway if any
      read.add(Filters.columns(filter).stream().filter(scanColumns::contains).findFirst().orElse(scanColumns.get(0)));
    }
    call.transformTo(new LakehouseScanAggregate(
        aggregate.getCluster(), scan.getTraitSet(), scan.getTable(), scan.relTable(), read, scan.timeTravel(),
        filter, new ScanAggregation.Spec(groupBy, aggregates), aggregate.getRowType(),
        aggregate.estimateRowCount(call.getMetadataQuery())));
  }

  private static ScanAggregation.Aggregate translate(
      AggregateCall call, List<RexNode> projects, LakehouseTableScan scan, List<String> scanColumns, List<String> read) {
    if (call.isDistinct() || call.filterArg >= 0 || call.isApproximate() || !call.collation.getFieldCollations().isEmpty()
        || call.getArgList().size() > 1) {
      return null;
    }
    ScanAggregation.Function function = switch (call.getAggregation().getKind()) {
      case COUNT -> ScanAggregation.Function.COUNT;
      case SUM -> ScanAggregation.Function.SUM;
      case SUM0 -> ScanAggregation.Function.SUM0;
      case MIN -> ScanAggregation.Function.MIN;
      case MAX -> ScanAggregation.Function.MAX;
      default -> null;
    };
    if (function == null || (call.getArgList().isEmpty() && function != ScanAggregation.Function.COUNT)) {
      return null;
    }
    String outputType = call.getType().getSqlTypeName().name();
    if (call.getArgList().isEmpty()) {
      return new ScanAggregation.Aggregate(function, null, outputType);
    }
    int input = call.getArgList().get(0);
    RexNode argument = projects == null ? new RexInputRef(input, scan.getRowType().getFieldList().get(input).getType())
        : projects.get(input);
    ScanAggregation.Expr expr = expression(argument, scanColumns, read);
    if (expr == null) {
      return null;
    }
    SqlTypeName type = argument.getType().getSqlTypeName();
    switch (function) {
      case MIN, MAX -> {
        if (!(expr instanceof ScanAggregation.Column) || !ORDERED.contains(type)) {
          return null;
        }
      }
      case SUM, SUM0 -> {
        if (expr instanceof ScanAggregation.Column column ? column.kind() == ScanAggregation.NumberKind.NONE
            : !EXACT.contains(type)) {
          return null;
        }
        if (column(expr) == ScanAggregation.NumberKind.EXACT && call.getType().getSqlTypeName() == SqlTypeName.DECIMAL
            && call.getType().getScale() != scale(argument.getType())) {
          return null;
        }
      }
      default -> { }
    }
    return new ScanAggregation.Aggregate(function, expr, outputType);
  }

  private static ScanAggregation.NumberKind column(ScanAggregation.Expr expr) {
    return expr instanceof ScanAggregation.Column column ? column.kind() : ScanAggregation.NumberKind.EXACT;
  }

  /**
   * The argument as an expression over the scan's columns (added to {@code read}), or null when it
   * is not a column, an exact constant, or exact {@code +}, {@code -}, {@code *} whose result
   * scale is the operands' (so that no rounding is involved).
   */
  private static ScanAggregation.Expr expression(RexNode node, List<String> scanColumns, List<String> read) {
    RelDataType type = node.getType();
    if (node instanceof RexInputRef ref) {
      String name = scanColumns.get(ref.getIndex());
      if (!read.contains(name)) {
        read.add(name);
      }
      return new ScanAggregation.Column(read.indexOf(name), name, scale(type), kind(type.getSqlTypeName()));
    }
    if (!EXACT.contains(type.getSqlTypeName())) {
      return null;
    }
    if (node instanceof RexLiteral literal) {
      BigDecimal value = literal.getValueAs(BigDecimal.class);
      return value == null ? null : new ScanAggregation.Constant(value);
    }
    if (!(node instanceof RexCall rexCall) || rexCall.getOperands().size() != 2) {
      return null;
    }
    char operator = switch (rexCall.getKind()) {
      case PLUS -> '+';
      case MINUS -> '-';
      case TIMES -> '*';
      default -> 0;
    };
    if (operator == 0) {
      return null;
    }
    RexNode left = rexCall.getOperands().get(0);
    RexNode right = rexCall.getOperands().get(1);
    if (!EXACT.contains(left.getType().getSqlTypeName()) || !EXACT.contains(right.getType().getSqlTypeName())) {
      return null;
    }
    int expected = operator == '*'
        ? scale(left.getType()) + scale(right.getType())
        : Math.max(scale(left.getType()), scale(right.getType()));
    if (scale(type) != expected) {
      return null;
    }
    ScanAggregation.Expr a = expression(left, scanColumns, read);
    ScanAggregation.Expr b = a == null ? null : expression(right, scanColumns, read);
    return b == null ? null : new ScanAggregation.Arithmetic(operator, a, b, expected);
  }

  private static int scale(RelDataType type) {
    return type.getSqlTypeName() == SqlTypeName.DECIMAL ? type.getScale() : 0;
  }

  private static ScanAggregation.NumberKind kind(SqlTypeName type) {
    if (EXACT.contains(type)) {
      return ScanAggregation.NumberKind.EXACT;
    }
    return switch (type) {
      case DOUBLE, FLOAT -> ScanAggregation.NumberKind.DOUBLE;
      case REAL -> ScanAggregation.NumberKind.REAL;
      default -> ScanAggregation.NumberKind.NONE;
    };
  }
}
