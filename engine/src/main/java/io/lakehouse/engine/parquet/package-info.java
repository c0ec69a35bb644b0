/**
 * The Arrow Parquet scan: reads Parquet column chunks into Arrow vectors of the requested logical
 * types, matching columns by field id or physical name, filling missing columns with nulls.
 *
 * <p>{@link io.lakehouse.engine.parquet.ParquetScan} is the entry point; {@code ColumnMatcher}
 * plans which leaf columns to read; flat columns are decoded page by page straight into their
 * vectors by {@code PageColumnReader} (levels by {@code HybridDecoder}, values by
 * {@code PageValues} and {@code DeltaValues}, written by {@code FlatSink}); other columns go through
 * parquet-mr's column readers, where {@code LeafColumn} collects their levels and values,
 * {@code ValueConverters} converts values, and {@code NestedAssembler} rebuilds nested vectors.
 * A {@link io.lakehouse.engine.parquet.RowGroupFilter} skips row groups by footer statistics, page
 * indexes and dictionaries, through {@code ParquetPredicates} and parquet-mr's own evaluators.
 */
package io.lakehouse.engine.parquet;
