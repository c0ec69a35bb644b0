package io.lakehouse.engine.parquet;

import io.lakehouse.engine.table.LakeException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
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
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Chooses how a Parquet leaf column (physical type plus logical annotation) is converted into a
 * requested Arrow type, refusing any conversion that could change a value.
 *
 * <p>Supported: integers into integers at least as wide (unsigned annotations into a wider signed
 * type), 32-bit integers into doubles, floats into doubles, decimals and integers into decimals of
 * at least the same integer digits and scale (rescaled), dates into dates and into timestamps
 * without time zone, INT64 timestamps of any unit and INT96 timestamps into microsecond
 * timestamps, times into microsecond times, UUIDs into their canonical text, binary and strings
 * into strings and binary, and fixed-length binary into fixed-size or variable binary.
 * Nanosecond timestamps and times are truncated toward negative infinity to microseconds.
 */
final class ValueConverters {

  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final int JULIAN_DAY_OF_EPOCH = 2_440_588;
  private static final long[] POWERS_OF_TEN = new long[19];

  static {
    POWERS_OF_TEN[0] = 1;
    for (int i = 1; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
    }
  }

  private ValueConverters() {}

  /**
   * The writer converting {@code fileType} into {@code requested}.
   *
   * @param file the data file, named in errors
   * @param column the requested column's dotted name, named in errors
   * @throws LakeException when the conversion is not supported
   */
  static ValueWriter writerFor(PrimitiveType fileType, Field requested, String file, String column) {
    ValueWriter writer = choose(fileType, requested.getType(), file, column);
    if (writer == null) {
      throw new LakeException(
          LakeException.FEATURE_NOT_SUPPORTED,
          "Cannot read column '" + column + "' of data file " + file + ": the file stores it as '"
              + fileType + "', which cannot be read as " + requested.getType()
              + " without changing values; check the table schema against the file");
    }
    return writer;
  }

  private static ValueWriter choose(PrimitiveType fileType, ArrowType target, String file, String column) {
    PrimitiveTypeName physical = fileType.getPrimitiveTypeName();
    LogicalTypeAnnotation logical = fileType.getLogicalTypeAnnotation();
    return switch (target.getTypeID()) {
      case Bool -> physical == PrimitiveTypeName.BOOLEAN
          ? (v, i, leaf, t) -> ((BitVector) v).setSafe(i, leaf.booleans[t] ? 1 : 0)
          : null;
      case Int -> integer(physical, logical, (ArrowType.Int) target);
      case FloatingPoint -> floating(physical, logical, (ArrowType.FloatingPoint) target);
      case Decimal -> decimal(physical, logical, (ArrowType.Decimal) target);
      case Utf8 -> text(physical, logical, fileType);
      case Binary -> binary(physical, logical);
      case FixedSizeBinary -> physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY
              && !(logical instanceof DecimalLogicalTypeAnnotation)
              && fileType.getTypeLength() == ((ArrowType.FixedSizeBinary) target).getByteWidth()
          ? (v, i, leaf, t) -> ((FixedSizeBinaryVector) v).setSafe(i, leaf.binaries[t].getBytesUnsafe())
          : null;
      case Date -> ((ArrowType.Date) target).getUnit() == DateUnit.DAY && isDate(physical, logical)
          ? (v, i, leaf, t) -> ((DateDayVector) v).setSafe(i, leaf.ints[t])
          : null;
      case Timestamp -> timestamp(physical, logical, (ArrowType.Timestamp) target, file, column);
      case Time -> time(physical, logical, (ArrowType.Time) target);
      default -> null;
    };
  }

  private static boolean isDate(PrimitiveTypeName physical, LogicalTypeAnnotation logical) {
    return physical == PrimitiveTypeName.INT32
        && logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation;
  }

  /** The integer annotation of a plain integer column (an implicit signed one when unannotated). */
  private static IntLogicalTypeAnnotation integerAnnotation(
      PrimitiveTypeName physical, LogicalTypeAnnotation logical) {
    if (physical != PrimitiveTypeName.INT32 && physical != PrimitiveTypeName.INT64) {
      return null;
    }
    if (logical == null) {
      return LogicalTypeAnnotation.intType(physical == PrimitiveTypeName.INT32 ? 32 : 64, true);
    }
    return logical instanceof IntLogicalTypeAnnotation annotation ? annotation : null;
  }

  private static ValueWriter integer(
      PrimitiveTypeName physical, LogicalTypeAnnotation logical, ArrowType.Int target) {
    IntLogicalTypeAnnotation source = integerAnnotation(physical, logical);
    if (source == null || !target.getIsSigned()) {
      return null;
    }
    int width = target.getBitWidth();
    boolean fits = source.isSigned() ? width >= source.getBitWidth() : width > source.getBitWidth();
    if (!fits) {
      return null;
    }
    boolean unsigned32 = !source.isSigned() && physical == PrimitiveTypeName.INT32;
    LongSource value = physical == PrimitiveTypeName.INT64
        ? (leaf, t) -> leaf.longs[t]
        : unsigned32 ? (leaf, t) -> Integer.toUnsignedLong(leaf.ints[t]) : (leaf, t) -> leaf.ints[t];
    return switch (width) {
      case 8 -> (v, i, leaf, t) -> ((TinyIntVector) v).setSafe(i, (byte) value.get(leaf, t));
      case 16 -> (v, i, leaf, t) -> ((SmallIntVector) v).setSafe(i, (short) value.get(leaf, t));
      case 32 -> (v, i, leaf, t) -> ((IntVector) v).setSafe(i, (int) value.get(leaf, t));
      case 64 -> (v, i, leaf, t) -> ((BigIntVector) v).setSafe(i, value.get(leaf, t));
      default -> null;
    };
  }

  private static ValueWriter floating(
      PrimitiveTypeName physical, LogicalTypeAnnotation logical, ArrowType.FloatingPoint target) {
    if (target.getPrecision() == FloatingPointPrecision.SINGLE) {
      return physical == PrimitiveTypeName.FLOAT
          ? (v, i, leaf, t) -> ((Float4Vector) v).setSafe(i, leaf.floats[t])
          : null;
    }
    if (target.getPrecision() != FloatingPointPrecision.DOUBLE) {
      return null;
    }
    if (physical == PrimitiveTypeName.DOUBLE) {
      return (v, i, leaf, t) -> ((Float8Vector) v).setSafe(i, leaf.doubles[t]);
    }
    if (physical == PrimitiveTypeName.FLOAT) {
      return (v, i, leaf, t) -> ((Float8Vector) v).setSafe(i, leaf.floats[t]);
    }
    IntLogicalTypeAnnotation source = integerAnnotation(physical, logical);
    if (physical == PrimitiveTypeName.INT32 && source != null) {
      return source.isSigned()
          ? (v, i, leaf, t) -> ((Float8Vector) v).setSafe(i, leaf.ints[t])
          : (v, i, leaf, t) -> ((Float8Vector) v).setSafe(i, Integer.toUnsignedLong(leaf.ints[t]));
    }
    return null;
  }

  private static ValueWriter decimal(
      PrimitiveTypeName physical, LogicalTypeAnnotation logical, ArrowType.Decimal target) {
    if (target.getBitWidth() != 128) {
      return null;
    }
    int precision;
    int scale;
    if (logical instanceof DecimalLogicalTypeAnnotation annotation) {
      precision = annotation.getPrecision();
      scale = annotation.getScale();
    } else {
      IntLogicalTypeAnnotation source = integerAnnotation(physical, logical);
      if (source == null || !source.isSigned()) {
        return null;
      }
      precision = switch (source.getBitWidth()) {
        case 8 -> 3;
        case 16 -> 5;
        case 32 -> 10;
        default -> 19;
      };
      scale = 0;
    }
    int targetScale = target.getScale();
    if (targetScale < scale || target.getPrecision() - targetScale < precision - scale) {
      return null;
    }
    int rescale = targetScale - scale;
    return switch (physical) {
      case INT32 -> (v, i, leaf, t) -> setUnscaled((DecimalVector) v, i, leaf.ints[t], rescale, targetScale);
      case INT64 -> (v, i, leaf, t) -> setUnscaled((DecimalVector) v, i, leaf.longs[t], rescale, targetScale);
      case BINARY, FIXED_LEN_BYTE_ARRAY -> (v, i, leaf, t) -> {
        byte[] bigEndian = leaf.binaries[t].getBytesUnsafe();
        if (rescale == 0 && bigEndian.length <= 16) {
          ((DecimalVector) v).setBigEndianSafe(i, bigEndian);
        } else {
          BigInteger unscaled = new BigInteger(bigEndian).multiply(BigInteger.TEN.pow(rescale));
          ((DecimalVector) v).setSafe(i, new BigDecimal(unscaled, targetScale));
        }
      };
      default -> null;
    };
  }

  private static void setUnscaled(DecimalVector vector, int index, long unscaled, int rescale, int scale) {
    if (rescale < POWERS_OF_TEN.length) {
      long high = Math.multiplyHigh(unscaled, POWERS_OF_TEN[rescale]);
      long low = unscaled * POWERS_OF_TEN[rescale];
      if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
        vector.setSafe(index, low);
        return;
      }
    }
    BigInteger value = BigInteger.valueOf(unscaled).multiply(BigInteger.TEN.pow(rescale));
    vector.setSafe(index, new BigDecimal(value, scale));
  }

  static boolean isTextual(LogicalTypeAnnotation logical) {
    return logical == null
        || logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
        || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
        || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation;
  }

  private static ValueWriter text(
      PrimitiveTypeName physical, LogicalTypeAnnotation logical, PrimitiveType type) {
    if (physical == PrimitiveTypeName.BINARY && isTextual(logical)) {
      return ValueConverters::setBytes;
    }
    // A 16-byte fixed value requested as text is a UUID: no string type is stored as fixed(16),
    // and some writers (DuckDB, PyIceberg) leave the UUID annotation off Iceberg uuid columns.
    if (physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY
        && (logical == null || logical instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation)
        && type.getTypeLength() == 16) {
      return (v, i, leaf, t) -> {
        ByteBuffer bytes = leaf.binaries[t].toByteBuffer();
        UUID uuid = new UUID(bytes.getLong(bytes.position()), bytes.getLong(bytes.position() + 8));
        ((BaseVariableWidthVector) v).setSafe(i, uuid.toString().getBytes(StandardCharsets.US_ASCII));
      };
    }
    return null;
  }

  private static ValueWriter binary(PrimitiveTypeName physical, LogicalTypeAnnotation logical) {
    boolean bytes =
        physical == PrimitiveTypeName.BINARY || physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
    return bytes && !(logical instanceof DecimalLogicalTypeAnnotation) ? ValueConverters::setBytes : null;
  }

  private static void setBytes(FieldVector vector, int index, LeafColumn leaf, int t) {
    Binary value = leaf.binaries[t];
    ((BaseVariableWidthVector) vector).setSafe(index, value.getBytesUnsafe());
  }

  private static ValueWriter timestamp(
      PrimitiveTypeName physical,
      LogicalTypeAnnotation logical,
      ArrowType.Timestamp target,
      String file,
      String column) {
    if (target.getUnit() != TimeUnit.MICROSECOND) {
      return null;
    }
    if (physical == PrimitiveTypeName.INT96) {
      return (v, i, leaf, t) -> ((TimeStampVector) v).setSafe(i, int96Micros(leaf.binaries[t]));
    }
    if (isDate(physical, logical) && target.getTimezone() == null) {
      return (v, i, leaf, t) -> ((TimeStampVector) v).setSafe(i, leaf.ints[t] * MICROS_PER_DAY);
    }
    if (physical != PrimitiveTypeName.INT64
        || !(logical instanceof TimestampLogicalTypeAnnotation annotation)) {
      return null;
    }
    return switch (annotation.getUnit()) {
      case MICROS -> (v, i, leaf, t) -> ((TimeStampVector) v).setSafe(i, leaf.longs[t]);
      case NANOS -> (v, i, leaf, t) ->
          ((TimeStampVector) v).setSafe(i, Math.floorDiv(leaf.longs[t], 1000L));
      case MILLIS -> (v, i, leaf, t) ->
          ((TimeStampVector) v).setSafe(i, millisToMicros(leaf.longs[t], file, column));
    };
  }

  private static long millisToMicros(long millis, String file, String column) {
    try {
      return Math.multiplyExact(millis, 1000L);
    } catch (ArithmeticException e) {
      throw new LakeException(
          LakeException.DATA_EXCEPTION,
          "Cannot read column '" + column + "' of data file " + file + ": the millisecond value "
              + millis + " is out of the range of microsecond timestamps",
          e);
    }
  }

  /** An INT96 timestamp: nanoseconds of the day, then the Julian day, both little-endian. */
  static long int96Micros(Binary value) {
    ByteBuffer bytes = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    long nanosOfDay = bytes.getLong(bytes.position());
    int julianDay = bytes.getInt(bytes.position() + 8);
    return (julianDay - (long) JULIAN_DAY_OF_EPOCH) * MICROS_PER_DAY + Math.floorDiv(nanosOfDay, 1000L);
  }

  private static ValueWriter time(
      PrimitiveTypeName physical, LogicalTypeAnnotation logical, ArrowType.Time target) {
    if (target.getUnit() != TimeUnit.MICROSECOND
        || !(logical instanceof TimeLogicalTypeAnnotation annotation)) {
      return null;
    }
    return switch (annotation.getUnit()) {
      case MILLIS -> physical == PrimitiveTypeName.INT32
          ? (v, i, leaf, t) -> ((TimeMicroVector) v).setSafe(i, leaf.ints[t] * 1000L)
          : null;
      case MICROS -> physical == PrimitiveTypeName.INT64
          ? (v, i, leaf, t) -> ((TimeMicroVector) v).setSafe(i, leaf.longs[t])
          : null;
      case NANOS -> physical == PrimitiveTypeName.INT64
          ? (v, i, leaf, t) -> ((TimeMicroVector) v).setSafe(i, Math.floorDiv(leaf.longs[t], 1000L))
          : null;
    };
  }

  @FunctionalInterface
  private interface LongSource {
    long get(LeafColumn leaf, int triple);
  }
}
