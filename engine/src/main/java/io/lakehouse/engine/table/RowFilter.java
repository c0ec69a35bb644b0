package io.lakehouse.engine.table;

import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Evaluates the residual of a {@link Filter} on the rows of each batch, column at a time, and
 * narrows the batch's selection to the rows for which it is true.
 *
 * <p>The residual ({@link #residual}) is the part of a filter this class evaluates exactly: leaves
 * on primitive columns whose literal fits the column's type. In a conjunction a leaf it cannot
 * evaluate is left out; a disjunction or negation is kept whole or not at all, so the residual is
 * always implied by the filter (it keeps every row the filter keeps).
 *
 * <p>Semantics are those of the SQL layer: three-valued logic (a row passes only when the residual
 * is true; a comparison with null is unknown); floating point by Java's primitive comparisons (NaN
 * equals nothing and is neither less nor greater than anything, {@code -0.0 = 0.0}); decimals by
 * value; strings in Java {@link String#compareTo} order, which for ASCII text is their UTF-8 byte
 * order; binary in unsigned byte order; timestamps and times in microseconds.
 *
 * <p>On a {@link DictionaryVector} a comparison, IN or prefix test is evaluated once per entry of
 * the column chunk's dictionary, then each row looks its entry's result up.
 */
public final class RowFilter {

  // Kleene logic on bytes: AND is the minimum, OR the maximum, NOT is TRUE minus the value.
  private static final byte FALSE = 0;
  private static final byte UNKNOWN = 1;
  private static final byte TRUE = 2;

  private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  private final Filter residual;
  private final Map<String, Integer> vectorIndex;
  /** The residual's conditions when it is a conjunction of leaves (or one leaf), else null. */
  private final List<Filter> conjuncts;

  private RowFilter(Filter residual, Map<String, Integer> vectorIndex) {
    this.residual = residual;
    this.vectorIndex = Map.copyOf(vectorIndex);
    this.conjuncts = conjuncts(residual);
  }

  private static List<Filter> conjuncts(Filter filter) {
    List<Filter> leaves = filter instanceof Filter.And and ? and.filters() : List.of(filter);
    for (Filter leaf : leaves) {
      if (leaf instanceof Filter.And || leaf instanceof Filter.Or || leaf instanceof Filter.Not
          || Filters.isAlwaysTrue(leaf)) {
        return null;
      }
    }
    return List.copyOf(leaves);
  }

  /**
   * The part of {@code filter} that can be evaluated exactly on batches, or
   * {@link Filter#ALWAYS_TRUE} when nothing can.
   *
   * @param columnType the Arrow type of each column the batches hold, or null for a column they do
   *     not hold or whose values must not be filtered on
   */
  public static Filter residual(Filter filter, Function<String, ArrowType> columnType) {
    if (filter instanceof Filter.And and) {
      List<Filter> kept = new ArrayList<>();
      for (Filter child : and.filters()) {
        Filter part = residual(child, columnType);
        if (part instanceof Filter.And nested) {
          kept.addAll(nested.filters());
        } else {
          kept.add(part);
        }
      }
      return kept.size() == 1 ? kept.get(0) : new Filter.And(kept);
    }
    return isExact(filter, columnType) ? filter : Filter.ALWAYS_TRUE;
  }

  private static boolean isExact(Filter filter, Function<String, ArrowType> columnType) {
    if (filter instanceof Filter.And and) {
      return and.filters().stream().allMatch(f -> isExact(f, columnType));
    }
    if (filter instanceof Filter.Or or) {
      return or.filters().stream().allMatch(f -> isExact(f, columnType));
    }
    if (filter instanceof Filter.Not not) {
      return isExact(not.filter(), columnType);
    }
    if (filter instanceof Filter.IsNull n) {
      return columnType.apply(n.column()) != null;
    }
    if (filter instanceof Filter.IsNotNull n) {
      return columnType.apply(n.column()) != null;
    }
    if (filter instanceof Filter.Comparison c) {
      return fits(columnType.apply(c.column()), c.literal(), c.op());
    }
    if (filter instanceof Filter.In in) {
      ArrowType type = columnType.apply(in.column());
      return in.values().stream().allMatch(v -> fits(type, v, Filter.Op.EQ));
    }
    if (filter instanceof Filter.StartsWith s) {
      return columnType.apply(s.column()) instanceof ArrowType.Utf8;
    }
    return false;
  }

  /** Whether a literal in the Arrow convention compares exactly with values of the type. */
  private static boolean fits(ArrowType type, Object literal, Filter.Op op) {
    if (type == null) {
      return false;
    }
    return switch (type.getTypeID()) {
      case Int -> literal instanceof Long || literal instanceof Integer;
      case FloatingPoint -> ((ArrowType.FloatingPoint) type).getPrecision() != FloatingPointPrecision.HALF
          && (literal instanceof Double || literal instanceof Float);
      case Decimal -> literal instanceof BigDecimal && ((ArrowType.Decimal) type).getBitWidth() == 128;
      case Utf8 -> literal instanceof String;
      case Binary, FixedSizeBinary -> literal instanceof byte[];
      case Bool -> literal instanceof Boolean;
      case Date -> literal instanceof Integer;
      case Timestamp -> literal instanceof Long && ((ArrowType.Timestamp) type).getUnit() == TimeUnit.MICROSECOND;
      case Time -> literal instanceof Long && ((ArrowType.Time) type).getUnit() == TimeUnit.MICROSECOND;
      default -> false;
    };
  }

  /**
   * An evaluator of a residual over batches.
   *
   * @param residual a filter returned by {@link #residual}
   * @param vectorIndex the index in each batch of every column the residual reads
   */
  public static RowFilter of(Filter residual, Map<String, Integer> vectorIndex) {
    return new RowFilter(residual, vectorIndex);
  }

  /** The filter this evaluates. */
  public Filter residual() {
    return residual;
  }

  /**
   * The batch with only the live rows for which the residual is true; the same batch when all
   * are. The result owns the batch's vectors: the caller closes it instead of {@code batch}.
   */
  public RowBatch apply(RowBatch batch, ScanStatistics statistics) {
    int count = batch.rowCount();
    if (count == 0 || Filters.isAlwaysTrue(residual) || batch.filteredBy() == this) {
      return batch;
    }
    int[] rows = new int[count];
    for (int i = 0; i < count; i++) {
      rows[i] = batch.rowIndex(i);
    }
    int kept = select(batch.root(), rows, count, statistics);
    if (kept == count) {
      return batch;
    }
    statistics.rowsFiltered(count - kept);
    return batch.select(Arrays.copyOf(rows, kept));
  }

  /** The indexes of the batch vectors the residual reads, ascending. */
  public int[] vectorIndexes() {
    return Filters.columns(residual).stream().mapToInt(column -> {
      Integer index = vectorIndex.get(column);
      if (index == null) {
        throw new IllegalStateException("The residual reads column '" + column + "', which the batch lacks");
      }
      return index;
    }).sorted().distinct().toArray();
  }

  /**
   * Narrows {@code rows[0, count)} (ascending indexes into {@code root}) in place to the rows for
   * which the residual is true, and returns how many those are. Only the vectors of
   * {@link #vectorIndexes} are read.
   */
  public int select(VectorSchemaRoot root, int[] rows, int count, ScanStatistics statistics) {
    filterDictionaries(residual, root, statistics);
    if (conjuncts != null) {
      // a conjunction of leaves: each leaf compacts the rows the ones before kept, and a row whose
      // leaf is unknown is dropped as one whose leaf is false (the conjunction is not true)
      for (Filter leaf : conjuncts) {
        if (count == 0) {
          break;
        }
        count = selectLeaf(leaf, root, rows, count);
      }
      return count;
    }
    byte[] result = new byte[count];
    evaluate(residual, root, count == rows.length ? rows : Arrays.copyOf(rows, count), result);
    int kept = 0;
    for (int i = 0; i < count; i++) {
      if (result[i] == TRUE) {
        rows[kept++] = rows[i];
      }
    }
    return kept;
  }

  private int selectLeaf(Filter leaf, VectorSchemaRoot root, int[] rows, int count) {
    if (leaf instanceof Filter.IsNull n) {
      FieldVector vector = vector(root, n.column());
      int kept = 0;
      for (int i = 0; i < count; i++) {
        if (vector.isNull(rows[i])) {
          rows[kept++] = rows[i];
        }
      }
      return kept;
    }
    if (leaf instanceof Filter.IsNotNull n) {
      FieldVector vector = vector(root, n.column());
      if (vector.getNullCount() == 0) {
        return count;
      }
      int kept = 0;
      for (int i = 0; i < count; i++) {
        if (!vector.isNull(rows[i])) {
          rows[kept++] = rows[i];
        }
      }
      return kept;
    }
    if (leaf instanceof Filter.Comparison c && !(vector(root, c.column()) instanceof DictionaryVector)) {
      int kept = Values.of(vector(root, c.column())).select(c.op(), c.literal(), rows, count);
      if (kept >= 0) {
        return kept;
      }
    }
    byte[] result = new byte[count];
    evaluate(leaf, root, Arrays.copyOf(rows, count), result);
    int kept = 0;
    for (int i = 0; i < count; i++) {
      if (result[i] == TRUE) {
        rows[kept++] = rows[i];
      }
    }
    return kept;
  }

  private void evaluate(Filter filter, VectorSchemaRoot root, int[] rows, byte[] out) {
    if (filter instanceof Filter.And and) {
      // each condition is evaluated only on the rows the ones before did not make false
      Arrays.fill(out, TRUE);
      int[] live = rows;
      int[] positions = null; // where live[j]'s result is in out; null while live is rows
      for (Filter child : and.filters()) {
        byte[] part = new byte[live.length];
        evaluate(child, root, live, part);
        int stillLive = 0;
        for (int j = 0; j < live.length; j++) {
          int at = positions == null ? j : positions[j];
          out[at] = (byte) Math.min(out[at], part[j]);
          if (out[at] != FALSE) {
            stillLive++;
          }
        }
        if (stillLive == 0) {
          break;
        }
        if (stillLive < live.length) {
          int[] nextLive = new int[stillLive];
          int[] nextPositions = new int[stillLive];
          int k = 0;
          for (int j = 0; j < live.length; j++) {
            int at = positions == null ? j : positions[j];
            if (out[at] != FALSE) {
              nextLive[k] = live[j];
              nextPositions[k++] = at;
            }
          }
          live = nextLive;
          positions = nextPositions;
        }
      }
    } else if (filter instanceof Filter.Or or) {
      Arrays.fill(out, FALSE);
      byte[] part = new byte[rows.length];
      for (Filter child : or.filters()) {
        evaluate(child, root, rows, part);
        for (int i = 0; i < out.length; i++) {
          out[i] = (byte) Math.max(out[i], part[i]);
        }
      }
    } else if (filter instanceof Filter.Not not) {
      evaluate(not.filter(), root, rows, out);
      for (int i = 0; i < out.length; i++) {
        out[i] = (byte) (TRUE - out[i]);
      }
    } else if (filter instanceof Filter.IsNull n) {
      FieldVector vector = vector(root, n.column());
      for (int i = 0; i < rows.length; i++) {
        out[i] = vector.isNull(rows[i]) ? TRUE : FALSE;
      }
    } else if (filter instanceof Filter.IsNotNull n) {
      FieldVector vector = vector(root, n.column());
      for (int i = 0; i < rows.length; i++) {
        out[i] = vector.isNull(rows[i]) ? FALSE : TRUE;
      }
    } else if (testedVector(filter, root) instanceof DictionaryVector encoded) {
      byte[] byEntry = entryResults(filter, encoded.dictionary(), null);
      boolean nulls = encoded.getNullCount() > 0;
      for (int i = 0; i < rows.length; i++) {
        int row = rows[i];
        out[i] = nulls && encoded.isNull(row) ? UNKNOWN : byEntry[encoded.index(row)];
      }
    } else if (filter instanceof Filter.Comparison c) {
      Values.of(vector(root, c.column())).compare(c.op(), c.literal(), rows, out);
    } else if (filter instanceof Filter.In in) {
      Values values = Values.of(vector(root, in.column()));
      Arrays.fill(out, FALSE);
      byte[] part = new byte[rows.length];
      for (Object value : in.values()) {
        values.compare(Filter.Op.EQ, value, rows, part);
        for (int i = 0; i < out.length; i++) {
          out[i] = (byte) Math.max(out[i], part[i]);
        }
      }
    } else if (filter instanceof Filter.StartsWith s) {
      startsWith((VarCharVector) vector(root, s.column()), s.prefix(), rows, out);
    } else {
      throw new IllegalArgumentException("Not a residual filter: " + filter);
    }
  }

  private FieldVector vector(VectorSchemaRoot root, String column) {
    Integer index = vectorIndex.get(column);
    if (index == null) {
      throw new IllegalStateException("The residual reads column '" + column + "', which the batch lacks");
    }
    return root.getVector(index);
  }

  /** The column a comparison, IN or prefix test reads, or null for other filters. */
  private static String testedColumn(Filter filter) {
    return filter instanceof Filter.Comparison c ? c.column()
        : filter instanceof Filter.In in ? in.column()
        : filter instanceof Filter.StartsWith s ? s.column()
        : null;
  }

  /** The vector a comparison, IN or prefix test reads, or null for other filters. */
  private FieldVector testedVector(Filter filter, VectorSchemaRoot root) {
    String column = testedColumn(filter);
    return column == null ? null : vector(root, column);
  }

  /** Works out, before the rows are, the result on each dictionary entry of every test on an encoded column. */
  private void filterDictionaries(Filter filter, VectorSchemaRoot root, ScanStatistics statistics) {
    if (filter instanceof Filter.And and) {
      and.filters().forEach(f -> filterDictionaries(f, root, statistics));
    } else if (filter instanceof Filter.Or or) {
      or.filters().forEach(f -> filterDictionaries(f, root, statistics));
    } else if (filter instanceof Filter.Not not) {
      filterDictionaries(not.filter(), root, statistics);
    } else if (testedVector(filter, root) instanceof DictionaryVector encoded) {
      entryResults(filter, encoded.dictionary(), statistics);
    }
  }

  /**
   * A test's result on each entry of a dictionary (never unknown: entries are not null), worked out
   * once per dictionary by filtering its entries as a batch of their own; counted in
   * {@code statistics} unless null.
   */
  private static byte[] entryResults(Filter test, SharedDictionary dictionary, ScanStatistics statistics) {
    return dictionary.derived(new EntryResults(test), key -> {
      int size = dictionary.size();
      int[] entries = new int[size];
      for (int i = 0; i < size; i++) {
        entries[i] = i;
      }
      byte[] results = new byte[size];
      VectorSchemaRoot root = new VectorSchemaRoot(List.<FieldVector>of(dictionary.entries()));
      new RowFilter(test, Map.of(testedColumn(test), 0)).evaluate(test, root, entries, results);
      if (statistics != null) {
        statistics.dictionaryEntriesFiltered(size);
      }
      return results;
    });
  }

  /** The key of a test's results on a dictionary's entries. */
  private record EntryResults(Filter test) {}

  private static void startsWith(VarCharVector vector, String prefix, int[] rows, byte[] out) {
    byte[] bytes = prefix.getBytes(StandardCharsets.UTF_8);
    boolean ascii = isAscii(bytes);
    ArrowBuf offsets = vector.getOffsetBuffer();
    ArrowBuf data = vector.getDataBuffer();
    for (int i = 0; i < rows.length; i++) {
      int row = rows[i];
      if (vector.isNull(row)) {
        out[i] = UNKNOWN;
        continue;
      }
      boolean matches;
      if (ascii) {
        // an ASCII prefix matches the text exactly when it matches its first bytes: no other
        // byte sequence, valid or not, decodes to ASCII characters
        int start = offsets.getInt((long) row * 4);
        int length = offsets.getInt((long) (row + 1) * 4) - start;
        matches = length >= bytes.length;
        for (int b = 0; matches && b < bytes.length; b++) {
          matches = data.getByte(start + b) == bytes[b];
        }
      } else {
        matches = new String(vector.get(row), StandardCharsets.UTF_8).startsWith(prefix);
      }
      out[i] = matches ? TRUE : FALSE;
    }
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  private static byte test(Filter.Op op, int comparison) {
    boolean result = switch (op) {
      case EQ -> comparison == 0;
      case NE -> comparison != 0;
      case LT -> comparison < 0;
      case LE -> comparison <= 0;
      case GT -> comparison > 0;
      case GE -> comparison >= 0;
    };
    return result ? TRUE : FALSE;
  }

  /** Comparisons of one vector's values with a literal, by the vector's kind. */
  private abstract static class Values {

    final FieldVector vector;

    Values(FieldVector vector) {
      this.vector = vector;
    }

    static Values of(FieldVector vector) {
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
      return -1;
    }
  }

  /** Keeps the rows whose value (from {@code data} at {@code width} bytes each) is inside (or outside) the range. */
  private static int selectRange(
      FieldVector vector, ArrowBuf data, int width, LongAt values, Range range, int[] rows, int count) {
    long min = range.min();
    long max = range.max();
    boolean keepInside = range.inside() == TRUE;
    boolean nulls = vector.getNullCount() > 0;
    long address = width == 0 ? 0 : valuesAddress(data, width, rows, count);
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
  private record Range(long min, long max, byte inside, byte outside) {
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

  private static final class Longs extends Values {
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
    int select(Filter.Op op, Object literal, int[] rows, int count) {
      long l = literal instanceof Boolean b ? (b ? 1 : 0) : ((Number) literal).longValue();
      ArrowBuf data = width == 0 ? null : vector.getDataBuffer();
      return selectRange(vector, data, width, values, Range.of(op, l), rows, count);
    }
  }

  private static final class Doubles extends Values {
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

  private static final class Decimals extends Values {
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
    int select(Filter.Op op, Object literal, int[] rows, int count) {
      Long unscaled = unscaledLiteral(literal);
      if (unscaled == null) {
        return -1;
      }
      // values of up to 18 digits are the low 8 bytes of their 16-byte little-endian unscaled value
      return selectRange(vector, vector.getDataBuffer(), DecimalVector.TYPE_WIDTH, null, Range.of(op, unscaled), rows, count);
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

  private static final class Strings extends Values {
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

  private static final class Binaries extends Values {
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
