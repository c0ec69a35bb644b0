/**
 * The Arrow Parquet scan: reads Parquet column chunks into Arrow vectors of the requested logical
 * types, matching columns by field id or physical name, filling missing columns with nulls.
 */
package io.lakehouse.engine.parquet;
