package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.Filters;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.externalize.RelWriterImpl;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;

/**
 * The scan of a lakehouse table: which columns it reads, which snapshot, the filter it skips data
 * by and the most rows it returns. Planner rules fold projections, filters, time travel and limits
 * into it ({@link LakehouseRules}); it runs as Enumerable code that calls
 * {@link LakehouseRelTable#scan}.
 */
public final class LakehouseTableScan extends TableScan implements EnumerableRel {

  private final LakehouseRelTable lakehouseTable;
  private final int[] projection;
  private final String timeTravel;
  private final Filter filter;
  /** The most rows to return, or -1 for all. */
  private final long limit;

  LakehouseTableScan(
      RelOptCluster cluster,
      RelTraitSet traitSet,
      RelOptTable table,
      LakehouseRelTable lakehouseTable,
      int[] projection,
      String timeTravel,
      Filter filter,
      long limit) {
    super(cluster, traitSet, List.of(), table);
    this.lakehouseTable = lakehouseTable;
    this.projection = projection;
    this.timeTravel = timeTravel;
    this.filter = filter;
    this.limit = limit;
  }

  static int[] identity(int fieldCount) {
    int[] fields = new int[fieldCount];
    Arrays.setAll(fields, i -> i);
    return fields;
  }

  LakehouseRelTable relTable() {
    return lakehouseTable;
  }

  int[] projection() {
    return projection.clone();
  }

  String timeTravel() {
    return timeTravel;
  }

  Filter filter() {
    return filter;
  }

  long limit() {
    return limit;
  }

  LakehouseTableScan withProjection(int[] newProjection) {
    return new LakehouseTableScan(
        getCluster(), getTraitSet(), getTable(), lakehouseTable, newProjection, timeTravel, filter, limit);
  }

  LakehouseTableScan withTimeTravel(String newTimeTravel) {
    return new LakehouseTableScan(
        getCluster(), getTraitSet(), getTable(), lakehouseTable, projection, newTimeTravel, filter, limit);
  }

  LakehouseTableScan withFilter(Filter newFilter) {
    return new LakehouseTableScan(
        getCluster(), getTraitSet(), getTable(), lakehouseTable, projection, timeTravel, newFilter, limit);
  }

  LakehouseTableScan withLimit(long newLimit) {
    return new LakehouseTableScan(
        getCluster(), getTraitSet(), getTable(), lakehouseTable, projection, timeTravel, filter, newLimit);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new LakehouseTableScan(
        getCluster(), traitSet, getTable(), lakehouseTable, projection, timeTravel, filter, limit);
  }

  /**
   * The scan's terms. For an EXPLAIN (not for the planner's digests, which are computed often) it
   * also plans the scan to show the snapshot and how many of its files would be read, and, when it
   * keeps few files, how many of their row groups (see {@link LakehouseTable#EXPLAIN_FOOTERS}).
   */
  @Override
  public RelWriter explainTerms(RelWriter pw) {
    RelWriter writer =
        super.explainTerms(pw)
            .item("columns", columnNames())
            .itemIf("asOf", TimeTravelSpec.describe(timeTravel), !TimeTravelSpec.isLatest(timeTravel))
            .itemIf("filter", filter, !Filters.isAlwaysTrue(filter))
            .itemIf("limit", limit, limit >= 0);
    if (pw instanceof RelWriterImpl && !TimeTravelSpec.isParameter(timeTravel)) {
      lakehouseTable
          .summarize(timeTravel, columnNames(), filter)
          .ifPresent(summary -> writer
              .item("snapshot", summary.version())
              .item("files", summary.filesKept() + "/" + summary.filesInSnapshot())
              .itemIf("rowGroups", summary.rowGroups() == null ? "" : summary.rowGroups().kept() + "/"
                  + summary.rowGroups().total(), summary.rowGroups() != null)
              .itemIf("residual", summary.residual(), !Filters.isAlwaysTrue(summary.residual())));
    }
    return writer;
  }

  @Override
  public RelDataType deriveRowType() {
    List<RelDataTypeField> fields = table.getRowType().getFieldList();
    var builder = getCluster().getTypeFactory().builder();
    for (int field : projection) {
      builder.add(fields.get(field));
    }
    return builder.build();
  }

  @Override
  public void register(RelOptPlanner planner) {
    for (var rule : LakehouseRules.RULES) {
      planner.addRule(rule);
    }
  }

  /**
   * Cheaper the fewer columns it reads and when it has a filter to skip by, so that the planner
   * prefers projected and filtered scans.
   */
  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    double fraction = (projection.length + 2d) / (table.getRowType().getFieldCount() + 2d);
    if (!Filters.isAlwaysTrue(filter)) {
      fraction *= FILTERED_COST_FACTOR;
    }
    if (limit >= 0) {
      fraction *= LIMITED_COST_FACTOR;
    }
    return super.computeSelfCost(planner, mq).multiplyBy(fraction);
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    double rows = super.estimateRowCount(mq);
    return limit >= 0 ? Math.min(rows, limit) : rows;
  }

  /** How much cheaper a scan with a pushed filter is assumed to be. */
  private static final double FILTERED_COST_FACTOR = 0.5;

  /** How much cheaper a scan that stops at a limit is assumed to be. */
  private static final double LIMITED_COST_FACTOR = 0.1;

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    PhysType physType =
        PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), pref.preferArray());
    return implementor.result(
        physType,
        Blocks.toBlock(
            Expressions.call(
                implementor.stash(lakehouseTable, LakehouseRelTable.class),
                "scan",
                implementor.getRootExpression(),
                Expressions.constant(columnNames().toArray(new String[0])),
                Expressions.constant(timeTravel),
                implementor.stash(filter, Filter.class),
                Expressions.constant(limit))));
  }

  private List<String> columnNames() {
    List<String> all = table.getRowType().getFieldNames();
    List<String> names = new ArrayList<>(projection.length);
    for (int field : projection) {
      names.add(all.get(field));
    }
    return names;
  }


}
