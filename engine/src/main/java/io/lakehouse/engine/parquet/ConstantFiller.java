package io.lakehouse.engine.parquet;

import io.lakehouse.engine.table.LakeException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;

/**
 * Fills a vector with one value in every row, taking the value in the convention of
 * {@link ColumnSpec}: {@code Boolean}, {@code Number}, {@code BigDecimal}, {@code String},
 * {@code byte[]}, {@code Integer} days, {@code Long} microseconds, or {@code null}.
 */
final class ConstantFiller {

  private ConstantFiller() {}

  /**
   * Writes {@code value} into rows {@code [0, rows)} of {@code vector}.
   *
   * @param file the data file, named in errors
   * @throws LakeException when the value does not fit the vector's type
   */
  static void fill(FieldVector vector, Object value, int rows, String file) {
    if (value == null) {
      for (int i = 0; i < rows; i++) {
        NestedAssembler.setNull(vector, i);
      }
      return;
    }
    try {
      for (int i = 0; i < rows; i++) {
        set(vector, i, value);
      }
    } catch (ClassCastException | ArithmeticException | IllegalArgumentException e) {
      throw new LakeException(
          LakeException.DATA_EXCEPTION,
          "Cannot fill column '" + vector.getName() + "' of data file " + file + " with the value "
              + describe(value) + ": it does not fit the type " + vector.getField().getType(),
          e);
    }
  }

  private static void set(FieldVector vector, int index, Object value) {
    if (vector instanceof BitVector bits) {
      bits.setSafe(index, ((Boolean) value) ? 1 : 0);
    } else if (vector instanceof TinyIntVector tiny) {
      tiny.setSafe(index, (byte) exactLong(value, Byte.MIN_VALUE, Byte.MAX_VALUE));
    } else if (vector instanceof SmallIntVector small) {
      small.setSafe(index, (short) exactLong(value, Short.MIN_VALUE, Short.MAX_VALUE));
    } else if (vector instanceof IntVector ints) {
      ints.setSafe(index, (int) exactLong(value, Integer.MIN_VALUE, Integer.MAX_VALUE));
    } else if (vector instanceof BigIntVector longs) {
      longs.setSafe(index, exactLong(value, Long.MIN_VALUE, Long.MAX_VALUE));
    } else if (vector instanceof Float4Vector floats) {
      floats.setSafe(index, ((Number) value).floatValue());
    } else if (vector instanceof Float8Vector doubles) {
      doubles.setSafe(index, ((Number) value).doubleValue());
    } else if (vector instanceof DecimalVector decimals) {
      decimals.setSafe(index, ((BigDecimal) value).setScale(decimals.getScale(), RoundingMode.UNNECESSARY));
    } else if (vector instanceof DateDayVector dates) {
      dates.setSafe(index, (Integer) value);
    } else if (vector instanceof TimeStampVector timestamps) {
      timestamps.setSafe(index, (Long) value);
    } else if (vector instanceof TimeMicroVector times) {
      times.setSafe(index, (Long) value);
    } else if (vector instanceof FixedSizeBinaryVector fixed) {
      fixed.setSafe(index, (byte[]) value);
    } else if (vector instanceof BaseVariableWidthVector variable) {
      byte[] bytes = value instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : (byte[]) value;
      variable.setSafe(index, bytes);
    } else {
      throw new IllegalArgumentException("no constant of this type");
    }
  }

  private static long exactLong(Object value, long min, long max) {
    Number number = (Number) value;
    if (number instanceof Float || number instanceof Double || number instanceof BigDecimal) {
      throw new IllegalArgumentException("not an integer");
    }
    long result = number instanceof BigInteger big ? big.longValueExact() : number.longValue();
    if (result < min || result > max) {
      throw new ArithmeticException("out of range");
    }
    return result;
  }

  private static String describe(Object value) {
    return value instanceof byte[] bytes ? bytes.length + " bytes" : "'" + value + "'";
  }
}
