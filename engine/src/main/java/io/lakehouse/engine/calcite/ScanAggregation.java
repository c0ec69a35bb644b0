package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.DictionaryVector;
import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.RowBatch;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.ByteFunctionHelpers;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;

/**
 * Aggregates without grouping computed where the scan's Arrow batches are
 * ({@link LakehouseScanAggregate}): {@code COUNT}, {@code SUM}, {@code MIN} and {@code MAX} of
 * columns and of exact arithmetic over them, over the rows the scan's whole filter keeps. Numbers
 * are added as unscaled longs, and as {@link BigDecimal} from the first value or sum that a long
 * cannot hold; no row becomes an object.
 */
public final class ScanAggregation {

  private ScanAggregation() {}

  /**
   * What is aggregated: the columns rows are grouped by (none for one row of totals), and the
   * aggregates, each with its output type.
   */
  public record Spec(List<Column> groupBy, List<Aggregate> aggregates) {
    @Override
    public String toString() {
      return aggregates.toString();
    }
  }

  /** The aggregate functions computed here. */
  enum Function { COUNT, SUM, SUM0, MIN, MAX }

  /**
   * One aggregate.
   *
   * @param argument null for {@code COUNT(*)}
   * @param outputType the SQL type name of the result, as Calcite typed it
   */
  record Aggregate(Function function, Expr argument, String outputType) {
    @Override
    public String toString() {
      return function + "(" + (argument == null ? "*" : argument) + ")";
    }
  }

  /** An aggregate's argument. */
  sealed interface Expr permits Column, Constant, Arithmetic {}

  /**
   * A column the scan reads.
   *
   * @param index its position among the columns the scan reads
   * @param scale for exact numbers, the scale of its SQL type; for others 0
   * @param kind how its values are added: exact numbers, floating point, or not at all
   */
  record Column(int index, String name, int scale, NumberKind kind) implements Expr {
    @Override
    public String toString() {
      return name;
    }
  }

  /** An exact number. */
  record Constant(BigDecimal value) implements Expr {
    @Override
    public String toString() {
      return value.toPlainString();
    }
  }

  /** {@code +}, {@code -} or {@code *} of exact numbers, whose result has {@code scale}. */
  record Arithmetic(char operator, Expr left, Expr right, int scale) implements Expr {
    @Override
    public String toString() {
      return "(" + left + " " + operator + " " + right + ")";
    }
  }

  /** How a column's values are summed. */
  enum NumberKind { EXACT, DOUBLE, REAL, NONE }

  /**
   * The rows of the aggregates over the rows of the scan of {@code columns} that the filter keeps:
   * one row of totals without grouping, else one per group (group columns first, in the order the
   * groups were met). A row is {@code Object[]}, or the bare value when it has one column.
   */
  public static Enumerable<Object> aggregate(
      LakehouseRelTable table, DataContext context, String[] columns, String timeTravel, Filter filter, Spec spec) {
    List<Aggregate> aggregates = spec.aggregates();
    Accumulator[] accumulators = new Accumulator[aggregates.size()];
    for (int i = 0; i < accumulators.length; i++) {
      accumulators[i] = accumulator(aggregates.get(i));
    }
    AggregationGroups groups = spec.groupBy().isEmpty() ? null : new AggregationGroups(spec.groupBy());
    try (Enumerator<Object> rows = table.scan(context, columns, timeTravel, filter).enumerator()) {
      if (!(rows instanceof ScanEnumerator scan)) {
        throw new IllegalStateException("A scan aggregate needs a table scan, not " + rows.getClass().getName());
      }
      if (groups == null && Arrays.stream(accumulators).noneMatch(FloatingSum.class::isInstance)) {
        // one row of totals that the order of the rows cannot change (floating-point sums would
        // change in their last digits, groups would come in another order)
        scan.takeBatchesInAnyOrder();
      }
      for (RowBatch batch = scan.nextBatch(); batch != null; batch = scan.nextBatch()) {
        if (!scan.filtersExactly(filter)) {
          throw new LakeException(LakeException.FEATURE_NOT_SUPPORTED, "Table " + table
              + " changed while the statement was prepared: its filter " + filter
              + " is no longer evaluated whole by the scan; prepare the statement again");
        }
        if (batch.rowCount() == 0) {
          continue;
        }
        Batch values = new Batch(scan, batch, groups);
        for (Accumulator accumulator : accumulators) {
          accumulator.add(values);
        }
      }
    }
    int width = spec.groupBy().size() + accumulators.length;
    int count = groups == null ? 1 : groups.count();
    List<Object> result = new java.util.ArrayList<>(count);
    for (int g = 0; g < count; g++) {
      Object[] row = new Object[width];
      int at = 0;
      if (groups != null) {
        for (Object key : groups.key(g)) {
          row[at++] = key;
        }
      }
      for (Accumulator accumulator : accumulators) {
        row[at++] = accumulator.result(g);
      }
      result.add(width == 1 ? row[0] : row);
    }
    return Linq4j.asEnumerable(result);
  }

  private static Accumulator accumulator(Aggregate aggregate) {
    return switch (aggregate.function()) {
      case COUNT -> new Count(aggregate.argument());
      case SUM, SUM0 -> floating(aggregate.argument())
          ? new FloatingSum(aggregate)
          : new ExactSum(aggregate);
      case MIN, MAX -> new Extreme((Column) aggregate.argument(), aggregate.function() == Function.MAX);
    };
  }

  private static boolean floating(Expr argument) {
    return argument instanceof Column column && column.kind() != NumberKind.EXACT;
  }

  /**
   * One batch's rows: its vectors and readers, and, when grouping, each row's group and the
   * number of groups met so far.
   */
  private static final class Batch {
    final ScanEnumerator scan;
    final RowBatch rows;
    final int count;
    /** Each row's group; null without grouping (all rows in group 0). */
    final int[] group;
    final int groups;

    Batch(ScanEnumerator scan, RowBatch rows, AggregationGroups groups) {
      this.scan = scan;
      this.rows = rows;
      this.count = rows.rowCount();
      this.group = groups == null ? null : groups.number(scan, rows);
      this.groups = groups == null ? 1 : groups.count();
    }

    /** The arguments computed for this batch, shared by the aggregates that read the same one. */
    final java.util.Map<Expr, Exact> computed = new java.util.HashMap<>();

    int row(int i) {
      return rows.rowIndex(i);
    }

    int group(int i) {
      return group == null ? 0 : group[i];
    }
  }

  private interface Accumulator {
    void add(Batch batch);

    /** The aggregate's value for a group (0 without grouping). */
    Object result(int group);
  }

  /** {@code array} at least {@code length} long. */
  private static long[] atLeast(long[] array, int length) {
    return array.length >= length ? array : Arrays.copyOf(array, Math.max(length, array.length * 2));
  }

  private static double[] atLeast(double[] array, int length) {
    return array.length >= length ? array : Arrays.copyOf(array, Math.max(length, array.length * 2));
  }

  private static boolean[] atLeast(boolean[] array, int length) {
    return array.length >= length ? array : Arrays.copyOf(array, Math.max(length, array.length * 2));
  }

  private static <T> T[] atLeast(T[] array, int length) {
    return array.length >= length ? array : Arrays.copyOf(array, Math.max(length, array.length * 2));
  }

  /**
   * The exact values of an argument over a batch's rows: unscaled longs at {@code scale}, with
   * the rows whose value is null, and the rows whose value a long cannot hold as {@link BigDecimal}.
   */
  private static final class Exact {
    final long[] unscaled;
    final boolean[] nulls;
    BigDecimal[] large;
    final int scale;

    Exact(int count, int scale) {
      this.unscaled = new long[count];
      this.nulls = new boolean[count];
      this.scale = scale;
    }

    boolean isNull(int i) {
      return nulls[i];
    }

    BigDecimal value(int i) {
      return large != null && large[i] != null ? large[i] : BigDecimal.valueOf(unscaled[i], scale);
    }

    void setLarge(int i, BigDecimal value) {
      if (large == null) {
        large = new BigDecimal[unscaled.length];
      }
      large[i] = value;
    }

    boolean isLarge(int i) {
      return large != null && large[i] != null;
    }
  }

  /** An exact argument over a batch, computed once per batch whichever aggregates read it. */
  private static Exact evaluate(Expr expr, Batch batch) {
    Exact known = batch.computed.get(expr);
    if (known == null) {
      known = compute(expr, batch);
      batch.computed.put(expr, known);
    }
    return known;
  }

  /** Computes an exact argument over a batch; the result is only read afterwards. */
  private static Exact compute(Expr expr, Batch batch) {
    if (expr instanceof Constant constant) {
      Exact result = new Exact(batch.count, constant.value().scale());
      BigDecimal value = constant.value();
      boolean fits = value.unscaledValue().bitLength() < 64;
      for (int i = 0; i < batch.count; i++) {
        if (fits) {
          result.unscaled[i] = value.unscaledValue().longValue();
        } else {
          result.setLarge(i, value);
        }
      }
      return result;
    }
    if (expr instanceof Column column) {
      return readExact(column, batch);
    }
    Arithmetic arithmetic = (Arithmetic) expr;
    Exact left = evaluate(arithmetic.left(), batch);
    Exact right = evaluate(arithmetic.right(), batch);
    Exact result = new Exact(batch.count, arithmetic.scale());
    for (int i = 0; i < batch.count; i++) {
      if (left.isNull(i) || right.isNull(i)) {
        result.nulls[i] = true;
        continue;
      }
      if (!left.isLarge(i) && !right.isLarge(i)) {
        try {
          result.unscaled[i] = arithmetic.operator() == '*'
              ? Math.multiplyExact(left.unscaled[i], right.unscaled[i])
              : combine(arithmetic.operator(), left.unscaled[i], left.scale, right.unscaled[i], right.scale);
          if (arithmetic.operator() == '*' && left.scale + right.scale != result.scale) {
            throw new ArithmeticException("rescaled");
          }
          continue;
        } catch (ArithmeticException e) {
          // falls through to exact BigDecimal arithmetic
        }
      }
      BigDecimal a = left.value(i);
      BigDecimal b = right.value(i);
      BigDecimal value = switch (arithmetic.operator()) {
        case '+' -> a.add(b);
        case '-' -> a.subtract(b);
        default -> a.multiply(b);
      };
      put(result, i, value.setScale(result.scale, RoundingMode.UNNECESSARY));
    }
    return result;
  }

  /** {@code a ± b} at the larger of the two scales, or an ArithmeticException when a long cannot hold it. */
  private static long combine(char operator, long a, int aScale, long b, int bScale) {
    int scale = Math.max(aScale, bScale);
    long x = Math.multiplyExact(a, POWERS[scale - aScale]);
    long y = Math.multiplyExact(b, POWERS[scale - bScale]);
    return operator == '+' ? Math.addExact(x, y) : Math.subtractExact(x, y);
  }

  private static final long[] POWERS = new long[19];

  static {
    POWERS[0] = 1;
    for (int i = 1; i < POWERS.length; i++) {
      POWERS[i] = POWERS[i - 1] * 10;
    }
  }

  private static void put(Exact result, int i, BigDecimal value) {
    BigInteger unscaled = value.unscaledValue();
    if (unscaled.bitLength() < 64 && value.scale() == result.scale) {
      result.unscaled[i] = unscaled.longValue();
    } else {
      result.setLarge(i, value);
    }
  }

  /** A column's exact values over a batch, straight from the vector when it is a plain number vector. */
  private static Exact readExact(Column column, Batch batch) {
    Exact result = new Exact(batch.count, column.scale());
    FieldVector vector = batch.scan.vector(column.index());
    boolean nulls = vector != null && vector.getNullCount() > 0;
    if (vector instanceof BigIntVector v) {
      ArrowBuf data = v.getDataBuffer();
      for (int i = 0; i < batch.count; i++) {
        int row = batch.row(i);
        if (nulls && v.isNull(row)) {
          result.nulls[i] = true;
        } else {
          result.unscaled[i] = data.getLong((long) row * BigIntVector.TYPE_WIDTH);
        }
      }
    } else if (vector instanceof IntVector v) {
      ArrowBuf data = v.getDataBuffer();
      for (int i = 0; i < batch.count; i++) {
        int row = batch.row(i);
        if (nulls && v.isNull(row)) {
          result.nulls[i] = true;
        } else {
          result.unscaled[i] = data.getInt((long) row * IntVector.TYPE_WIDTH);
        }
      }
    } else if (vector instanceof DecimalVector v && v.getScale() == column.scale()) {
      ArrowBuf data = v.getDataBuffer();
      for (int i = 0; i < batch.count; i++) {
        int row = batch.row(i);
        if (nulls && v.isNull(row)) {
          result.nulls[i] = true;
          continue;
        }
        long low = data.getLong((long) row * DecimalVector.TYPE_WIDTH);
        long high = data.getLong((long) row * DecimalVector.TYPE_WIDTH + 8);
        if (high == (low >> 63)) {
          result.unscaled[i] = low;
        } else {
          result.setLarge(i, v.getObject(row));
        }
      }
    } else {
      ValueReaders.ValueReader reader = batch.scan.reader(column.index());
      for (int i = 0; i < batch.count; i++) {
        Object value = reader == null ? null : reader.read(batch.row(i));
        if (value == null) {
          result.nulls[i] = true;
        } else {
          BigDecimal exact = value instanceof BigDecimal d ? d : BigDecimal.valueOf(((Number) value).longValue());
          put(result, i, exact.setScale(column.scale(), RoundingMode.UNNECESSARY));
        }
      }
    }
    return result;
  }

  /** {@code COUNT(*)} or {@code COUNT(x)}: the rows, or those where x is not null. */
  private static final class Count implements Accumulator {
    private final Expr argument;
    private long[] counts = new long[1];

    Count(Expr argument) {
      this.argument = argument;
    }

    @Override
    public void add(Batch batch) {
      counts = atLeast(counts, batch.groups);
      if (argument == null) {
        if (batch.group == null) {
          counts[0] += batch.count;
        } else {
          for (int i = 0; i < batch.count; i++) {
            counts[batch.group[i]]++;
          }
        }
        return;
      }
      if (argument instanceof Column column && column.kind() != NumberKind.EXACT) {
        ValueReaders.ValueReader reader = batch.scan.reader(column.index());
        FieldVector vector = batch.scan.vector(column.index());
        for (int i = 0; i < batch.count; i++) {
          boolean isNull = vector != null ? vector.isNull(batch.row(i)) : reader == null || reader.read(batch.row(i)) == null;
          if (!isNull) {
            counts[batch.group(i)]++;
          }
        }
        return;
      }
      Exact values = evaluate(argument, batch);
      for (int i = 0; i < batch.count; i++) {
        if (!values.isNull(i)) {
          counts[batch.group(i)]++;
        }
      }
    }

    @Override
    public Object result(int group) {
      return group < counts.length ? counts[group] : 0L;
    }
  }

  /** {@code SUM} of exact numbers: per group a long while it holds the sum, then a {@link BigDecimal}. */
  private static final class ExactSum implements Accumulator {
    private final Aggregate aggregate;
    private long[] sums = new long[1];
    private BigDecimal[] large = new BigDecimal[1];
    private boolean[] any = new boolean[1];
    private int scale;

    ExactSum(Aggregate aggregate) {
      this.aggregate = aggregate;
    }

    @Override
    public void add(Batch batch) {
      sums = atLeast(sums, batch.groups);
      large = atLeast(large, batch.groups);
      any = atLeast(any, batch.groups);
      if (batch.group == null && large[0] == null && aggregate.argument() instanceof Column column
          && addColumn(column, batch)) {
        return;
      }
      Exact values = evaluate(aggregate.argument(), batch);
      scale = values.scale;
      for (int i = 0; i < batch.count; i++) {
        if (values.isNull(i)) {
          continue;
        }
        int g = batch.group(i);
        any[g] = true;
        if (large[g] == null && !values.isLarge(i)) {
          long sum = sums[g];
          long value = values.unscaled[i];
          long next = sum + value;
          if (((sum ^ next) & (value ^ next)) >= 0) {
            sums[g] = next;
            continue;
          }
        }
        if (large[g] == null) {
          large[g] = BigDecimal.valueOf(sums[g], scale);
        }
        large[g] = large[g].add(values.value(i));
      }
    }

    /** Adds an ungrouped column's batch in one loop over its vector; false when that loop cannot. */
    private boolean addColumn(Column column, Batch batch) {
      FieldVector vector = batch.scan.vector(column.index());
      VectorAggregates.Sum sum = vector == null ? null : VectorAggregates.sum(vector, column.scale(), batch.rows);
      if (sum == null) {
        return false;
      }
      long next = sums[0] + sum.sum();
      if (((sums[0] ^ next) & (sum.sum() ^ next)) < 0) {
        return false;
      }
      sums[0] = next;
      scale = column.scale();
      any[0] |= sum.values() > 0;
      return true;
    }

    @Override
    public Object result(int group) {
      if (group >= any.length || !any[group]) {
        return aggregate.function() == Function.SUM0 ? exactResult(BigDecimal.ZERO, aggregate.outputType()) : null;
      }
      return exactResult(large[group] != null ? large[group] : BigDecimal.valueOf(sums[group], scale),
          aggregate.outputType());
    }
  }

  /** An exact sum as the Java value of its SQL type; out of the type's range is an error, not a wrapped value. */
  private static Object exactResult(BigDecimal value, String type) {
    try {
      return switch (type) {
        case "DECIMAL" -> value;
        case "BIGINT" -> value.longValueExact();
        case "INTEGER" -> value.intValueExact();
        case "SMALLINT" -> value.shortValueExact();
        case "TINYINT" -> value.byteValueExact();
        default -> throw new IllegalArgumentException("No sum of type " + type);
      };
    } catch (ArithmeticException e) {
      throw new LakeException("22003", "The sum " + value.toPlainString() + " is out of range for type " + type);
    }
  }

  /** {@code SUM} of floating-point numbers, added in row order as Calcite adds them. */
  private static final class FloatingSum implements Accumulator {
    private final Aggregate aggregate;
    private final Column column;
    private double[] sums = new double[1];
    private boolean[] any = new boolean[1];

    FloatingSum(Aggregate aggregate) {
      this.aggregate = aggregate;
      this.column = (Column) aggregate.argument();
    }

    @Override
    public void add(Batch batch) {
      sums = atLeast(sums, batch.groups);
      any = atLeast(any, batch.groups);
      FieldVector vector = batch.scan.vector(column.index());
      ValueReaders.ValueReader reader = batch.scan.reader(column.index());
      boolean real = column.kind() == NumberKind.REAL;
      for (int i = 0; i < batch.count; i++) {
        int row = batch.row(i);
        double value;
        if (vector instanceof Float8Vector v) {
          if (v.isNull(row)) {
            continue;
          }
          value = v.get(row);
        } else if (vector instanceof Float4Vector v) {
          if (v.isNull(row)) {
            continue;
          }
          value = v.get(row);
        } else {
          Object read = reader == null ? null : reader.read(row);
          if (read == null) {
            continue;
          }
          value = ((Number) read).doubleValue();
        }
        int g = batch.group(i);
        any[g] = true;
        // a REAL sum is a float sum, rounded after every addition as Calcite's is
        sums[g] = real ? (float) ((float) sums[g] + (float) value) : sums[g] + value;
      }
    }

    @Override
    public Object result(int group) {
      boolean seen = group < any.length && any[group];
      if (!seen && aggregate.function() == Function.SUM) {
        return null;
      }
      double sum = seen ? sums[group] : 0;
      return column.kind() == NumberKind.REAL ? (Object) (float) sum : (Object) sum;
    }
  }

  /**
   * {@code MIN} or {@code MAX} of a column. Numbers and strings are compared on the vector; only a
   * value that beats its group's extreme so far becomes an object. Other types are compared as
   * objects, as Calcite compares them. A dictionary-encoded column is compared by its entries'
   * values, made once per column chunk; without grouping each entry live rows hold is compared once
   * per batch.
   */
  private static final class Extreme implements Accumulator {
    private final Column column;
    private final boolean max;
    private Object[] best = new Object[1];
    private byte[][] bestBytes = new byte[1][];
    /** Whether the group's extreme string has a character from U+E000 up, where byte order is not String order. */
    private boolean[] bestHigh = new boolean[1];
    /** Per dictionary entry, the last batch (by {@link #batches}) in which it was offered. */
    private int[] offeredIn = new int[0];
    private int batches;

    Extreme(Column column, boolean max) {
      this.column = column;
      this.max = max;
    }

    @Override
    public void add(Batch batch) {
      best = atLeast(best, batch.groups);
      bestBytes = atLeast(bestBytes, batch.groups);
      bestHigh = atLeast(bestHigh, batch.groups);
      ValueReaders.ValueReader reader = batch.scan.reader(column.index());
      if (reader == null) {
        return;
      }
      FieldVector vector = batch.scan.vector(column.index());
      if (vector instanceof BigIntVector || vector instanceof IntVector || vector instanceof DateDayVector
          || vector instanceof SmallIntVector || vector instanceof TinyIntVector) {
        int extreme = batch.group == null ? VectorAggregates.extremeRow(vector, batch.rows, max) : -2;
        if (extreme != -2) {
          if (extreme >= 0) {
            long value = longValue(vector, extreme);
            if (best[0] == null || (max ? value > ((Number) best[0]).longValue() : value < ((Number) best[0]).longValue())) {
              best[0] = reader.read(extreme);
            }
          }
          return;
        }
        for (int i = 0; i < batch.count; i++) {
          int row = batch.row(i);
          if (vector.isNull(row)) {
            continue;
          }
          long value = longValue(vector, row);
          int g = batch.group(i);
          // the extreme so far is this column's Java value (Long, Integer, ...), whichever batch it came from
          if (best[g] == null || (max ? value > ((Number) best[g]).longValue() : value < ((Number) best[g]).longValue())) {
            best[g] = reader.read(row);
          }
        }
      } else if (vector instanceof VarCharVector v) {
        ArrowBuf offsets = v.getOffsetBuffer();
        ArrowBuf data = v.getDataBuffer();
        boolean nulls = v.getNullCount() > 0;
        for (int i = 0; i < batch.count; i++) {
          int row = batch.row(i);
          if (nulls && v.isNull(row)) {
            continue;
          }
          int g = batch.group(i);
          if (bestBytes[g] == null && best[g] != null) {
            bestBytes[g] = ((String) best[g]).getBytes(StandardCharsets.UTF_8);
            bestHigh[g] = hasHighByte(bestBytes[g]);
          }
          byte[] current = bestBytes[g];
          int order;
          if (current == null) {
            order = max ? 1 : -1;
          } else if (!bestHigh[g]) {
            // the extreme so far has no character from U+E000 up: unsigned byte order is String order
            order = ByteFunctionHelpers.compare(
                data, offsets.getInt((long) row * 4), offsets.getInt((long) (row + 1) * 4), current, 0, current.length);
          } else {
            order = compareUtf16(v.get(row), current);
          }
          if (max ? order > 0 : order < 0) {
            bestBytes[g] = v.get(row);
            bestHigh[g] = hasHighByte(bestBytes[g]);
            best[g] = null;
          }
        }
      } else if (vector instanceof DictionaryVector v && batch.group == null) {
        // entries, not rows: each entry that a live row holds is offered once
        int size = v.dictionary().size();
        if (offeredIn.length < size) {
          offeredIn = new int[size];
        }
        int stamp = ++batches;
        boolean nulls = v.getNullCount() > 0;
        for (int i = 0; i < batch.count; i++) {
          int row = batch.row(i);
          if (nulls && v.isNull(row)) {
            continue;
          }
          int entry = v.index(row);
          if (offeredIn[entry] != stamp) {
            offeredIn[entry] = stamp;
            offer(0, reader.read(row));
          }
        }
      } else {
        // a grouped dictionary-encoded column lands here too: its reader gives each entry's one object
        for (int i = 0; i < batch.count; i++) {
          offer(batch.group(i), reader.read(batch.row(i)));
        }
      }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void offer(int group, Object value) {
      if (value == null) {
        return;
      }
      if (bestBytes[group] != null) {
        best[group] = new String(bestBytes[group], StandardCharsets.UTF_8);
        bestBytes[group] = null;
      }
      Comparable current = (Comparable) best[group];
      if (value == current) {
        // a dictionary entry's one object, already the extreme
        return;
      }
      if (current == null || (max ? ((Comparable) value).compareTo(current) > 0
          : ((Comparable) value).compareTo(current) < 0)) {
        best[group] = value;
      }
    }

    private static long longValue(FieldVector vector, int row) {
      if (vector instanceof BigIntVector v) {
        return v.get(row);
      }
      if (vector instanceof IntVector v) {
        return v.get(row);
      }
      if (vector instanceof DateDayVector v) {
        return v.get(row);
      }
      if (vector instanceof SmallIntVector v) {
        return v.get(row);
      }
      return ((TinyIntVector) vector).get(row);
    }

    @Override
    public Object result(int group) {
      if (group >= best.length) {
        return null;
      }
      if (bestBytes[group] != null) {
        return new String(bestBytes[group], StandardCharsets.UTF_8);
      }
      return best[group];
    }
  }

  /** Whether UTF-8 bytes hold a character from U+E000 up (lead byte 0xEE or more). */
  private static boolean hasHighByte(byte[] bytes) {
    for (byte b : bytes) {
      if ((b & 0xff) >= 0xee) {
        return true;
      }
    }
    return false;
  }

  /**
   * Compares UTF-8 strings in the order of {@link String#compareTo} (UTF-16 code units). Byte
   * order is code point order, which differs only where a supplementary character meets one from
   * U+E000 to U+FFFF: when the first differing bytes could be such, the strings are decoded.
   */
  static int compareUtf16(byte[] a, byte[] b) {
    int mismatch = Arrays.mismatch(a, b);
    if (mismatch < 0) {
      return 0;
    }
    if (mismatch >= a.length || mismatch >= b.length) {
      return a.length - b.length;
    }
    int x = a[mismatch] & 0xff;
    int y = b[mismatch] & 0xff;
    if (x < 0x80 && y < 0x80) {
      return x - y;
    }
    return new String(a, StandardCharsets.UTF_8).compareTo(new String(b, StandardCharsets.UTF_8));
  }
}
