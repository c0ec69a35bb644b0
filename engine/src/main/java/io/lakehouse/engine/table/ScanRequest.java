package io.lakehouse.engine.table;

import java.util.Arrays;

/**
 * What a scan must produce.
 *
 * @param projection indexes into {@link LakeSnapshot#schema()} fields, in output order; batches carry
 *     exactly these columns, in this order
 */
public record ScanRequest(int[] projection) {

  public ScanRequest {
    projection = projection.clone();
  }

  /** All columns of a schema with {@code fieldCount} fields. */
  public static ScanRequest allColumns(int fieldCount) {
    int[] all = new int[fieldCount];
    Arrays.setAll(all, i -> i);
    return new ScanRequest(all);
  }

  @Override
  public int[] projection() {
    return projection.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScanRequest other && Arrays.equals(projection, other.projection);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(projection);
  }

  @Override
  public String toString() {
    return "ScanRequest" + Arrays.toString(projection);
  }
}
