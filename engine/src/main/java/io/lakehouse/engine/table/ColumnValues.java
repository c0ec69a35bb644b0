package io.lakehouse.engine.table;

import static io.lakehouse.engine.table.RowFilter.FALSE;
import static io.lakehouse.engine.table.RowFilter.LITTLE_ENDIAN;
import static io.lakehouse.engine.table.RowFilter.TRUE;
import static io.lakehouse.engine.table.RowFilter.UNKNOWN;
import static io.lakehouse.engine.table.RowFilter.isAscii;
import static io.lakehouse.engine.table.RowFilter.test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
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
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Comparisons of one vector's values with a literal, by the vector's kind, for {@link RowFilter}:
 * per row into an array of three-valued results, or narrowing an array of row indexes in place.
 * Values that compare as longs (integers, dates, times, decimals of up to 18 digits) do so as a
 * {@link Range}, so that several comparisons of one column can be one pass.
 */
abstract class ColumnValues {

  final FieldVector vector;

  ColumnValues(FieldVector vector) {
    this.vector = vector;
  }

  static ColumnValues of(FieldVector vector) {
    if (vector instanceof BigIntVector v) {
      return new Longs(v, v::get);
    } else if (vector instanceof IntVector v) {
      return new Longs(v, v::get);
    } else if (vector instanceof SmallIntVector v) {
      return new Longs(v, v::get);
    } else if (vector instanceof TinyIntVector v) {
      return new Longs(v, v::get);
    } else if (vector instanceof DateDayVector v) {
      return new Longs(v, v::get);
    } else if (vector instanceof TimeStampVector v) {
      return new Longs(v, v::get);
    } else if (vector instanceof TimeMicroVector v) {
      return new Longs(v, v::get);
    } else if (vector instanceof Float8Vector v) {
      return new Doubles(v, v::get);
    } else if (vector instanceof Float4Vector v) {
      return new Doubles(v, v::get);
    } else if (vector instanceof DecimalVector v) {
      return new Decimals(v);
    } else if (vector instanceof VarCharVector v) {
      return new Strings(v);
    } else if (vector instanceof BitVector v) {
      return new Longs(v, v::get);
    } else if (vector instanceof VarBinaryVector || vector instanceof FixedSizeBinaryVector) {
      return new Binaries(vector);
    }
    throw new IllegalArgumentException(
        "Cannot filter column '" + vector.getName() + "' of type " + vector.getField().getType());
  }

  /** Sets {@code out[i]} to whether {@code value(rows[i]) op literal}; unknown for nulls. */
  abstract void compare(Filter.Op op, Object literal, int[] rows, byte[] out);

  /**
   * Narrows {@code rows[0, count)} in place to the rows whose value is not null and satisfies
   * {@code op literal}, returning how many; -1 when this kind of value has no such loop (then
   * {@link #compare} decides).
   */
  int select(Filter.Op op, Object literal, int[] rows, int count) {
    Range range = range(op, literal);
    return range == null ? -1 : selectIn(range, rows, count);
  }

  /** The range of longs that {@code op literal} compares this kind of value with, or null when it has none. */
  Range range(Filter.Op op, Object literal) {
    return null;
  }

  /** Narrows the rows as {@link #select} does to those whose value is inside (or outside) a {@link #range}. */
  int selectIn(Range range, int[] rows, int count) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no ranges");
  }


  /** Keeps the rows whose value (from {@code data} at {@code width} bytes each) is inside (or outside) the range. */
  private static int selectRange(
      FieldVector vector, ArrowBuf data, int width, LongAt values, Range range, int[] rows, int count) {
    long min = range.min();
    long max = range.max();
    boolean keepInside = range.inside() == TRUE;
    boolean nulls = vector.getNullCount() > 0;
    long address = width == 0 ? 0 : valuesAddress(data, width, rows, count);
    if (!nulls && min <= max) {
      // one comparison per value: v is in [min, max] when v - min, unsigned, is at most max - min,
      // that is when v - (min ^ MIN_VALUE) is at most (max - min) ^ MIN_VALUE
      long low = min ^ Long.MIN_VALUE;
      long high = (max - min) ^ Long.MIN_VALUE;
      switch (width) {
        case 16, 8 -> {
          return selectLongs(address, width == 16 ? 4 : 3, low, high, keepInside, rows, count);
        }
        case 4 -> {
          return selectInts(address, low, high, keepInside, rows, count);
        }
        default -> { }
      }
    }
    int kept = 0;
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      if (nulls && vector.isNull(row)) {
        continue;
      }
      long v = switch (width) {
        case 16, 8 -> MemoryUtil.getLong(address + (long) row * width);
        case 4 -> MemoryUtil.getInt(address + ((long) row << 2));
        case 2 -> MemoryUtil.getShort(address + ((long) row << 1));
        case 1 -> MemoryUtil.getByte(address + row);
        default -> values.at(row);
      };
      rows[kept] = row;
      kept += (v >= min && v <= max) == keepInside ? 1 : 0;
    }
    return kept;
  }

  /**
   * Narrows {@code rows[0, count)} in place to the rows of a dictionary-encoded vector whose entry's
   * result in {@code byEntry} is {@code keep}, dropping null rows; returns how many are kept.
   */
  static int selectEntries(DictionaryVector encoded, byte[] byEntry, byte keep, int[] rows, int count) {
    long address = valuesAddress(encoded.getDataBuffer(), Integer.BYTES, rows, count);
    int kept = 0;
    if (encoded.getNullCount() == 0) {
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        rows[kept] = row;
        kept += byEntry[MemoryUtil.getInt(address + ((long) row << 2))] == keep ? 1 : 0;
      }
      return kept;
    }
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      if (!encoded.isNull(row)) {
        rows[kept] = row;
        kept += byEntry[MemoryUtil.getInt(address + ((long) row << 2))] == keep ? 1 : 0;
      }
    }
    return kept;
  }

  /** {@link #selectRange} over 4-byte values without nulls. */
  private static int selectInts(long address, long low, long high, boolean inside, int[] rows, int count) {
    int kept = 0;
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      long v = MemoryUtil.getInt(address + ((long) row << 2));
      rows[kept] = row;
      kept += v - low <= high == inside ? 1 : 0;
    }
    return kept;
  }

  /** {@link #selectRange} over the low 8 bytes of values {@code 1 << shift} bytes apart, without nulls. */
  private static int selectLongs(long address, int shift, long low, long high, boolean inside, int[] rows, int count) {
    int kept = 0;
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      long v = MemoryUtil.getLong(address + ((long) row << shift));
      rows[kept] = row;
      kept += v - low <= high == inside ? 1 : 0;
    }
    return kept;
  }

  /**
   * The address of {@code data}'s values of {@code width} bytes, once every row of {@code rows[0,
   * count)} is known to index a value inside it: the loops over rows then read memory unchecked.
   */
  private static long valuesAddress(ArrowBuf data, int width, int[] rows, int count) {
    int any = 0;
    int last = -1;
    for (int i = 0; i < count; i++) {
      any |= rows[i];
      last = Math.max(last, rows[i]);
    }
    if (any < 0) {
      throw new IndexOutOfBoundsException("a negative row index");
    }
    return Memory.address(data, 0, (long) (last + 1) * width);
  }

  @FunctionalInterface
  private interface LongAt {
    long at(int index);
  }

  @FunctionalInterface
  private interface DoubleAt {
    double at(int index);
  }

  /**
   * A comparison with a long as the range {@code [min, max]}: rows inside get {@code inside},
   * others {@code outside} ({@code <>} is the negated {@code =}), so that a loop over rows has one
   * shape whatever the operator.
   */
  record Range(long min, long max, byte inside, byte outside) {
    /** The values inside both ranges, or null unless both keep the values inside them. */
    Range and(Range other) {
      return inside == TRUE && other.inside == TRUE
          ? new Range(Math.max(min, other.min), Math.min(max, other.max), TRUE, FALSE)
          : null;
    }

    static Range of(Filter.Op op, long l) {
      byte inside = op == Filter.Op.NE ? FALSE : TRUE;
      byte outside = op == Filter.Op.NE ? TRUE : FALSE;
      return switch (op) {
        case EQ, NE -> new Range(l, l, inside, outside);
        case GE -> new Range(l, Long.MAX_VALUE, inside, outside);
        case LE -> new Range(Long.MIN_VALUE, l, inside, outside);
        case GT -> l == Long.MAX_VALUE ? new Range(1, 0, inside, outside) : new Range(l + 1, Long.MAX_VALUE, inside, outside);
        case LT -> l == Long.MIN_VALUE ? new Range(1, 0, inside, outside) : new Range(Long.MIN_VALUE, l - 1, inside, outside);
      };
    }
  }

  private static final class Longs extends ColumnValues {
    private final LongAt values;
    /** Bytes per value of a signed little-endian integer vector, read from its buffer; 0 to read through {@link #values}. */
    private final int width;

    Longs(FieldVector vector, LongAt values) {
      super(vector);
      this.values = values;
      this.width = vector instanceof BaseFixedWidthVector fixed && !(vector instanceof BitVector) && LITTLE_ENDIAN
          ? fixed.getTypeWidth()
          : 0;
    }

    @Override
    void compare(Filter.Op op, Object literal, int[] rows, byte[] out) {
      long l = literal instanceof Boolean b ? (b ? 1 : 0) : ((Number) literal).longValue();
      Range range = Range.of(op, l);
      long min = range.min();
      long max = range.max();
      byte inside = range.inside();
      byte outside = range.outside();
      boolean nulls = vector.getNullCount() > 0;
      ArrowBuf data = width == 0 ? null : vector.getDataBuffer();
      for (int i = 0; i < rows.length; i++) {
        int row = rows[i];
        if (nulls && vector.isNull(row)) {
          out[i] = UNKNOWN;
          continue;
        }
        long v = switch (width) {
          case 8 -> data.getLong((long) row << 3);
          case 4 -> data.getInt((long) row << 2);
          case 2 -> data.getShort((long) row << 1);
          case 1 -> data.getByte(row);
          default -> values.at(row);
        };
        out[i] = v >= min && v <= max ? inside : outside;
      }
    }

    @Override
    Range range(Filter.Op op, Object literal) {
      return Range.of(op, literal instanceof Boolean b ? (b ? 1 : 0) : ((Number) literal).longValue());
    }

    @Override
    int selectIn(Range range, int[] rows, int count) {
      return selectRange(vector, width == 0 ? null : vector.getDataBuffer(), width, values, range, rows, count);
    }
  }

  private static final class Doubles extends ColumnValues {
    private final DoubleAt values;

    Doubles(FieldVector vector, DoubleAt values) {
      super(vector);
      this.values = values;
    }

    @Override
    void compare(Filter.Op op, Object literal, int[] rows, byte[] out) {
      double l = ((Number) literal).doubleValue();
      for (int i = 0; i < rows.length; i++) {
        int row = rows[i];
        if (vector.isNull(row)) {
          out[i] = UNKNOWN;
          continue;
        }
        out[i] = holds(op, values.at(row), l) ? TRUE : FALSE;
      }
    }

    @Override
    int select(Filter.Op op, Object literal, int[] rows, int count) {
      double l = ((Number) literal).doubleValue();
      boolean nulls = vector.getNullCount() > 0;
      int kept = 0;
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        if (nulls && vector.isNull(row)) {
          continue;
        }
        boolean result = holds(op, values.at(row), l);
        rows[kept] = row;
        kept += result ? 1 : 0;
      }
      return kept;
    }

    /** Primitive comparisons, not Double.compare: NaN matches nothing and -0.0 = 0.0. */
    private static boolean holds(Filter.Op op, double v, double l) {
      return switch (op) {
        case EQ -> v == l;
        case NE -> v != l;
        case LT -> v < l;
        case LE -> v <= l;
        case GT -> v > l;
        case GE -> v >= l;
      };
    }
  }

  private static final class Decimals extends ColumnValues {
    Decimals(DecimalVector vector) {
      super(vector);
    }

    /** The literal's unscaled value at the vector's scale when values and literal compare as longs, else null. */
    private Long unscaledLiteral(Object literal) {
      DecimalVector decimals = (DecimalVector) vector;
      BigDecimal l = (BigDecimal) literal;
      int scale = decimals.getScale();
      BigDecimal atScale = l.scale() <= scale ? l.setScale(scale) : null;
      boolean unscaledLongs = LITTLE_ENDIAN && decimals.getPrecision() <= 18 && atScale != null
          && atScale.unscaledValue().bitLength() < 64;
      return unscaledLongs ? atScale.unscaledValue().longValueExact() : null;
    }

    @Override
    Range range(Filter.Op op, Object literal) {
      Long unscaled = unscaledLiteral(literal);
      return unscaled == null ? null : Range.of(op, unscaled);
    }

    @Override
    int selectIn(Range range, int[] rows, int count) {
      // values of up to 18 digits are the low 8 bytes of their 16-byte little-endian unscaled value
      return selectRange(vector, vector.getDataBuffer(), DecimalVector.TYPE_WIDTH, null, range, rows, count);
    }

    @Override
    void compare(Filter.Op op, Object literal, int[] rows, byte[] out) {
      DecimalVector decimals = (DecimalVector) vector;
      BigDecimal l = (BigDecimal) literal;
      BigDecimal atScale = l.scale() <= decimals.getScale() ? l.setScale(decimals.getScale()) : null;
      boolean unscaledLongs = unscaledLiteral(literal) != null;
      if (unscaledLongs) {
        // values of up to 18 digits are the low 8 bytes of their 16-byte little-endian unscaled value
        Range range = Range.of(op, atScale.unscaledValue().longValueExact());
        long min = range.min();
        long max = range.max();
        boolean nulls = decimals.getNullCount() > 0;
        ArrowBuf data = decimals.getDataBuffer();
        for (int i = 0; i < rows.length; i++) {
          int row = rows[i];
          if (nulls && decimals.isNull(row)) {
            out[i] = UNKNOWN;
            continue;
          }
          long v = data.getLong((long) row * DecimalVector.TYPE_WIDTH);
          out[i] = v >= min && v <= max ? range.inside() : range.outside();
        }
        return;
      }
      for (int i = 0; i < rows.length; i++) {
        int row = rows[i];
        out[i] = decimals.isNull(row) ? UNKNOWN : test(op, decimals.getObject(row).compareTo(l));
      }
    }
  }

  private static final class Strings extends ColumnValues {
    Strings(VarCharVector vector) {
      super(vector);
    }

    @Override
    void compare(Filter.Op op, Object literal, int[] rows, byte[] out) {
      VarCharVector strings = (VarCharVector) vector;
      String text = (String) literal;
      byte[] l = text.getBytes(StandardCharsets.UTF_8);
      boolean asciiLiteral = isAscii(l);
      ArrowBuf offsets = strings.getOffsetBuffer();
      ArrowBuf data = strings.getDataBuffer();
      for (int i = 0; i < rows.length; i++) {
        int row = rows[i];
        if (strings.isNull(row)) {
          out[i] = UNKNOWN;
          continue;
        }
        int comparison = Integer.MIN_VALUE;
        if (asciiLiteral) {
          comparison = asciiCompare(data, offsets.getInt((long) row * 4), offsets.getInt((long) (row + 1) * 4), l);
        }
        if (comparison == Integer.MIN_VALUE) {
          comparison = new String(strings.get(row), StandardCharsets.UTF_8).compareTo(text);
        }
        out[i] = test(op, comparison);
      }
    }

    /**
     * The comparison of a value's bytes with an ASCII literal when it is decided by ASCII bytes
     * (then it is also the order of the decoded strings), else {@link Integer#MIN_VALUE}.
     */
    private static int asciiCompare(ArrowBuf data, int start, int end, byte[] literal) {
      int length = end - start;
      int common = Math.min(length, literal.length);
      for (int b = 0; b < common; b++) {
        byte v = data.getByte(start + b);
        if (v < 0) {
          return Integer.MIN_VALUE;
        }
        if (v != literal[b]) {
          return v - literal[b];
        }
      }
      // a longer value decodes to at least one more character, whatever its remaining bytes
      return Integer.compare(length, literal.length);
    }
  }

  private static final class Binaries extends ColumnValues {
    Binaries(FieldVector vector) {
      super(vector);
    }

    @Override
    void compare(Filter.Op op, Object literal, int[] rows, byte[] out) {
      byte[] l = (byte[]) literal;
      for (int i = 0; i < rows.length; i++) {
        int row = rows[i];
        if (vector.isNull(row)) {
          out[i] = UNKNOWN;
          continue;
        }
        byte[] v = vector instanceof VarBinaryVector b ? b.get(row) : ((FixedSizeBinaryVector) vector).get(row);
        out[i] = test(op, Arrays.compareUnsigned(v, l));
      }
    }
  }
}
