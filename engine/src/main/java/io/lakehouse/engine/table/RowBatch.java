package io.lakehouse.engine.table;

import java.util.Objects;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A batch of rows as Arrow vectors plus the rows that are live in it. Rows removed by deletion
 * vectors, position deletes or equality deletes are absent from the selection.
 */
public final class RowBatch implements AutoCloseable {

  private final VectorSchemaRoot root;
  private final int[] selection;
  private final RowFilter filteredBy;

  private RowBatch(VectorSchemaRoot root, int[] selection, RowFilter filteredBy) {
    this.root = Objects.requireNonNull(root, "root");
    this.selection = selection;
    this.filteredBy = filteredBy;
  }

  private RowBatch(VectorSchemaRoot root, int[] selection) {
    this(root, selection, null);
  }

  /** A batch in which every row is live. */
  public static RowBatch all(VectorSchemaRoot root) {
    return new RowBatch(root, null);
  }

  /**
   * A batch in which only some rows are live.
   *
   * @param selection ascending row indexes into {@code root}; the array is owned by the batch
   */
  public static RowBatch selected(VectorSchemaRoot root, int[] selection) {
    return new RowBatch(root, Objects.requireNonNull(selection, "selection"));
  }

  /**
   * The same vectors with only {@code rows} live; the new batch takes over the vectors, so the
   * caller closes it instead of this one.
   *
   * @param rows ascending row indexes into the root, a subset of this batch's live rows
   */
  public RowBatch select(int[] rows) {
    return new RowBatch(root, Objects.requireNonNull(rows, "rows"), filteredBy);
  }

  /**
   * The same batch, recorded as holding only rows {@code filter} keeps (the reader evaluated it), so
   * that {@link RowFilter#apply} with that filter does not evaluate it again. The new batch takes
   * over the vectors.
   */
  public RowBatch filteredBy(RowFilter filter) {
    return new RowBatch(root, selection, filter);
  }

  /** The residual filter every live row is known to pass, or null. */
  public RowFilter filteredBy() {
    return filteredBy;
  }

  public VectorSchemaRoot root() {
    return root;
  }

  /** The number of live rows. */
  public int rowCount() {
    return selection == null ? root.getRowCount() : selection.length;
  }

  /** The vector index of the {@code i}-th live row. */
  public int rowIndex(int i) {
    return selection == null ? i : selection[i];
  }

  @Override
  public void close() {
    root.close();
  }
}
