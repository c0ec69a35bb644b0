package io.lakehouse.engine.parquet;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Rows decoded from a Parquet file.
 *
 * @param root the requested columns, in request order
 * @param firstRowPosition the position in the file (counting from 0 over all row groups) of the
 *     batch's first row; row {@code i} of the batch is at {@code firstRowPosition + i}
 */
public record ParquetBatch(VectorSchemaRoot root, long firstRowPosition) {}
