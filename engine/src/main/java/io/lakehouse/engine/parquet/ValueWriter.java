package io.lakehouse.engine.parquet;

import org.apache.arrow.vector.FieldVector;

/** Writes one decoded Parquet value, converted to the requested Arrow type, into a vector. */
@FunctionalInterface
interface ValueWriter {

  /**
   * Writes the value of triple {@code triple} of {@code leaf} at {@code index} of {@code vector}.
   */
  void write(FieldVector vector, int index, LeafColumn leaf, int triple);
}
