package io.lakehouse.engine.calcite;

import io.lakehouse.engine.sql.TimeTravelTableOperator;
import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.RowGroupCount;
import io.lakehouse.engine.table.SnapshotRef;
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
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
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
    implements TranslatableTable, QueryableTable, TemporalTable, TimeTravelTableOperator.Target {

  /**
   * Reads the named columns of the snapshot that {@code timeTravel} selects. Rows are
   * {@code Object[]}, or the bare value when one column is read. The filter may be used to skip
   * data; rows it rejects may still be returned.
   */
  public abstract Enumerable<Object> scan(
      DataContext context, String[] columns, String timeTravel, Filter filter);

  /**
   * The same, returning at most {@code limit} rows (all when negative): a data table stops reading
   * once it has them. Rows the filter rejects count toward the limit unless the scan evaluates the
   * whole filter on rows ({@link #evaluatesExactly}).
   */
  public Enumerable<Object> scan(
      DataContext context, String[] columns, String timeTravel, Filter filter, long limit) {
    Enumerable<Object> rows = scan(context, columns, timeTravel, filter);
    return limit < 0 ? rows : rows.take((int) Math.min(Integer.MAX_VALUE, limit));
  }

  /**
   * Whether a scan of the snapshot {@code timeTravel} names drops every row the filter rejects
   * (its residual is the whole filter), so that a limit may count the rows it returns.
   */
  boolean evaluatesExactly(String timeTravel, Filter filter) {
    return false;
  }

  /**
   * Whether {@link #scan} reads Arrow batches ({@link ScanEnumerator}), so that aggregates may be
   * computed on them ({@link ScanAggregateRule}); metadata tables return rows.
   */
  boolean readsBatches() {
    return false;
  }

  /**
   * What a scan would read, for EXPLAIN: the snapshot's version, its files kept and in all, the
   * row groups of the kept files read and in all (null when not counted), and the residual filter
   * evaluated on rows.
   */
  record PlanSummary(
      long version, int filesKept, long filesInSnapshot, RowGroupCount rowGroups, Filter residual) {}

  /** A summary of the scan for EXPLAIN, when it has files to count. */
  Optional<PlanSummary> summarize(String timeTravel, List<String> columns, Filter filter) {
    return Optional.empty();
  }

  /**
   * An upper bound of the distinct values of a column, for the planner's join estimates (see
   * {@link LakehouseRelMetadata}), when the table's metadata gives one.
   */
  java.util.OptionalDouble distinctValues(String column) {
    return java.util.OptionalDouble.empty();
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    return scanRel(context, relOptTable, this, TimeTravelSpec.LATEST);
  }

  /** A scan of all of {@code table}'s columns as of {@code timeTravel}. */
  static RelNode scanRel(
      RelOptTable.ToRelContext context, RelOptTable relOptTable, LakehouseRelTable table, String timeTravel) {
    int fieldCount = relOptTable.getRowType().getFieldCount();
    return new LakehouseTableScan(
        context.getCluster(),
        context.getCluster().traitSetOf(EnumerableConvention.INSTANCE),
        relOptTable,
        table,
        LakehouseTableScan.identity(fieldCount),
        timeTravel,
        Filter.ALWAYS_TRUE,
        -1);
  }

  /**
   * The table as of a snapshot that time travel names with a constant. This one keeps its row
   * type and reads with the snapshot's spec; a data table overrides it to take the snapshot's
   * own schema.
   */
  @Override
  public TranslatableTable at(SnapshotRef snapshot) {
    LakehouseRelTable self = this;
    String spec = TimeTravelSpec.of(snapshot);
    return new LakehouseRelTable() {
      @Override
      public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        return self.getRowType(typeFactory);
      }

      @Override
      public Enumerable<Object> scan(DataContext context, String[] columns, String timeTravel, Filter filter) {
        return self.scan(context, columns, spec, filter);
      }

      @Override
      public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
        return scanRel(context, relOptTable, this, spec);
      }
    };
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
