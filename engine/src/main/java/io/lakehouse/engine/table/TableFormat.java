package io.lakehouse.engine.table;

/** The open table formats the engine reads. */
public enum TableFormat {
  DELTA,
  ICEBERG
}
