package io.lakehouse.engine.calcite;

import com.google.common.base.Suppliers;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import io.lakehouse.engine.table.ColumnMetadata;
import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.Filters;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.LakeSnapshot;
import io.lakehouse.engine.table.LakeTable;
import io.lakehouse.engine.table.MetadataAggregates;
import io.lakehouse.engine.table.RowFilter;
import io.lakehouse.engine.table.RowGroupCount;
import io.lakehouse.engine.table.ScanPlan;
import io.lakehouse.engine.table.ScanRequest;
import io.lakehouse.engine.table.ScanStatistics;
import io.lakehouse.engine.table.ScanTask;
import io.lakehouse.engine.table.SnapshotRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.rel.type.RelDataTypeFactory;

/**
 * A Delta or Iceberg table as Calcite sees it. Its row type is the latest snapshot's schema; it
 * turns into a {@link LakehouseTableScan}, whose generated code calls {@link #scan}.
 *
 * <p>Within one statement, every reference to the table without time travel reads the same
 * snapshot: the first reference resolves it and the others reuse it.
 */
public final class LakehouseTable extends LakehouseRelTable {

  /**
   * The most data files whose footers EXPLAIN reads to count the row groups a scan would read;
   * a scan that keeps more shows no row group count.
   */
  static final int EXPLAIN_FOOTERS = 16;

  private final Supplier<LakeTable> table;
  private final QueryResources resources;
  private final Cache<DataContext, LakeSnapshot> latestPerStatement =
      CacheBuilder.newBuilder().weakKeys().build();
  private volatile TableEstimates estimates;

  LakehouseTable(Supplier<LakeTable> table, QueryResources resources) {
    this.table = Suppliers.memoize(table::get);
    this.resources = resources;
  }

  /**
   * The latest snapshot for planning: one per table for the whole preparation of a statement
   * (see {@link PlanningScope}). Execution resolves the latest snapshot again.
   */
  private LakeSnapshot latestForPlanning() {
    return PlanningScope.latest(this, () -> lakeTable().snapshot(SnapshotRef.LATEST));
  }

  /** The table this adapts. */
  public LakeTable lakeTable() {
    return EngineClassLoader.call(table);
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return EngineClassLoader.call(
        () -> RowTypes.rowType(typeFactory, latestForPlanning().schema()));
  }

  /** The latest snapshot's row count for the planner's join ordering (see {@link TableEstimates}). */
  @Override
  public Statistic getStatistic() {
    return estimates().map(e -> Statistics.of(e.rows(), List.of())).orElse(Statistics.UNKNOWN);
  }

  @Override
  OptionalDouble distinctValues(String column) {
    return estimates().map(e -> e.distinctValues(column)).orElse(OptionalDouble.empty());
  }

  /**
   * The latest snapshot's {@link TableEstimates}, read once per snapshot; none when the table
   * cannot be read now (the scan will then name the problem).
   */
  private Optional<TableEstimates> estimates() {
    try {
      return EngineClassLoader.call(() -> {
        LakeSnapshot snapshot = latestForPlanning();
        TableEstimates known = estimates;
        if (known == null || known.version() != snapshot.version()) {
          known = TableEstimates.of(snapshot);
          estimates = known;
        }
        return Optional.of(known);
      });
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public Enumerable<Object> scan(
      DataContext context, String[] columns, String timeTravel, Filter filter) {
    return scan(context, columns, timeTravel, filter, -1);
  }

  @Override
  public Enumerable<Object> scan(
      DataContext context, String[] columns, String timeTravel, Filter filter, long limit) {
    LakeSnapshot snapshot = EngineClassLoader.call(() -> resolve(context, timeTravel));
    String[] snapshotColumns = columns;
    Field[] planned = null;
    if (!TimeTravelSpec.isLatest(timeTravel)) {
      // Calcite planned with the current schema: find each column in the older snapshot by field
      // id (it may have been renamed since), and read it as its current type.
      List<Field> current = EngineClassLoader.call(() -> resolve(context, TimeTravelSpec.LATEST)).schema().getFields();
      snapshotColumns = new String[columns.length];
      planned = new Field[columns.length];
      for (int c = 0; c < columns.length; c++) {
        int index = indexOf(current, columns[c]);
        planned[c] = index < 0 ? null : current.get(index);
        snapshotColumns[c] = planned[c] == null ? columns[c] : nameIn(snapshot.schema().getFields(), planned[c]);
      }
    }
    return read(
        context, snapshot, columns, snapshotColumns, planned, filter, TimeTravelSpec.isLatest(timeTravel), limit);
  }

  @Override
  boolean readsBatches() {
    return true;
  }

  @Override
  boolean evaluatesExactly(String timeTravel, Filter filter) {
    return resources.dataSkipping() && TimeTravelSpec.isLatest(timeTravel)
        && EngineClassLoader.call(() -> exactResidual(latestForPlanning(), filter));
  }

  /** Whether the latest snapshot's partitioning records every column the filter reads. */
  boolean readsPartitionColumnsOnly(Filter filter) {
    return EngineClassLoader.call(
        () -> latestForPlanning().partitionColumns().containsAll(Filters.columns(filter)));
  }

  /** Whether a scan of the snapshot evaluates all of the filter on rows. */
  private static boolean exactResidual(LakeSnapshot snapshot, Filter filter) {
    return ScanResidual.of(filter, snapshot.schema().getFields()).equals(filter);
  }

  /**
   * Reads {@code snapshotColumns} of a snapshot as the output columns {@code columns}; {@code
   * targets}, when not null, gives the field each column is to be read as. {@code ownSchema} says
   * that the filter's column names are the snapshot's own (not the current schema's). With a
   * {@code limit} (not negative) the scan stops after that many rows, but only when its residual is
   * the whole filter: otherwise rows the SQL layer drops would count toward it.
   */
  private Enumerable<Object> read(
      DataContext context,
      LakeSnapshot snapshot,
      String[] columns,
      String[] snapshotColumns,
      Field[] targets,
      Filter filter,
      boolean ownSchema,
      long limit) {
    Filter pushed = resources.dataSkipping() ? filter : Filter.ALWAYS_TRUE;
    String[] read = withFilterColumns(snapshot, snapshotColumns, ownSchema, pushed);
    ScanPlan plan = plan(snapshot, read, pushed);
    ScanStatistics statistics = resources.statisticsFor(context);
    statistics.filesPlanned(plan.filesKept(), plan.filesInSnapshot());
    AtomicBoolean cancel = DataContext.Variable.CANCEL_FLAG.get(context);
    String name = snapshot.table().name();
    int[] batchColumn = batchColumns(snapshot, read);
    RowFilter rowFilter = residual(snapshot, pushed, columns, read, targets);
    long rowLimit = rowFilter.residual().equals(filter) ? limit : -1;
    // without a filter every decoded live row is returned: batches need not be larger than the limit
    long batchRows = Filters.isAlwaysTrue(pushed) ? rowLimit : -1;
    // a scan with a limit reads little, and no file beyond the one where it stops
    int threads = rowLimit >= 0 ? 1 : resources.scanThreads();
    List<ScanTask> tasks = threads > 1 ? splitFiles(plan.tasks(), resources.splitSize()) : plan.tasks();
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object> enumerator() {
        return new ScanEnumerator(
            tasks, resources.newScanContext(name, statistics, batchRows).withRowFilter(rowFilter),
            Arrays.copyOf(batchColumn, columns.length), columns.length == 1, cancel, targets, rowFilter, rowLimit,
            threads);
      }
    };
  }

  /**
   * The tasks with each large file cut into parts of at least {@code splitSize} bytes, in file
   * order, so that the row groups of one file decode on several threads: a table of fewer files
   * than threads uses them all. Only for execution: plans, EXPLAIN and the files-kept statistics
   * count files.
   */
  private static List<ScanTask> splitFiles(List<ScanTask> tasks, long splitSize) {
    List<ScanTask> parts = new ArrayList<>(tasks.size());
    for (ScanTask task : tasks) {
      parts.addAll(task.split(splitSize));
    }
    return parts;
  }

  /**
   * The table as of a constant snapshot, with that snapshot's schema: the statement's columns are
   * the ones the table had then, under the names they had then.
   */
  @Override
  public TranslatableTable at(SnapshotRef ref) {
    LakeSnapshot snapshot = EngineClassLoader.call(() -> lakeTable().snapshot(ref));
    String spec = TimeTravelSpec.version(snapshot.version());
    LakehouseTable owner = this;
    return new LakehouseRelTable() {
      @Override
      public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        return EngineClassLoader.call(() -> RowTypes.rowType(typeFactory, snapshot.schema()));
      }

      @Override
      public Enumerable<Object> scan(DataContext context, String[] columns, String timeTravel, Filter filter) {
        return scan(context, columns, timeTravel, filter, -1);
      }

      @Override
      public Enumerable<Object> scan(
          DataContext context, String[] columns, String timeTravel, Filter filter, long limit) {
        return owner.read(context, snapshot, columns, columns, null, filter, true, limit);
      }

      @Override
      boolean readsBatches() {
        return true;
      }

      @Override
      boolean evaluatesExactly(String timeTravel, Filter filter) {
        return resources.dataSkipping() && EngineClassLoader.call(() -> exactResidual(snapshot, filter));
      }

      @Override
      public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
        return scanRel(context, relOptTable, this, spec);
      }

      @Override
      Optional<PlanSummary> summarize(String timeTravel, List<String> columns, Filter filter) {
        Filter pushed = resources.dataSkipping() ? filter : Filter.ALWAYS_TRUE;
        return EngineClassLoader.call(() -> summary(snapshot, columns, pushed));
      }
    };
  }

  /**
   * The columns to read: the output columns, then the filter's columns the output lacks (read for
   * the residual filter only). When the filter names columns of the current schema but the
   * snapshot is older, a filter column cannot be looked up by name, so only the output columns
   * are read and the residual leaves the others out.
   */
  private static String[] withFilterColumns(
      LakeSnapshot snapshot, String[] columns, boolean ownSchema, Filter filter) {
    if (!ownSchema) {
      return columns;
    }
    List<String> read = new ArrayList<>(Arrays.asList(columns));
    for (String column : FilterColumns.all(filter)) {
      if (!read.contains(column) && indexOf(snapshot.schema().getFields(), column) >= 0) {
        read.add(column);
      }
    }
    return read.toArray(new String[0]);
  }

  /** The residual filter over the batches of {@code read} (output columns first, by current name). */
  private static RowFilter residual(
      LakeSnapshot snapshot, Filter filter, String[] columns, String[] read, Field[] planned) {
    List<Field> fields = snapshot.schema().getFields();
    List<String> names = new ArrayList<>();
    List<Field> readFields = new ArrayList<>();
    List<Field> current = planned == null ? null : new ArrayList<>();
    for (int c = 0; c < read.length; c++) {
      names.add(c < columns.length ? columns[c] : read[c]);
      int index = indexOf(fields, read[c]);
      readFields.add(index < 0 ? null : fields.get(index));
      if (current != null) {
        current.add(c < planned.length ? planned[c] : null);
      }
    }
    return ScanResidual.of(filter, names, readFields, current, columns.length);
  }

  /**
   * The one row of {@link LakehouseMetadataAggregate}'s aggregates over the snapshot that
   * {@code timeTravel} selects (the statement's snapshot, as for {@link #scan}): from its metadata
   * when exact, else by a scan with the filter, whose residual must then be the whole filter.
   */
  public Enumerable<Object> aggregate(
      DataContext context, String timeTravel, String[] functions, String[] columns, String[] types, Filter filter) {
    LakeSnapshot snapshot = EngineClassLoader.call(() -> resolve(context, timeTravel));
    List<String> read = Arrays.stream(columns).filter(c -> c != null).distinct().toList();
    Optional<MetadataAggregates> metadata = resources.dataSkipping()
        ? EngineClassLoader.call(
            () -> MetadataAggregation.fromMetadata(snapshot, read, currentFields(context, timeTravel), filter))
        : Optional.empty();
    String firstColumn = EngineClassLoader.call(() -> resolve(context, TimeTravelSpec.LATEST)).schema().getFields().get(0).getName();
    if (metadata.isEmpty() && !Filters.isAlwaysTrue(filter)
        && !(resources.dataSkipping() && EngineClassLoader.call(() -> exactResidual(snapshot, filter)))) {
      // planned for a snapshot whose columns let the scan evaluate the whole filter; this one does not
      throw new LakeException(LakeException.FEATURE_NOT_SUPPORTED, "Table '" + snapshot.table().name()
          + "' changed while the statement was prepared (version " + snapshot.version()
          + "): its filter " + filter + " can no longer be counted; prepare the statement again");
    }
    // a count over some partitions read the metadata of the kept files only; the statistics name all
    java.util.function.LongSupplier filesInSnapshot = Filters.isAlwaysTrue(filter)
        ? () -> metadata.orElseThrow().files()
        : () -> EngineClassLoader.call(snapshot::dataFileCount);
    return MetadataAggregation.answer(metadata, filesInSnapshot, resources.statisticsFor(context), functions, columns, types, firstColumn,
        scanned -> scan(context, scanned, timeTravel, filter));
  }

  /**
   * What answers the aggregates of {@code columns} (or the count of the rows the filter keeps) in
   * the snapshot {@code timeTravel} names now, for EXPLAIN.
   */
  String describeAggregateSource(String timeTravel, List<String> columns, Filter filter) {
    if (!resources.dataSkipping()) {
      return "scan (dataSkipping=false)";
    }
    return EngineClassLoader.call(() -> {
      LakeSnapshot snapshot = TimeTravelSpec.isLatest(timeTravel)
          ? latestForPlanning()
          : lakeTable().snapshot(TimeTravelSpec.resolve(timeTravel, null));
      List<Field> current = TimeTravelSpec.isLatest(timeTravel) ? null : latestForPlanning().schema().getFields();
      return MetadataAggregation.fromMetadata(snapshot, columns, current, filter)
          .map(m -> "metadata of " + m.files() + " files")
          .orElse(Filters.isAlwaysTrue(filter)
              ? "scan: deletes or missing statistics make the metadata inexact"
              : "scan: deletes, missing statistics or a filter that partition values do not decide");
    });
  }

  private List<Field> currentFields(DataContext context, String timeTravel) {
    return TimeTravelSpec.isLatest(timeTravel) ? null : resolve(context, TimeTravelSpec.LATEST).schema().getFields();
  }

  @Override
  Optional<PlanSummary> summarize(String timeTravel, List<String> columns, Filter filter) {
    return EngineClassLoader.call(
        () -> {
          LakeSnapshot snapshot =
              TimeTravelSpec.isLatest(timeTravel)
                  ? latestForPlanning()
                  : lakeTable().snapshot(TimeTravelSpec.resolve(timeTravel, null));
          Filter pushed = resources.dataSkipping() ? filter : Filter.ALWAYS_TRUE;
          return summary(snapshot, columns, pushed);
        });
  }

  private static Optional<PlanSummary> summary(LakeSnapshot snapshot, List<String> columns, Filter pushed) {
    ScanPlan plan = plan(snapshot, columns.toArray(new String[0]), pushed);
    return Optional.of(new PlanSummary(
        snapshot.version(), plan.filesKept(), plan.filesInSnapshot(), rowGroups(plan),
        ScanResidual.of(pushed, snapshot.schema().getFields())));
  }

  /**
   * The row groups the plan's files would read and hold, from their footers, when it keeps at most
   * {@link #EXPLAIN_FOOTERS} files; null otherwise or when a file cannot tell.
   */
  private static RowGroupCount rowGroups(ScanPlan plan) {
    if (plan.filesKept() > EXPLAIN_FOOTERS) {
      return null;
    }
    RowGroupCount total = new RowGroupCount(0, 0);
    for (ScanTask task : plan.tasks()) {
      Optional<RowGroupCount> count = task.countRowGroups();
      if (count.isEmpty()) {
        return null;
      }
      total = total.plus(count.get());
    }
    return total;
  }

  private static ScanPlan plan(LakeSnapshot snapshot, String[] columns, Filter filter) {
    List<Field> fields = snapshot.schema().getFields();
    int[] projection =
        java.util.Arrays.stream(columns).mapToInt(c -> indexOf(fields, c)).filter(i -> i >= 0).toArray();
    // A filter on a column this snapshot lacks (time travel to before it was added) is not pushed.
    Filter pushed = FilterColumns.all(filter).stream().allMatch(c -> indexOf(fields, c) >= 0)
        ? filter
        : Filter.ALWAYS_TRUE;
    return EngineClassLoader.call(() -> snapshot.plan(new ScanRequest(projection, pushed)));
  }

  /** For each output column, its index among the batch's columns, or -1 when the snapshot lacks it. */
  private static int[] batchColumns(LakeSnapshot snapshot, String[] columns) {
    List<Field> fields = snapshot.schema().getFields();
    int[] batchColumn = new int[columns.length];
    int present = 0;
    for (int c = 0; c < columns.length; c++) {
      batchColumn[c] = indexOf(fields, columns[c]) >= 0 ? present++ : -1;
    }
    return batchColumn;
  }

  private LakeSnapshot resolve(DataContext context, String timeTravel) {
    if (!TimeTravelSpec.isLatest(timeTravel)) {
      return lakeTable().snapshot(TimeTravelSpec.resolve(timeTravel, context));
    }
    try {
      return latestPerStatement.get(context, () -> lakeTable().snapshot(SnapshotRef.LATEST));
    } catch (ExecutionException | com.google.common.util.concurrent.UncheckedExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** The name in a snapshot's fields of the field with {@code field}'s id, else its own name, else null. */
  private static String nameIn(List<Field> fields, Field field) {
    Integer id = ColumnMetadata.fieldId(field);
    if (id != null) {
      for (Field candidate : fields) {
        if (id.equals(ColumnMetadata.fieldId(candidate))) {
          return candidate.getName();
        }
      }
    }
    return indexOf(fields, field.getName()) >= 0 ? field.getName() : null;
  }

  private static int indexOf(List<Field> fields, String name) {
    if (name == null) {
      return -1;
    }
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).getName().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
