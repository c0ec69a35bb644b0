package io.lakehouse.engine.table;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a scan must produce.
 *
 * @param projection indexes into {@link LakeSnapshot#schema()} fields, in output order; batches carry
 *     exactly these columns, in this order
 * @param filter rows the caller wants; formats use it to skip files and row groups, and may drop
 *     rows it rejects, but may also return rows it does not hold (the caller filters again)
 */
public record ScanRequest(int[] projection, Filter filter) {

  public ScanRequest {
    projection = projection.clone();
    Objects.requireNonNull(filter, "filter");
  }

  /** A request with no filter. */
  public ScanRequest(int[] projection) {
    this(projection, Filter.ALWAYS_TRUE);
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
    return o instanceof ScanRequest other
        && Arrays.equals(projection, other.projection)
        && filter.equals(other.filter);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(projection) + filter.hashCode();
  }

  @Override
  public String toString() {
    return "ScanRequest" + Arrays.toString(projection) + " where " + filter;
  }
}
