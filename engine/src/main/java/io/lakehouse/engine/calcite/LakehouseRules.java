package io.lakehouse.engine.calcite;

import io.lakehouse.engine.sql.SessionTime;
import io.lakehouse.engine.sql.TimeTravelOperators;
import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.Filters;
import io.lakehouse.engine.table.LakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptRuleOperand;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSnapshot;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexExecutor;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexPermuteInputsShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.TimestampString;
import org.apache.calcite.util.mapping.Mappings;

/** Planner rules that fold work into {@link LakehouseTableScan}. */
final class LakehouseRules {

  private LakehouseRules() {}

  /** Reads only the columns a projection uses. */
  static final RelOptRule PROJECT = new ProjectIntoScanRule();

  /** Reads the snapshot a {@code FOR ... AS OF} clause names. */
  static final RelOptRule TIME_TRAVEL = new TimeTravelRule(false);

  /**
   * The same, when Calcite's field trimmer has put a projection between the snapshot and the scan
   * (as it does for {@code COUNT(*)}).
   */
  static final RelOptRule TIME_TRAVEL_OVER_PROJECT = new TimeTravelRule(true);

  /**
   * Hands a filter's translatable part to the scan, for skipping files and row groups. The filter
   * stays above the scan: skipping is inexact, so Calcite still evaluates it on every row.
   */
  static final RelOptRule FILTER = new FilterIntoScanRule();

  /**
   * Pulls the conjuncts every branch of an OR shares out of it: {@code (a = b AND x) OR (a = b AND
   * y)} becomes {@code a = b AND (x OR y)}, so that Calcite's join rules see the equi-join condition
   * (TPC-H Q19) instead of running a nested loop join.
   */
  static final RelOptRule PULL_FACTORS = new PullFactorsRule();

  /**
   * Hands a {@code LIMIT} without {@code ORDER BY} to the scan, which stops reading once it has
   * returned that many rows: directly over the scan or over a projection of it, or over a filter
   * that the scan evaluates whole on rows (its residual), so that every row it returns is one the
   * filter keeps. The limit stays above the scan as well.
   */
  static final List<RelOptRule> LIMIT = List.of(
      new LimitIntoScanRule(false, false), new LimitIntoScanRule(true, false),
      new LimitIntoScanRule(false, true), new LimitIntoScanRule(true, true));

  static final List<RelOptRule> RULES = rules();

  private static List<RelOptRule> rules() {
    List<RelOptRule> rules = new ArrayList<>(List.of(PROJECT, FILTER, TIME_TRAVEL, TIME_TRAVEL_OVER_PROJECT,
        MetadataAggregateRule.DIRECT, MetadataAggregateRule.OVER_PROJECT, PULL_FACTORS));
    rules.addAll(MetadataAggregateRule.FILTERED);
    rules.addAll(LIMIT);
    rules.addAll(ScanAggregateRule.RULES);
    return List.copyOf(rules);
  }

  @SuppressWarnings("deprecation")
  private static final class LimitIntoScanRule extends RelOptRule {
    private final boolean overProject;
    private final boolean overFilter;

    LimitIntoScanRule(boolean overProject, boolean overFilter) {
      super(operand(LogicalSort.class, scanUnder(overProject, overFilter)),
          "LakehouseLimitIntoScanRule" + (overProject ? "OverProject" : "") + (overFilter ? "OverFilter" : ""));
      this.overProject = overProject;
      this.overFilter = overFilter;
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      Sort sort = call.rel(0);
      int depth = 1 + (overProject ? 1 : 0) + (overFilter ? 1 : 0);
      LakehouseTableScan scan = call.rel(depth);
      if (!sort.getCollation().getFieldCollations().isEmpty() || sort.fetch == null) {
        return;
      }
      long limit = rows(sort.fetch) + (sort.offset == null ? 0 : rows(sort.offset));
      if (limit < 0 || (scan.limit() >= 0 && scan.limit() <= limit)) {
        return;
      }
      RelNode input = scan.withLimit(limit);
      if (overFilter) {
        LogicalFilter filter = call.rel(depth - 1);
        Optional<Filter> whole = FilterTranslator.over(scan)
            .translateWhole(filter.getCluster().getRexBuilder(), filter.getCondition());
        if (whole.isEmpty() || !whole.get().equals(scan.filter())
            || !scan.relTable().evaluatesExactly(scan.timeTravel(), scan.filter())) {
          return;
        }
        input = filter.copy(filter.getTraitSet(), input, filter.getCondition());
      }
      if (overProject) {
        Project project = call.rel(1);
        input = project.copy(project.getTraitSet(), List.of(input));
      }
      call.transformTo(sort.copy(sort.getTraitSet(), List.of(input)));
    }

    /** The value of a constant LIMIT or OFFSET, or a negative number (a parameter, or too large). */
    private static long rows(RexNode node) {
      if (!(node instanceof RexLiteral literal)) {
        return Long.MIN_VALUE / 4;
      }
      java.math.BigDecimal value = literal.getValueAs(java.math.BigDecimal.class);
      return value == null || value.signum() < 0 || value.compareTo(java.math.BigDecimal.valueOf(Integer.MAX_VALUE)) > 0
          ? Long.MIN_VALUE / 4
          : value.longValue();
    }
  }

  /** Our scan, under a filter and a projection when asked: {@code Project(Filter(scan))}. */
  @SuppressWarnings("deprecation")
  static RelOptRuleOperand scanUnder(boolean overProject, boolean overFilter) {
    RelOptRuleOperand scan = RelOptRule.operand(LakehouseTableScan.class, RelOptRule.none());
    RelOptRuleOperand belowProject = overFilter ? RelOptRule.operand(LogicalFilter.class, scan) : scan;
    return overProject ? RelOptRule.operand(LogicalProject.class, belowProject) : belowProject;
  }

  @SuppressWarnings("deprecation")
  private static final class PullFactorsRule extends RelOptRule {
    PullFactorsRule() {
      super(operand(LogicalFilter.class, any()), "LakehousePullFactorsRule");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalFilter filter = call.rel(0);
      RexNode condition = filter.getCondition();
      boolean hasDisjunction = RexUtil.flattenAnd(List.of(condition)).stream()
          .anyMatch(conjunct -> conjunct.getKind() == SqlKind.OR);
      if (!hasDisjunction) {
        return;
      }
      RexNode factored = RexUtil.pullFactors(filter.getCluster().getRexBuilder(), condition);
      if (!factored.equals(condition)) {
        call.transformTo(filter.copy(filter.getTraitSet(), filter.getInput(), factored));
      }
    }
  }

  @SuppressWarnings("deprecation")
  private static final class FilterIntoScanRule extends RelOptRule {
    FilterIntoScanRule() {
      super(
          operand(LogicalFilter.class, operand(LakehouseTableScan.class, none())),
          "LakehouseFilterIntoScanRule");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalFilter filter = call.rel(0);
      LakehouseTableScan scan = call.rel(1);
      // a limited scan returns its first rows: filtering them is not filtering before the limit
      if (!Filters.isAlwaysTrue(scan.filter()) || scan.limit() >= 0) {
        return;
      }
      List<String> names = scan.getRowType().getFieldNames();
      List<org.apache.calcite.rel.type.RelDataType> types = new ArrayList<>();
      scan.getRowType().getFieldList().forEach(f -> types.add(f.getType()));
      new FilterTranslator(names, types)
          .translate(filter.getCluster().getRexBuilder(), filter.getCondition())
          .ifPresent(pushed ->
              call.transformTo(filter.copy(filter.getTraitSet(), scan.withFilter(pushed), filter.getCondition())));
    }
  }

  @SuppressWarnings("deprecation")
  private static final class ProjectIntoScanRule extends RelOptRule {
    ProjectIntoScanRule() {
      super(
          operand(LogicalProject.class, operand(LakehouseTableScan.class, none())),
          "LakehouseProjectIntoScanRule");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      Project project = call.rel(0);
      LakehouseTableScan scan = call.rel(1);
      int[] scanColumns = scan.projection();
      ImmutableBitSet referenced = RelOptUtil.InputFinder.bits(project.getProjects(), null);
      // Rows must still be counted when no column is used: read the first one.
      ImmutableBitSet used = referenced.isEmpty() ? ImmutableBitSet.of(0) : referenced;
      if (used.cardinality() == scanColumns.length) {
        return;
      }
      int[] kept = used.toArray();
      int[] newColumns = new int[kept.length];
      for (int i = 0; i < kept.length; i++) {
        newColumns[i] = scanColumns[kept[i]];
      }
      LakehouseTableScan newScan = scan.withProjection(newColumns);
      Mappings.TargetMapping mapping =
          Mappings.target(
              source -> used.indexOf(source), scanColumns.length, newColumns.length);
      List<RexNode> exprs = new ArrayList<>();
      RexPermuteInputsShuttle shuttle = RexPermuteInputsShuttle.of(mapping);
      for (RexNode expr : project.getProjects()) {
        exprs.add(expr.accept(shuttle));
      }
      RelNode result =
          RexUtil.isIdentity(exprs, newScan.getRowType())
                  && project.getRowType().getFieldNames().equals(newScan.getRowType().getFieldNames())
              ? newScan
              : project.copy(project.getTraitSet(), newScan, exprs, project.getRowType());
      call.transformTo(result);
    }
  }

  @SuppressWarnings("deprecation")
  private static final class TimeTravelRule extends RelOptRule {
    private final boolean overProject;

    TimeTravelRule(boolean overProject) {
      super(
          overProject
              ? operand(
                  LogicalSnapshot.class,
                  operand(LogicalProject.class, operand(LakehouseTableScan.class, none())))
              : operand(LogicalSnapshot.class, operand(LakehouseTableScan.class, none())),
          overProject ? "LakehouseTimeTravelOverProjectRule" : "LakehouseTimeTravelRule");
      this.overProject = overProject;
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalSnapshot snapshot = call.rel(0);
      LakehouseTableScan scan = call.rel(overProject ? 2 : 1);
      String spec = spec(snapshot, zone(call));
      LakehouseTableScan travelled = scan.withTimeTravel(spec);
      if (overProject) {
        Project project = call.rel(1);
        call.transformTo(project.copy(project.getTraitSet(), List.of(travelled)));
      } else {
        call.transformTo(travelled);
      }
    }

    private static TimeZone zone(RelOptRuleCall call) {
      CalciteConnectionConfig config =
          call.getPlanner().getContext().unwrap(CalciteConnectionConfig.class);
      String zone = config == null ? null : config.timeZone();
      return TimeZone.getTimeZone(zone == null ? "UTC" : zone);
    }

    private static String spec(LogicalSnapshot snapshot, TimeZone zone) {
      RexNode period = snapshot.getPeriod();
      if (period instanceof RexCall call && call.getOperator() == TimeTravelOperators.VERSION_AS_OF) {
        return versionSpec(call.getOperands().get(0));
      }
      RexNode time =
          period instanceof RexCall call && call.getOperator() == TimeTravelOperators.TIMESTAMP_AS_OF
              ? call.getOperands().get(0)
              : period;
      if (time instanceof RexDynamicParam param) {
        return TimeTravelSpec.timestampParameter(param.getIndex());
      }
      return TimeTravelSpec.timestamp(epochMillis(reduce(snapshot, time), zone));
    }

    private static String versionSpec(RexNode operand) {
      if (operand instanceof RexDynamicParam param) {
        return TimeTravelSpec.versionParameter(param.getIndex());
      }
      if (operand instanceof RexLiteral literal) {
        if (SqlTypeFamily.NUMERIC.contains(literal.getType())) {
          java.math.BigDecimal value = literal.getValueAs(java.math.BigDecimal.class);
          try {
            return TimeTravelSpec.version(value.longValueExact());
          } catch (ArithmeticException e) {
            throw badTimeTravel("a version must be a whole number, got " + value);
          }
        }
        String text = literal.getValueAs(String.class);
        return text != null && text.matches("\\d+")
            ? TimeTravelSpec.version(Long.parseLong(text))
            : TimeTravelSpec.named(text);
      }
      throw badTimeTravel("FOR VERSION AS OF takes a number, a quoted tag or branch name, or ?");
    }

    private static RexLiteral reduce(LogicalSnapshot snapshot, RexNode time) {
      if (time instanceof RexLiteral literal) {
        return literal;
      }
      RexBuilder rexBuilder = snapshot.getCluster().getRexBuilder();
      RexExecutor executor = snapshot.getCluster().getPlanner().getExecutor();
      if (executor == null) {
        executor = RexUtil.EXECUTOR;
      }
      List<RexNode> reduced = new ArrayList<>();
      executor.reduce(rexBuilder, List.of(time), reduced);
      if (reduced.get(0) instanceof RexLiteral literal) {
        return literal;
      }
      throw badTimeTravel("FOR TIMESTAMP AS OF needs a constant timestamp, got " + time);
    }

    private static long epochMillis(RexLiteral literal, TimeZone zone) {
      SqlTypeName type = literal.getType().getSqlTypeName();
      if (literal.isNull()) {
        throw badTimeTravel("FOR TIMESTAMP AS OF needs a timestamp, got NULL");
      }
      switch (type) {
        case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
          return literal.getValueAs(TimestampString.class).getMillisSinceEpoch();
        case TIMESTAMP:
          return fromWallClock(literal.getValueAs(TimestampString.class).getMillisSinceEpoch(), zone);
        case DATE:
          return fromWallClock(literal.getValueAs(Integer.class) * 86_400_000L, zone);
        case CHAR:
        case VARCHAR:
          return SessionTime.parse(literal.getValueAs(String.class), zone).toEpochMilli();
        default:
          throw badTimeTravel("FOR TIMESTAMP AS OF needs a timestamp, got a value of type " + type);
      }
    }

    private static long fromWallClock(long wallClockMillis, TimeZone zone) {
      return SessionTime.fromWallClock(wallClockMillis, zone).toEpochMilli();
    }

    private static LakeException badTimeTravel(String message) {
      return new LakeException("42601", "Invalid time travel: " + message);
    }
  }
}
