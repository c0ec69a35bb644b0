package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.Filters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Replaces {@code COUNT(*)}, {@code MIN(column)} and {@code MAX(column)} over a whole table (no
 * grouping, no filter) by a {@link LakehouseMetadataAggregate}, which reads the answer from the
 * snapshot's metadata when it is exact. Bounds are used for integer, date and decimal columns
 * only, whose statistics formats keep exactly.
 *
 * <p>{@code COUNT(*)} alone may also have a {@code WHERE} on partition columns: when the whole
 * condition translates to a {@link Filter} and the scan would evaluate all of it on rows (so that the scan it falls back to
 * counts exactly the rows the condition keeps), the aggregate takes the filter, and the count is
 * taken from the partition values of the files when they decide it
 * ({@link io.lakehouse.engine.table.LakeSnapshot#metadataCount}).
 */
final class MetadataAggregateRule extends OverScanRule {

  private static final Set<SqlTypeName> BOUNDED_TYPES = Set.of(
      SqlTypeName.TINYINT, SqlTypeName.SMALLINT, SqlTypeName.INTEGER, SqlTypeName.BIGINT,
      SqlTypeName.DATE, SqlTypeName.DECIMAL);

  /** The aggregate directly over the scan. */
  static final MetadataAggregateRule DIRECT = new MetadataAggregateRule(false);

  /** The aggregate over a projection of the scan (as Calcite plans {@code COUNT(*)}). */
  static final MetadataAggregateRule OVER_PROJECT = new MetadataAggregateRule(true);

  /** {@code COUNT(*)} over a filter of the scan, directly and through a projection. */
  static final List<MetadataAggregateRule> FILTERED =
      List.of(new MetadataAggregateRule(false, true), new MetadataAggregateRule(true, true));

  private MetadataAggregateRule(boolean overProject) {
    this(overProject, false);
  }

  private MetadataAggregateRule(boolean overProject, boolean overFilter) {
    super(LogicalAggregate.class, "LakehouseMetadataAggregate", overProject, overFilter);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalAggregate aggregate = call.rel(0);
    LakehouseTableScan scan = scan(call);
    if (!aggregate.getGroupSet().isEmpty() || aggregate.getGroupSets().size() != 1
        || !(scan.relTable() instanceof LakehouseTable table) || scan.limit() >= 0) {
      return;
    }
    if (!overFilter && !Filters.isAlwaysTrue(scan.filter())) {
      return;
    }
    List<RexNode> projects = overProject ? project(call).getProjects() : null;
    List<String> scanColumns = scan.getRowType().getFieldNames();
    List<LakehouseMetadataAggregate.Call> calls = new ArrayList<>();
    for (AggregateCall aggregateCall : aggregate.getAggCallList()) {
      if (aggregateCall.isDistinct() || aggregateCall.filterArg >= 0 || aggregateCall.isApproximate()) {
        return;
      }
      SqlKind kind = aggregateCall.getAggregation().getKind();
      List<Integer> args = aggregateCall.getArgList();
      if (overFilter && !(kind == SqlKind.COUNT && args.isEmpty())) {
        return;
      }
      if (kind == SqlKind.COUNT && args.isEmpty()) {
        calls.add(new LakehouseMetadataAggregate.Call("COUNT", null));
      } else if ((kind == SqlKind.MIN || kind == SqlKind.MAX) && args.size() == 1) {
        int input = args.get(0);
        if (projects != null) {
          if (!(projects.get(input) instanceof RexInputRef ref)) {
            return;
          }
          input = ref.getIndex();
        }
        if (!BOUNDED_TYPES.contains(scan.getRowType().getFieldList().get(input).getType().getSqlTypeName())) {
          return;
        }
        calls.add(new LakehouseMetadataAggregate.Call(kind.name(), scanColumns.get(input)));
      } else {
        return;
      }
    }
    // checked last: it reads the table's latest snapshot
    Filter filter = Filter.ALWAYS_TRUE;
    if (overFilter) {
      LogicalFilter condition = filter(call);
      Optional<Filter> whole = FilterTranslator.over(scan)
          .translateWhole(condition.getCluster().getRexBuilder(), condition.getCondition());
      if (whole.isEmpty() || !table.evaluatesExactly(scan.timeTravel(), whole.get())
          || !table.readsPartitionColumnsOnly(whole.get())) {
        return;
      }
      filter = whole.get();
    }
    call.transformTo(new LakehouseMetadataAggregate(
        aggregate.getCluster(), scan.getTraitSet(), scan.getTable(), table, scan.timeTravel(), filter, calls,
        aggregate.getRowType()));
  }
}
