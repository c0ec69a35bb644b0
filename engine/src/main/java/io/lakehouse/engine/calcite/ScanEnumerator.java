package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.DictionaryVector;
import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.Memory;
import io.lakehouse.engine.table.RowBatch;
import io.lakehouse.engine.table.RowFilter;
import io.lakehouse.engine.table.ScanContext;
import io.lakehouse.engine.table.ScanTask;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.iceberg.io.CloseableIterator;

/**
 * Hands the rows of a scan's tasks to Calcite: opens tasks one after another, narrows each batch to
 * the rows its residual filter keeps, reads those rows from the Arrow vectors, and frees every
 * batch and, on close, the scan's allocator. With a limit it stops once it has handed out that many
 * rows, before opening another file or reading another row group.
 *
 * <p>With more than one thread the tasks are opened, decoded and filtered on the {@link ScanPool}
 * ({@link ParallelBatches}), ahead of the consumer and in the same order; with one, on the
 * calling thread.
 */
final class ScanEnumerator implements Enumerator<Object> {

  private final List<ScanTask> tasks;
  private final ScanContext context;
  private final int[] batchColumn;
  private final boolean scalar;
  private final AtomicBoolean cancel;
  private final Field[] targets;
  private final RowFilter rowFilter;
  private final long limit;
  private final int threads;

  private boolean inAnyOrder;
  private ParallelBatches parallel;
  private Iterator<ScanTask> remaining;
  private CloseableIterator<RowBatch> batches;
  private RowBatch batch;
  private ValueReaders.ValueReader[] readers;
  private int position;
  private Object current;
  private long returned;

  /**
   * @param tasks the scan's tasks in the order their rows are returned: its files, or parts of them
   * @param targets for time travel, the current field of each output column (null entries for
   *     columns the table no longer has), whose type values are widened to; null otherwise
   * @param rowFilter the residual filter each batch is narrowed by
   * @param limit the most rows to return, or -1 for all
   * @param threads how many tasks may be decoded at once; 1 reads them on the calling thread
   */
  ScanEnumerator(
      List<ScanTask> tasks,
      ScanContext context,
      int[] batchColumn,
      boolean scalar,
      AtomicBoolean cancel,
      Field[] targets,
      RowFilter rowFilter,
      long limit,
      int threads) {
    this.limit = limit;
    this.threads = threads;
    this.targets = targets;
    this.rowFilter = rowFilter;
    this.tasks = List.copyOf(tasks);
    this.context = context;
    this.batchColumn = batchColumn;
    this.scalar = scalar;
    this.cancel = cancel;
    this.remaining = tasks.iterator();
  }

  @Override
  public Object current() {
    return current;
  }

  @Override
  public boolean moveNext() {
    try {
      return advance();
    } catch (OutOfMemoryException e) {
      throw Memory.limitExceeded(context.allocator(), e);
    }
  }

  private boolean advance() {
    if (limit >= 0 && returned >= limit) {
      current = null;
      return false;
    }
    while (batch == null || position >= batch.rowCount()) {
      if (readBatch() == null) {
        current = null;
        return false;
      }
    }
    current = row(batch.rowIndex(position++));
    returned++;
    return true;
  }

  /**
   * The next batch, narrowed to the rows the residual filter keeps, for consumers that work on
   * whole batches ({@link ScanAggregation}); null after the last. The previous batch is freed; this
   * one is freed by the next call or by {@link #close}. Read its columns through {@link #vector}
   * and {@link #reader}. Not to be mixed with {@link #moveNext}.
   */
  RowBatch nextBatch() {
    try {
      return readBatch();
    } catch (OutOfMemoryException e) {
      throw Memory.limitExceeded(context.allocator(), e);
    }
  }

  /**
   * Lets {@link #nextBatch} hand out batches in whichever order they are decoded, so that all the
   * tasks being read decode at once: for consumers whose answer does not depend on the order of
   * rows. Called before the first batch.
   */
  void takeBatchesInAnyOrder() {
    inAnyOrder = true;
  }

  private RowBatch readBatch() {
    closeBatch();
    if (threads > 1) {
      if (parallel == null) {
        parallel = new ParallelBatches(tasks, context, rowFilter, cancel, threads, !inAnyOrder);
      }
      RowBatch next = parallel.next();
      if (next != null) {
        batch = next;
        readers = readersOf(batch);
        position = 0;
      }
      return next;
    }
    while (true) {
      if (batches != null && EngineClassLoader.call(batches::hasNext)) {
        checkCancel();
        RowBatch next = EngineClassLoader.call(batches::next);
        batch = next; // held first, so that close frees it should the filter fail
        batch = rowFilter.apply(next, context.statistics());
        readers = readersOf(batch);
        position = 0;
        return batch;
      }
      closeBatches();
      if (!remaining.hasNext()) {
        return null;
      }
      checkCancel();
      ScanTask task = remaining.next();
      batches = EngineClassLoader.call(() -> task.open(context));
    }
  }

  /**
   * The current batch's vector of an output column (perhaps a {@link DictionaryVector}), or null
   * when the snapshot lacks the column or its values are widened to the column's current type (then
   * only {@link #reader} reads them).
   */
  FieldVector vector(int column) {
    if (batchColumn[column] < 0) {
      return null;
    }
    FieldVector vector = batch.root().getVector(batchColumn[column]);
    Field target = targets == null ? null : targets[column];
    return target != null && !TypeWidening.sameType(valueField(vector), target) ? null : vector;
  }

  /** The current batch's values of an output column as Calcite reads them; null for a missing column. */
  ValueReaders.ValueReader reader(int column) {
    return readers[column];
  }

  /** Whether every batch holds only rows the scan's whole filter keeps (its residual is all of it). */
  boolean filtersExactly(Filter filter) {
    return rowFilter.residual().equals(filter);
  }

  private Object row(int index) {
    if (scalar) {
      return read(0, index);
    }
    Object[] values = new Object[batchColumn.length];
    for (int c = 0; c < values.length; c++) {
      values[c] = read(c, index);
    }
    return values;
  }

  private Object read(int column, int index) {
    ValueReaders.ValueReader reader = readers[column];
    return reader == null ? null : reader.read(index);
  }

  private ValueReaders.ValueReader[] readersOf(RowBatch rows) {
    List<FieldVector> vectors = rows.root().getFieldVectors();
    ValueReaders.ValueReader[] result = new ValueReaders.ValueReader[batchColumn.length];
    for (int c = 0; c < batchColumn.length; c++) {
      if (batchColumn[c] < 0) {
        continue;
      }
      FieldVector vector = vectors.get(batchColumn[c]);
      result[c] = ValueReaders.of(vector);
      Field target = targets == null ? null : targets[c];
      Field field = valueField(vector);
      if (target != null && !TypeWidening.sameType(field, target)) {
        result[c] = TypeWidening.widen(result[c], field, target, context.allocator().getName());
      }
    }
    return result;
  }

  /** The field of the values a vector holds: for a dictionary-encoded one, that of its entries. */
  private static Field valueField(FieldVector vector) {
    return vector instanceof DictionaryVector encoded ? encoded.valueField() : vector.getField();
  }

  private void checkCancel() {
    if (cancel != null && cancel.get()) {
      throw new LakeException("57014", "The query was cancelled");
    }
  }

  @Override
  public void reset() {
    closeBatch();
    closeBatches();
    if (parallel != null) {
      ParallelBatches stopping = parallel;
      parallel = null;
      stopping.close(() -> { });
    }
    remaining = tasks.iterator();
    returned = 0;
  }

  @Override
  public void close() {
    try {
      closeBatch();
      closeBatches();
    } finally {
      if (parallel == null) {
        context.allocator().close();
      } else {
        ParallelBatches stopping = parallel;
        parallel = null;
        stopping.close(context.allocator()::close);
      }
    }
  }

  private void closeBatch() {
    if (batch != null) {
      batch.close();
      batch = null;
      readers = null;
    }
  }

  private void closeBatches() {
    if (batches != null) {
      try {
        batches.close();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      } finally {
        batches = null;
      }
    }
  }
}
