package io.lakehouse.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;

/** The ways of reading the lineitem data that the benchmarks compare, by their JMH parameter name. */
enum Reader {
  /** Our JDBC driver over the Delta table, decoding one data file at a time on the reading thread. */
  LAKEHOUSE_ONE_THREAD("lakehouse-1-thread"),
  /** Our JDBC driver over the Delta table, decoding as many data files at once as there are cores. */
  LAKEHOUSE_ALL_CORES("lakehouse-all-cores"),
  /** Our engine's Arrow scan without SQL or JDBC, values read from the batches by hand, one thread. */
  ARROW_SCAN("arrow-scan"),
  /** parquet-mr's record reader over the table's files, one thread. */
  PARQUET_MR("parquet-mr"),
  /** DuckDB's JDBC driver over the same files, limited to one thread. */
  DUCKDB_ONE_THREAD("duckdb-1-thread"),
  /** DuckDB's JDBC driver over the same files, one thread per core. */
  DUCKDB_ALL_CORES("duckdb-all-cores");

  final String parameter;

  Reader(String parameter) {
    this.parameter = parameter;
  }

  static Reader named(String parameter) {
    return Arrays.stream(values())
        .filter(reader -> reader.parameter.equals(parameter))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "No reader " + parameter + "; readers: " + Arrays.stream(values()).map(r -> r.parameter).toList()));
  }

  LineitemQueries open(Path warehouse) throws Exception {
    return switch (this) {
      case LAKEHOUSE_ONE_THREAD -> JdbcQueries.lakehouse(warehouse, 1);
      case LAKEHOUSE_ALL_CORES -> JdbcQueries.lakehouse(warehouse, Runtime.getRuntime().availableProcessors());
      case ARROW_SCAN -> new ArrowScanQueries(warehouse);
      case PARQUET_MR -> new ParquetMrQueries(warehouse);
      case DUCKDB_ONE_THREAD -> JdbcQueries.duckdb(warehouse, 1);
      case DUCKDB_ALL_CORES -> JdbcQueries.duckdb(warehouse, Runtime.getRuntime().availableProcessors());
    };
  }
}
