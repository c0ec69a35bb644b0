package io.lakehouse.engine.parquet;

import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * One output column of a Parquet scan: either read from the file (matched by the field's
 * {@link io.lakehouse.engine.table.ColumnMetadata} id or physical name; absent from the file means
 * all null) or a constant such as a partition value.
 *
 * <p>Constants use the Arrow physical value of the field's type: {@code Boolean}; {@code Number}
 * for integers and floating point; {@code BigDecimal} for decimals; {@code String} for strings;
 * {@code byte[]} for binary and fixed; {@code Integer} days for dates; {@code Long} microseconds for
 * timestamps and times; {@code null} for null.
 */
public record ColumnSpec(Field field, boolean isConstant, Object constant) {

  public ColumnSpec {
    Objects.requireNonNull(field, "field");
    if (!isConstant && constant != null) {
      throw new IllegalArgumentException("a file column has no constant value");
    }
  }

  /** A column read from the data file. */
  public static ColumnSpec fromFile(Field field) {
    return new ColumnSpec(field, false, null);
  }

  /** A column with the same value in every row. */
  public static ColumnSpec constant(Field field, Object value) {
    return new ColumnSpec(field, true, value);
  }
}
