/**
 * The Arrow Parquet scan: reads Parquet column chunks into Arrow vectors of the requested logical
 * types, matching columns by field id or physical name, filling missing columns with nulls.
 *
 * <p>{@link io.lakehouse.engine.parquet.ParquetScan} is the entry point; {@code ColumnMatcher}
 * plans which leaf columns to read, {@code LeafColumn} decodes their levels and values,
 * {@code ValueConverters} converts values, and {@code NestedAssembler} rebuilds nested vectors.
 * A {@link io.lakehouse.engine.parquet.RowGroupFilter} skips row groups by footer statistics and
 * dictionaries, through {@code ParquetPredicates} and parquet-mr's own evaluators.
 */
package io.lakehouse.engine.parquet;
