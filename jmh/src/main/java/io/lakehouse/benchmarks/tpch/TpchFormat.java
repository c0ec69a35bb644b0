package io.lakehouse.benchmarks.tpch;

import java.nio.file.Path;
import java.util.Arrays;

/** The table formats the TPC-H data is written in, by their benchmark parameter name. */
public enum TpchFormat {
  /** Delta Lake: data files beside {@code _delta_log/}. */
  DELTA("delta"),
  /** Apache Iceberg (format version 2): data files under {@code data/}. */
  ICEBERG("iceberg");

  private final String parameter;

  TpchFormat(String parameter) {
    this.parameter = parameter;
  }

  /** The name in benchmark parameters and in the data directory layout. */
  public String parameter() {
    return parameter;
  }

  /** The directory holding the data files of the table at {@code table}. */
  Path dataDirectory(Path table) {
    return this == ICEBERG ? table.resolve("data") : table;
  }

  /** The format with a parameter name. */
  public static TpchFormat named(String parameter) {
    return Arrays.stream(values())
        .filter(format -> format.parameter.equals(parameter))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "No format " + parameter + "; formats: " + Arrays.stream(values()).map(f -> f.parameter).toList()));
  }
}
