package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.Filters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Replaces {@code COUNT(*)}, {@code MIN(column)} and {@code MAX(column)} over a whole table (no
 * grouping, no filter) by a {@link LakehouseMetadataAggregate}, which reads the answer from the
 * snapshot's metadata when it is exact. Bounds are used for integer, date and decimal columns
 * only, whose statistics formats keep exactly.
 */
final class MetadataAggregateRule extends RelOptRule {

  private static final Set<SqlTypeName> BOUNDED_TYPES = Set.of(
      SqlTypeName.TINYINT, SqlTypeName.SMALLINT, SqlTypeName.INTEGER, SqlTypeName.BIGINT,
      SqlTypeName.DATE, SqlTypeName.DECIMAL);

  /** The aggregate directly over the scan. */
  static final MetadataAggregateRule DIRECT = new MetadataAggregateRule(false);

  /** The aggregate over a projection of the scan (as Calcite plans {@code COUNT(*)}). */
  static final MetadataAggregateRule OVER_PROJECT = new MetadataAggregateRule(true);

  private final boolean overProject;

  @SuppressWarnings("deprecation")
  private MetadataAggregateRule(boolean overProject) {
    super(
        overProject
            ? operand(LogicalAggregate.class, operand(LogicalProject.class, operand(LakehouseTableScan.class, none())))
            : operand(LogicalAggregate.class, operand(LakehouseTableScan.class, none())),
        overProject ? "LakehouseMetadataAggregateOverProjectRule" : "LakehouseMetadataAggregateRule");
    this.overProject = overProject;
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalAggregate aggregate = call.rel(0);
    LakehouseTableScan scan = call.rel(overProject ? 2 : 1);
    if (!aggregate.getGroupSet().isEmpty() || aggregate.getGroupSets().size() != 1
        || !(scan.relTable() instanceof LakehouseTable table) || !Filters.isAlwaysTrue(scan.filter())) {
      return;
    }
    List<RexNode> projects = overProject ? ((LogicalProject) call.rel(1)).getProjects() : null;
    List<String> scanColumns = scan.getRowType().getFieldNames();
    List<LakehouseMetadataAggregate.Call> calls = new ArrayList<>();
    for (AggregateCall aggregateCall : aggregate.getAggCallList()) {
      if (aggregateCall.isDistinct() || aggregateCall.filterArg >= 0 || aggregateCall.isApproximate()) {
        return;
      }
      SqlKind kind = aggregateCall.getAggregation().getKind();
      List<Integer> args = aggregateCall.getArgList();
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
    call.transformTo(new LakehouseMetadataAggregate(
        aggregate.getCluster(), scan.getTraitSet(), scan.getTable(), table, scan.timeTravel(), calls,
        aggregate.getRowType()));
  }
}
