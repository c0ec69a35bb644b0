package io.lakehouse.engine.parquet;

import io.lakehouse.engine.table.RowBatch;
import io.lakehouse.engine.table.RowFilter;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Rows decoded from a Parquet file.
 *
 * @param root the requested columns, in request order
 * @param firstRowPosition the position in the file (counting from 0 over all row groups) of the
 *     batch's first row; row {@code i} of the batch is at {@code firstRowPosition + i}
 * @param selection the ascending indexes of the rows that are live (not deleted, and kept by
 *     {@code filteredBy}), or null when all are; a column decoded after the reader's filter may
 *     hold the values of these rows only, the others' being unspecified
 * @param filteredBy the residual filter the reader evaluated to make the selection, or null
 */
public record ParquetBatch(VectorSchemaRoot root, long firstRowPosition, int[] selection, RowFilter filteredBy) {

  /** A batch whose rows are all live. */
  public ParquetBatch(VectorSchemaRoot root, long firstRowPosition) {
    this(root, firstRowPosition, null, null);
  }

  /** The batch as rows: its selection, recorded as filtered when the reader filtered it. */
  public RowBatch rows() {
    RowBatch rows = selection == null ? RowBatch.all(root) : RowBatch.selected(root, selection);
    return filteredBy == null ? rows : rows.filteredBy(filteredBy);
  }
}
