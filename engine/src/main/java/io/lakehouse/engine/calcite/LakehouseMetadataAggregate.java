package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.Filters;
import java.util.ArrayList;
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
import org.apache.calcite.rel.externalize.RelWriterImpl;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;

/**
 * {@code COUNT(*)}, {@code MIN(column)} and {@code MAX(column)} over a whole table, or
 * {@code COUNT(*)} of the rows a filter on partition columns keeps, answered from the snapshot's
 * metadata without opening a data file: per-file record counts, column bounds, partition values.
 * Whether the metadata is exact is decided when the statement runs, on the snapshot it reads; when
 * it is not (deletes, missing statistics) the table is scanned instead. See
 * {@link LakehouseTable#aggregate}.
 */
final class LakehouseMetadataAggregate extends AbstractRelNode implements EnumerableRel {

  /** One aggregate: its function and the column it reads (null for {@code COUNT(*)}). */
  record Call(String function, String column) {
    @Override
    public String toString() {
      return function + "(" + (column == null ? "*" : column) + ")";
    }
  }

  private final RelOptTable table;
  private final LakehouseTable lakehouseTable;
  private final String timeTravel;
  private final Filter filter;
  private final List<Call> calls;
  private final RelDataType outputType;

  LakehouseMetadataAggregate(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelOptTable table,
      LakehouseTable lakehouseTable,
      String timeTravel,
      Filter filter,
      List<Call> calls,
      RelDataType outputType) {
    super(cluster, traits);
    this.table = table;
    this.lakehouseTable = lakehouseTable;
    this.timeTravel = timeTravel;
    this.filter = filter;
    this.calls = List.copyOf(calls);
    this.outputType = outputType;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new LakehouseMetadataAggregate(getCluster(), traitSet, table, lakehouseTable, timeTravel, filter, calls, outputType);
  }

  @Override
  protected RelDataType deriveRowType() {
    return outputType;
  }

  @Override
  public RelOptTable getTable() {
    return table;
  }

  /**
   * The aggregates; for an EXPLAIN also whether the current snapshot's metadata answers them (and
   * from how many files), or a scan must.
   */
  @Override
  public RelWriter explainTerms(RelWriter pw) {
    RelWriter writer = super.explainTerms(pw)
        .item("table", table.getQualifiedName())
        .item("aggregates", calls)
        .itemIf("asOf", timeTravel, !TimeTravelSpec.isLatest(timeTravel))
        .itemIf("filter", filter, !Filters.isAlwaysTrue(filter));
    if (pw instanceof RelWriterImpl && !TimeTravelSpec.isParameter(timeTravel)) {
      writer.item("from", lakehouseTable.describeAggregateSource(timeTravel, columns(), filter));
    }
    return writer;
  }

  /** Far cheaper than any scan: only metadata is read. */
  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    return planner.getCostFactory().makeTinyCost();
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    return 1;
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), pref.preferArray());
    List<String> functions = new ArrayList<>();
    List<String> columns = new ArrayList<>();
    List<String> types = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      functions.add(calls.get(i).function());
      columns.add(calls.get(i).column());
      types.add(outputType.getFieldList().get(i).getType().getSqlTypeName().name());
    }
    return implementor.result(
        physType,
        Blocks.toBlock(
            Expressions.call(
                implementor.stash(lakehouseTable, LakehouseTable.class),
                "aggregate",
                implementor.getRootExpression(),
                Expressions.constant(timeTravel),
                Expressions.constant(functions.toArray(new String[0])),
                Expressions.constant(columns.toArray(new String[0])),
                Expressions.constant(types.toArray(new String[0])),
                implementor.stash(filter, Filter.class))));
  }

  private List<String> columns() {
    return calls.stream().map(Call::column).filter(c -> c != null).distinct().toList();
  }
}
