package io.lakehouse.engine.write;

import io.delta.kernel.expressions.Literal;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Converts between the Java values callers write ({@code Long}, {@code String}, {@code LocalDate},
 * {@code Instant}, ...) and the values Kernel's column vectors and literals hold (days since the
 * epoch for a date, microseconds for a timestamp). Only primitive Delta types are supported.
 */
final class KernelValues {

  private KernelValues() {}

  /**
   * The value as Kernel holds it for a column of {@code type}.
   *
   * @throws IllegalArgumentException when the value does not fit the type
   */
  static Object toKernel(String column, DataType type, Object value) {
    if (value == null) {
      return null;
    }
    try {
      if (type instanceof BooleanType) {
        return (Boolean) value;
      } else if (type instanceof ByteType) {
        return (byte) integral(value, Byte.MIN_VALUE, Byte.MAX_VALUE);
      } else if (type instanceof ShortType) {
        return (short) integral(value, Short.MIN_VALUE, Short.MAX_VALUE);
      } else if (type instanceof IntegerType) {
        return (int) integral(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
      } else if (type instanceof LongType) {
        return integral(value, Long.MIN_VALUE, Long.MAX_VALUE);
      } else if (type instanceof FloatType) {
        return ((Number) value).floatValue();
      } else if (type instanceof DoubleType) {
        return ((Number) value).doubleValue();
      } else if (type instanceof StringType) {
        return ((CharSequence) value).toString();
      } else if (type instanceof BinaryType) {
        return ((byte[]) value).clone();
      } else if (type instanceof DateType) {
        return Math.toIntExact(((LocalDate) value).toEpochDay());
      } else if (type instanceof TimestampType) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, (Instant) value);
      } else if (type instanceof TimestampNTZType) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, ((LocalDateTime) value).toInstant(ZoneOffset.UTC));
      } else if (type instanceof DecimalType decimal) {
        BigDecimal scaled = ((BigDecimal) value).setScale(decimal.getScale(), RoundingMode.UNNECESSARY);
        if (scaled.precision() > decimal.getPrecision()) {
          throw new ArithmeticException("precision " + scaled.precision() + " is above " + decimal.getPrecision());
        }
        return scaled;
      }
    } catch (ClassCastException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "Column " + column + " of type " + type + " cannot hold " + value + " (" + value.getClass().getSimpleName()
              + "): " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(
        "Column " + column + " has type " + type + ", which this writer does not write (primitive types only)");
  }

  /** A literal of {@code type} for a value as {@link #toKernel} returns it; null gives a typed null. */
  static Literal literal(DataType type, Object kernelValue) {
    if (kernelValue == null) {
      return Literal.ofNull(type);
    } else if (type instanceof BooleanType) {
      return Literal.ofBoolean((Boolean) kernelValue);
    } else if (type instanceof ByteType) {
      return Literal.ofByte((Byte) kernelValue);
    } else if (type instanceof ShortType) {
      return Literal.ofShort((Short) kernelValue);
    } else if (type instanceof IntegerType) {
      return Literal.ofInt((Integer) kernelValue);
    } else if (type instanceof LongType) {
      return Literal.ofLong((Long) kernelValue);
    } else if (type instanceof FloatType) {
      return Literal.ofFloat((Float) kernelValue);
    } else if (type instanceof DoubleType) {
      return Literal.ofDouble((Double) kernelValue);
    } else if (type instanceof StringType) {
      return Literal.ofString((String) kernelValue);
    } else if (type instanceof BinaryType) {
      return Literal.ofBinary((byte[]) kernelValue);
    } else if (type instanceof DateType) {
      return Literal.ofDate((Integer) kernelValue);
    } else if (type instanceof TimestampType) {
      return Literal.ofTimestamp((Long) kernelValue);
    } else if (type instanceof TimestampNTZType) {
      return Literal.ofTimestampNtz((Long) kernelValue);
    } else if (type instanceof DecimalType decimal) {
      return Literal.ofDecimal((BigDecimal) kernelValue, decimal.getPrecision(), decimal.getScale());
    }
    throw new IllegalArgumentException("No literal of type " + type);
  }

  private static long integral(Object value, long min, long max) {
    if (!(value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte)) {
      throw new ClassCastException("an integral number is needed");
    }
    long number = ((Number) value).longValue();
    if (number < min || number > max) {
      throw new ArithmeticException("out of range");
    }
    return number;
  }
}
