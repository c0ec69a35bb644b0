package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.Filters;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Aggregates, grouped by columns or not, computed inside a table's scan, on its Arrow batches
 * ({@link ScanAggregation}), in place of a scan whose rows Calcite would aggregate one by one.
 * The scan reads {@code columns} and keeps the rows its filter keeps; the planner uses this only
 * when the scan evaluates the whole filter ({@link ScanAggregateRule}).
 */
final class LakehouseScanAggregate extends AbstractRelNode implements EnumerableRel {

  private final RelOptTable table;
  private final LakehouseRelTable relTable;
  private final List<String> columns;
  private final String timeTravel;
  private final Filter filter;
  private final ScanAggregation.Spec spec;
  private final RelDataType outputType;
  private final double rows;

  LakehouseScanAggregate(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelOptTable table,
      LakehouseRelTable relTable,
      List<String> columns,
      String timeTravel,
      Filter filter,
      ScanAggregation.Spec spec,
      RelDataType outputType,
      double rows) {
    super(cluster, traits);
    this.rows = rows;
    this.table = table;
    this.relTable = relTable;
    this.columns = List.copyOf(columns);
    this.timeTravel = timeTravel;
    this.filter = filter;
    this.spec = spec;
    this.outputType = outputType;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new LakehouseScanAggregate(
        getCluster(), traitSet, table, relTable, columns, timeTravel, filter, spec, outputType, rows);
  }

  @Override
  protected RelDataType deriveRowType() {
    return outputType;
  }

  @Override
  public RelOptTable getTable() {
    return table;
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw)
        .item("table", table.getQualifiedName())
        .item("columns", columns)
        .itemIf("groupBy", spec.groupBy(), !spec.groupBy().isEmpty())
        .item("aggregates", spec)
        .itemIf("asOf", TimeTravelSpec.describe(timeTravel), !TimeTravelSpec.isLatest(timeTravel))
        .itemIf("filter", filter, !Filters.isAlwaysTrue(filter));
  }

  /**
   * A scan's reading without the per-row work above it: below the scan and aggregate it replaces
   * even on the smallest table, above an answer from metadata ({@link LakehouseMetadataAggregate},
   * a tiny cost).
   */
  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    double cost = 1 + table.getRowCount() * 1e-3;
    return planner.getCostFactory().makeCost(cost, cost, 0);
  }

  /** The rows of the aggregate it replaces: one without grouping, Calcite's estimate of the groups else. */
  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    return rows;
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), pref.preferArray());
    return implementor.result(
        physType,
        Blocks.toBlock(
            Expressions.call(
                ScanAggregation.class,
                "aggregate",
                implementor.stash(relTable, LakehouseRelTable.class),
                implementor.getRootExpression(),
                Expressions.constant(columns.toArray(new String[0])),
                Expressions.constant(timeTravel),
                implementor.stash(filter, Filter.class),
                implementor.stash(spec, ScanAggregation.Spec.class))));
  }
}
