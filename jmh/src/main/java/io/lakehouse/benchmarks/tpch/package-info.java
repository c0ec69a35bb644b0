/**
 * TPC-H over Delta and Iceberg: the eight tables generated in both formats, the 22 queries, their
 * answers checked against DuckDB's, and a JMH benchmark with a report of ours against DuckDB's times.
 */
package io.lakehouse.benchmarks.tpch;
