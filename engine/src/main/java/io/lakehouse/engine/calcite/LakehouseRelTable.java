package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.Filter;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.linq4j.Queryable;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.schema.QueryableTable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Schemas;
import org.apache.calcite.schema.TemporalTable;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * What a table's data and its metadata tables share in Calcite: they translate to a
 * {@link LakehouseTableScan}, accept time travel, and are read through {@link #scan}, which the
 * scan's generated code calls.
 */
public abstract class LakehouseRelTable extends AbstractTable
    implements TranslatableTable, QueryableTable, TemporalTable {

  /**
   * Reads the named columns of the snapshot that {@code timeTravel} selects. Rows are
   * {@code Object[]}, or the bare value when one column is read. The filter may be used to skip
   * data; rows it rejects may still be returned.
   */
  public abstract Enumerable<Object> scan(
      DataContext context, String[] columns, String timeTravel, Filter filter);

  /**
   * What a scan would read, for EXPLAIN: the snapshot's version, its files kept and in all, and
   * the residual filter evaluated on rows.
   */
  record PlanSummary(long version, int filesKept, long filesInSnapshot, Filter residual) {}

  /** A summary of the scan for EXPLAIN, when it has files to count. */
  Optional<PlanSummary> summarize(String timeTravel, List<String> columns, Filter filter) {
    return Optional.empty();
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    int fieldCount = relOptTable.getRowType().getFieldCount();
    return new LakehouseTableScan(
        context.getCluster(),
        context.getCluster().traitSetOf(EnumerableConvention.INSTANCE),
        relOptTable,
        this,
        LakehouseTableScan.identity(fieldCount),
        TimeTravelSpec.LATEST,
        Filter.ALWAYS_TRUE);
  }

  @Override
  public Type getElementType() {
    return Object[].class;
  }

  @Override
  public Expression getExpression(SchemaPlus schema, String tableName, Class clazz) {
    return Schemas.tableExpression(schema, getElementType(), tableName, clazz);
  }

  /** Not used: the table is translated to {@link LakehouseTableScan}, never queried as a Queryable. */
  @Override
  public <T> Queryable<T> asQueryable(QueryProvider queryProvider, SchemaPlus schema, String tableName) {
    throw new UnsupportedOperationException("lakehouse tables are translated, not queried");
  }

  @Override
  public String getSysStartFieldName() {
    return "$lakehouse_commit_start";
  }

  @Override
  public String getSysEndFieldName() {
    return "$lakehouse_commit_end";
  }
}
