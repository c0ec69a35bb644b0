/**
 * JMH benchmarks on TPC-H lineitem data written as a Delta table: the engine through its JDBC
 * driver, side by side with parquet-mr's record reader and DuckDB over the same Parquet files.
 */
package io.lakehouse.benchmarks;
