/**
 * JMH benchmarks on TPC-H lineitem data in the Delta warehouse of the {@code tpch} package: the
 * engine through its JDBC driver, side by side with parquet-mr's record reader and DuckDB over the
 * same Parquet files.
 */
package io.lakehouse.benchmarks;
