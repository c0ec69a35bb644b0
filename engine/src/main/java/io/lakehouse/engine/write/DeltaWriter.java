package io.lakehouse.engine.write;

import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.defaults.internal.data.DefaultColumnarBatch;
import io.delta.kernel.defaults.internal.data.vector.DefaultGenericVector;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.expressions.PredicateEvaluator;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.actions.AddFile;
import io.delta.kernel.internal.actions.SingleAction;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.PartitionUtils;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.transaction.CreateTableTransactionBuilder;
import io.delta.kernel.transaction.DataLayoutSpec;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.lakehouse.engine.io.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Writes a Delta table through Delta Kernel's transaction API and its default Parquet writer. Each
 * call is one commit and returns the version it committed.
 *
 * <p>Rows are lists of Java values in schema order: {@code Boolean}; {@code Byte}, {@code Short},
 * {@code Integer} or {@code Long} for the integral types; any {@code Number} for float and double;
 * {@code String}; {@code byte[]} for binary; {@code LocalDate} for date; {@code Instant} for
 * timestamp; {@code LocalDateTime} for timestamp_ntz; {@code BigDecimal} for decimal. Nested types
 * are not written.
 *
 * <p>Kernel's writer writes no deletion vectors, no column mapping and no schema changes, so neither
 * does this class: {@link #delete} is copy-on-write (each file holding a deleted row is rewritten
 * without it), which is what Delta does with deletion vectors turned off. Kernel has no public API
 * for remove actions, so overwrite and delete build them with Kernel's internal {@link AddFile}.
 */
public final class DeltaWriter {

  /** Recorded as the writing engine in each commit. */
  public static final String ENGINE_INFO = "lakehouse-jdbc-writer";
  /** Rows per data file unless {@link #withRowsPerFile} says otherwise. */
  public static final int DEFAULT_ROWS_PER_FILE = 100_000;
  /** Rows per in-memory batch handed to Kernel's Parquet writer. */
  private static final int ROWS_PER_BATCH = 8192;

  private final String location;
  private final Engine engine;
  private final int rowsPerFile;

  private DeltaWriter(String location, Engine engine, int rowsPerFile) {
    this.location = location;
    this.engine = engine;
    this.rowsPerFile = rowsPerFile;
  }

  /** Starts describing a new table at {@code location} (a local path or a URI Hadoop can write). */
  public static Builder builder(String location, StructType schema) {
    return new Builder(location, schema);
  }

  /** A writer for the existing table at {@code location}, on local storage. */
  public static DeltaWriter open(String location) {
    return open(location, Storage.local());
  }

  /** A writer for the existing table at {@code location}. */
  public static DeltaWriter open(String location, Storage storage) {
    return new DeltaWriter(
        Objects.requireNonNull(location, "location"), DefaultEngine.create(storage.hadoopConf()), DEFAULT_ROWS_PER_FILE);
  }

  /** The same writer with another number of rows per data file (several files per commit when rows exceed it). */
  public DeltaWriter withRowsPerFile(int rows) {
    if (rows <= 0) {
      throw new IllegalArgumentException("rows per file must be positive: " + rows);
    }
    return new DeltaWriter(location, engine, rows);
  }

  public String location() {
    return location;
  }

  /** Appends rows in one commit; each partition's rows go to files of their own, at most rows-per-file rows each. */
  public long append(Iterable<? extends List<?>> rows) {
    Transaction txn = update(latest());
    return commit(txn, addActions(txn, rows));
  }

  /** Replaces every row of the table with {@code rows} in one commit (removing every live file). */
  public long overwrite(Iterable<? extends List<?>> rows) {
    Snapshot snapshot = latest();
    Transaction txn = update(snapshot);
    List<Row> actions = new ArrayList<>();
    forEachScanFile(snapshot.getScanBuilder().build(), file -> actions.add(removeAction(file)));
    actions.addAll(addActions(txn, rows));
    return commit(txn, actions);
  }

  /**
   * Deletes the rows for which {@code predicate} is true, in one commit. Kernel's data skipping
   * picks the files that may hold such rows; Kernel's expression evaluator decides row by row; each
   * file with a deleted row is removed and its other rows are written to a new file. The commit is
   * recorded as a WRITE: Kernel's operations have no DELETE.
   */
  public long delete(Predicate predicate) {
    Snapshot snapshot = latest();
    Transaction txn = update(snapshot);
    Scan scan = snapshot.getScanBuilder().withFilter(predicate).build();
    Row scanState = scan.getScanState(engine);
    StructType schema = ScanStateRow.getLogicalSchema(scanState);
    PredicateEvaluator evaluator = engine.getExpressionHandler().getPredicateEvaluator(schema, predicate);
    List<Row> actions = new ArrayList<>();
    forEachScanFile(scan, file -> actions.addAll(deleteFrom(file, txn, scanState, evaluator)));
    return commit(txn, actions);
  }

  /**
   * The actions that delete the matching rows of one scan file: none when it holds no such row,
   * else its removal and (unless every row goes) the add of a file with the other rows.
   */
  private List<Row> deleteFrom(Row file, Transaction txn, Row scanState, PredicateEvaluator evaluator) {
    long deleted = 0;
    long kept = 0;
    try (CloseableIterator<FilteredColumnarBatch> batches = readLogical(scanState, file)) {
      while (batches.hasNext()) {
        Survivors survivors = survivors(batches.next(), evaluator);
        deleted += survivors.deletedRows();
        kept += survivors.keptRows();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Row> actions = new ArrayList<>();
    if (deleted > 0) {
      actions.add(removeAction(file));
      if (kept > 0) {
        Map<String, Literal> partition =
            partitionLiterals(ScanStateRow.getLogicalSchema(scanState), txn.getPartitionColumns(engine), file);
        actions.addAll(writeFiles(txn, partition,
            readLogical(scanState, file).map(batch -> survivors(batch, evaluator).batch())));
      }
    }
    return actions;
  }

  private record Survivors(FilteredColumnarBatch batch, int deletedRows, int keptRows) {}

  /** The live rows of a batch for which the predicate is not true. */
  private Survivors survivors(FilteredColumnarBatch batch, PredicateEvaluator evaluator) {
    ColumnarBatch data = batch.getData();
    ColumnVector matches = evaluator.eval(data, Optional.empty());
    Optional<ColumnVector> selection = batch.getSelectionVector();
    boolean[] keep = new boolean[data.getSize()];
    int deleted = 0;
    int kept = 0;
    for (int i = 0; i < keep.length; i++) {
      boolean live = selection.isEmpty() || (!selection.get().isNullAt(i) && selection.get().getBoolean(i));
      boolean matched = !matches.isNullAt(i) && matches.getBoolean(i);
      keep[i] = live && !matched;
      deleted += live && matched ? 1 : 0;
      kept += keep[i] ? 1 : 0;
    }
    ColumnVector selected = engine.getExpressionHandler().createSelectionVector(keep, 0, keep.length);
    return new Survivors(new FilteredColumnarBatch(data, Optional.of(selected)), deleted, kept);
  }

  private CloseableIterator<FilteredColumnarBatch> readLogical(Row scanState, Row file) {
    try {
      CloseableIterator<ColumnarBatch> physical =
          engine.getParquetHandler()
              .readParquetFiles(
                  Utils.singletonCloseableIterator(InternalScanFileUtils.getAddFileStatus(file)),
                  ScanStateRow.getPhysicalDataReadSchema(scanState),
                  Optional.empty())
              .map(FileReadResult::getData);
      return Scan.transformPhysicalData(engine, scanState, file, physical);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Literal> partitionLiterals(StructType schema, List<String> columns, Row file) {
    Map<String, String> values = InternalScanFileUtils.getPartitionValues(file);
    Map<String, Literal> literals = new LinkedHashMap<>();
    for (String column : columns) {
      StructField field = schema.get(column);
      String value = values.get(column);
      literals.put(column, value == null || value.isEmpty()
          ? Literal.ofNull(field.getDataType())
          : PartitionUtils.literalForPartitionValue(field.getDataType(), value));
    }
    return literals;
  }

  /** The remove action for a scan file (a row of Kernel's scan-file schema). */
  private static Row removeAction(Row scanFile) {
    AddFile add = new AddFile(scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL));
    return SingleAction.createRemoveFileSingleAction(add.toRemoveFileRow(true, Optional.empty()));
  }

  private void forEachScanFile(Scan scan, Consumer<Row> action) {
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<Row> rows = files.next().getRows()) {
          rows.forEachRemaining(action);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes rows as data files of at most {@link #rowsPerFile} rows and returns the add actions. An
   * unpartitioned table's rows stream through; a partitioned table's are grouped by partition
   * value a file's worth of rows at a time, one file per value.
   */
  private List<Row> addActions(Transaction txn, Iterable<? extends List<?>> rows) {
    StructType schema = txn.getSchema(engine);
    List<String> partitionColumns = txn.getPartitionColumns(engine);
    int[] partitionOrdinals = partitionColumns.stream().mapToInt(schema::indexOf).toArray();
    Iterator<? extends List<?>> input = rows.iterator();
    Iterator<Object[]> converted = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return input.hasNext();
      }

      @Override
      public Object[] next() {
        return toKernelRow(schema, input.next());
      }
    };
    List<Row> actions = new ArrayList<>();
    if (partitionOrdinals.length == 0) {
      while (converted.hasNext()) {
        actions.addAll(writeFiles(txn, Map.of(), batches(schema, converted, rowsPerFile)));
      }
      return actions;
    }
    while (converted.hasNext()) {
      Map<List<Object>, List<Object[]>> chunk = new LinkedHashMap<>();
      for (int n = 0; n < rowsPerFile && converted.hasNext(); n++) {
        Object[] row = converted.next();
        List<Object> key = new ArrayList<>(partitionOrdinals.length);
        for (int ordinal : partitionOrdinals) {
          key.add(row[ordinal]);
        }
        chunk.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
      }
      chunk.forEach((key, partitionRows) -> {
        Map<String, Literal> partition = new LinkedHashMap<>();
        for (int i = 0; i < partitionOrdinals.length; i++) {
          partition.put(partitionColumns.get(i),
              KernelValues.literal(schema.at(partitionOrdinals[i]).getDataType(), key.get(i)));
        }
        actions.addAll(writeFiles(txn, partition, batches(schema, partitionRows.iterator(), partitionRows.size())));
      });
    }
    return actions;
  }

  private static Object[] toKernelRow(StructType schema, List<?> values) {
    if (values.size() != schema.length()) {
      throw new IllegalArgumentException(
          "A row has " + values.size() + " values but the table has " + schema.length() + " columns: " + values);
    }
    Object[] row = new Object[values.size()];
    for (int i = 0; i < row.length; i++) {
      StructField field = schema.at(i);
      row[i] = KernelValues.toKernel(field.getName(), field.getDataType(), values.get(i));
      if (row[i] == null && !field.isNullable()) {
        throw new IllegalArgumentException("Column " + field.getName() + " is not nullable: " + values);
      }
    }
    return row;
  }

  /**
   * Column batches of at most {@link #ROWS_PER_BATCH} rows holding the next {@code limit} rows (or
   * fewer when the rows run out), built as the writer asks for them.
   */
  private static CloseableIterator<FilteredColumnarBatch> batches(StructType schema, Iterator<Object[]> rows, int limit) {
    return new CloseableIterator<>() {
      private int taken;

      @Override
      public boolean hasNext() {
        return taken < limit && rows.hasNext();
      }

      @Override
      public FilteredColumnarBatch next() {
        List<Object[]> slice = new ArrayList<>(Math.min(ROWS_PER_BATCH, limit - taken));
        while (slice.size() < ROWS_PER_BATCH && hasNext()) {
          slice.add(rows.next());
          taken++;
        }
        ColumnVector[] vectors = new ColumnVector[schema.length()];
        for (int c = 0; c < vectors.length; c++) {
          List<Object> values = new ArrayList<>(slice.size());
          for (Object[] row : slice) {
            values.add(row[c]);
          }
          vectors[c] = DefaultGenericVector.fromList(schema.at(c).getDataType(), values);
        }
        return new FilteredColumnarBatch(new DefaultColumnarBatch(slice.size(), schema, vectors), Optional.empty());
      }

      @Override
      public void close() {}
    };
  }

  /** Writes logical batches of one partition through Kernel and returns the add actions. */
  private List<Row> writeFiles(
      Transaction txn, Map<String, Literal> partition, CloseableIterator<FilteredColumnarBatch> logical) {
    Row state = txn.getTransactionState(engine);
    DataWriteContext context = Transaction.getWriteContext(engine, state, partition);
    List<Row> actions = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> physical =
            Transaction.transformLogicalData(engine, state, logical, partition);
        CloseableIterator<DataFileStatus> files =
            engine.getParquetHandler()
                .writeParquetFiles(context.getTargetDirectory(), physical, context.getStatisticsColumns());
        CloseableIterator<Row> adds = Transaction.generateAppendActions(engine, state, files, context)) {
      adds.forEachRemaining(actions::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return actions;
  }

  private Snapshot latest() {
    return TableManager.loadSnapshot(location).build(engine);
  }

  private Transaction update(Snapshot snapshot) {
    return snapshot.buildUpdateTableTransaction(ENGINE_INFO, Operation.WRITE).build(engine);
  }

  /** Commits, then runs the hooks Kernel asks for (checksum, checkpoint, log compaction). */
  private long commit(Transaction txn, List<Row> actions) {
    TransactionCommitResult result =
        txn.commit(engine, CloseableIterable.inMemoryIterable(Utils.toCloseableIterator(actions.iterator())));
    for (PostCommitHook hook : result.getPostCommitHooks()) {
      try {
        hook.threadSafeInvoke(engine);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return result.getVersion();
  }

  /** A new table's schema, partition columns and properties; {@link #create} commits version 0. */
  public static final class Builder {
    private final String location;
    private final StructType schema;
    private final List<Column> partitionColumns = new ArrayList<>();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private Storage storage = Storage.local();
    private int rowsPerFile = DEFAULT_ROWS_PER_FILE;

    private Builder(String location, StructType schema) {
      this.location = Objects.requireNonNull(location, "location");
      this.schema = Objects.requireNonNull(schema, "schema");
    }

    /** Partitions the table by these top-level columns, in this order. */
    public Builder partitionedBy(String... columns) {
      for (String column : columns) {
        partitionColumns.add(new Column(column));
      }
      return this;
    }

    /** A table property, such as {@code delta.enableInCommitTimestamps=true}. */
    public Builder property(String key, String value) {
      properties.put(key, value);
      return this;
    }

    public Builder storage(Storage value) {
      this.storage = Objects.requireNonNull(value, "storage");
      return this;
    }

    public Builder rowsPerFile(int rows) {
      this.rowsPerFile = rows;
      return this;
    }

    /** Creates the table with no rows (version 0 holds only its metadata). */
    public DeltaWriter create() {
      return create(List.of());
    }

    /** Creates the table with {@code rows} in version 0. */
    public DeltaWriter create(Iterable<? extends List<?>> rows) {
      DeltaWriter writer = open(location, storage).withRowsPerFile(rowsPerFile);
      CreateTableTransactionBuilder create =
          TableManager.buildCreateTableTransaction(location, schema, ENGINE_INFO).withTableProperties(properties);
      if (!partitionColumns.isEmpty()) {
        create = create.withDataLayoutSpec(DataLayoutSpec.partitioned(partitionColumns));
      }
      Transaction txn = create.build(writer.engine);
      writer.commit(txn, writer.addActions(txn, rows));
      return writer;
    }
  }
}
