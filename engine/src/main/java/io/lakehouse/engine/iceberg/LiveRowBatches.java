package io.lakehouse.engine.iceberg;

import io.lakehouse.engine.parquet.ParquetBatch;
import io.lakehouse.engine.table.RowBatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.io.CloseableIterator;

/**
 * Turns the Parquet batches of one data file into row batches: rows equality deletes remove are
 * left out of the selection the reader made (without the rows position deletes remove), batches with no live row are dropped, and the columns read only for equality deletes
 * are closed before the batch is handed on.
 */
final class LiveRowBatches implements CloseableIterator<RowBatch> {

  private final CloseableIterator<ParquetBatch> source;
  private final DataFileDeletes deletes;
  private final Map<Integer, Integer> vectorIndexById;
  private final int outputColumns;
  private RowBatch pending;

  LiveRowBatches(
      CloseableIterator<ParquetBatch> source,
      DataFileDeletes deletes,
      Map<Integer, Integer> vectorIndexById,
      int outputColumns) {
    this.source = source;
    this.deletes = deletes;
    this.vectorIndexById = vectorIndexById;
    this.outputColumns = outputColumns;
  }

  @Override
  public boolean hasNext() {
    while (pending == null && source.hasNext()) {
      pending = toRowBatch(source.next());
    }
    return pending != null;
  }

  @Override
  public RowBatch next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    RowBatch batch = pending;
    pending = null;
    return batch;
  }

  private RowBatch toRowBatch(ParquetBatch batch) {
    VectorSchemaRoot root = batch.root();
    int[] live;
    try {
      // the reader left out the rows position deletes remove; equality deletes need the values
      live = deletes.hasEqualityDeletes()
          ? deletes.liveRows(root, batch.firstRowPosition(), vectorIndexById)
          : null;
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
    live = intersection(batch.selection(), live);
    VectorSchemaRoot output = withoutExtraColumns(root);
    if (live != null && live.length == 0) {
      output.close();
      return null;
    }
    RowBatch rows = live == null ? RowBatch.all(output) : RowBatch.selected(output, live);
    return batch.filteredBy() == null ? rows : rows.filteredBy(batch.filteredBy());
  }

  /** The rows in both ascending selections, where null selects every row. */
  private static int[] intersection(int[] a, int[] b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    int[] both = new int[Math.min(a.length, b.length)];
    int count = 0;
    for (int i = 0, j = 0; i < a.length && j < b.length; ) {
      if (a[i] == b[j]) {
        both[count++] = a[i];
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return Arrays.copyOf(both, count);
  }

  private VectorSchemaRoot withoutExtraColumns(VectorSchemaRoot root) {
    List<FieldVector> vectors = root.getFieldVectors();
    if (vectors.size() == outputColumns) {
      return root;
    }
    List<FieldVector> kept = new ArrayList<>(vectors.subList(0, outputColumns));
    for (FieldVector extra : vectors.subList(outputColumns, vectors.size())) {
      extra.close();
    }
    return new VectorSchemaRoot(kept.stream().map(FieldVector::getField).toList(), kept, root.getRowCount());
  }

  @Override
  public void close() throws IOException {
    try {
      if (pending != null) {
        pending.close();
        pending = null;
      }
    } finally {
      source.close();
    }
  }
}
