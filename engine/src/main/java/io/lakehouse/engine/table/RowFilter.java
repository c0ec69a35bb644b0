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
import org.apache.arrow.vector.FieldVector;
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
  static final byte FALSE = 0;
  static final byte UNKNOWN = 1;
  static final byte TRUE = 2;

  static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  private final Filter residual;
  private final Map<String, Integer> vectorIndex;
  /** The residual's conditions when it is a conjunction of leaves (or one leaf), else null. */
  private final List<Filter> conjuncts;

  /** The first index of the batch vectors that only this filter reads; no vector when beyond them. */
  private final int firstReadAlone;

  private RowFilter(Filter residual, Map<String, Integer> vectorIndex, int firstReadAlone) {
    this.residual = residual;
    this.vectorIndex = Map.copyOf(vectorIndex);
    this.conjuncts = conjuncts(residual);
    this.firstReadAlone = firstReadAlone;
  }

  /**
   * This filter, knowing that of the vectors from {@code first} on, those it reads nothing else
   * reads: a reader that evaluates it may hand them over in any form this filter reads, such as a
   * {@link DictionaryVector} of numbers.
   */
  public RowFilter readingAloneFrom(int first) {
    return new RowFilter(residual, vectorIndex, first);
  }

  /** Whether nothing but this filter reads batch vector {@code index} (when this filter reads it). */
  public boolean readsAlone(int index) {
    return index >= firstReadAlone;
  }

  private static List<Filter> conjuncts(Filter filter) {
    List<Filter> leaves = filter instanceof Filter.And and ? and.filters() : List.of(filter);
    for (Filter leaf : leaves) {
      if (leaf instanceof Filter.And || leaf instanceof Filter.Or || leaf instanceof Filter.Not
          || Filters.isAlwaysTrue(leaf)) {
        return null;
      }
    }
    return groupedByColumn(leaves);
  }

  /**
   * The leaves with the comparisons of each column next to each other, where the first of them
   * was (a conjunction's order does not change its rows), so that they can be one pass.
   */
  private static List<Filter> groupedByColumn(List<Filter> leaves) {
    List<Filter> grouped = new ArrayList<>(leaves.size());
    boolean[] placed = new boolean[leaves.size()];
    for (int i = 0; i < leaves.size(); i++) {
      if (placed[i]) {
        continue;
      }
      grouped.add(leaves.get(i));
      if (leaves.get(i) instanceof Filter.Comparison first) {
        for (int j = i + 1; j < leaves.size(); j++) {
          if (!placed[j] && leaves.get(j) instanceof Filter.Comparison c && c.column().equals(first.column())) {
            grouped.add(c);
            placed[j] = true;
          }
        }
      }
    }
    return List.copyOf(grouped);
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
    return new RowFilter(residual, vectorIndex, Integer.MAX_VALUE);
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
      for (int i = 0; i < conjuncts.size() && count > 0; ) {
        int end = sameColumnEnd(i);
        if (testedVector(conjuncts.get(i), root) instanceof DictionaryVector encoded) {
          count = selectEntries(conjuncts.subList(i, end), encoded, rows, count);
          i = end;
          continue;
        }
        int kept = end - i > 1 ? selectBetween(conjuncts.subList(i, end), root, rows, count) : -1;
        if (kept >= 0) {
          count = kept;
          i = end;
        } else {
          count = selectLeaf(conjuncts.get(i), root, rows, count);
          i++;
        }
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

  /** The end of the run of comparisons on the same column as conjunct {@code i} (just after it when it is none). */
  private int sameColumnEnd(int i) {
    int end = i + 1;
    if (conjuncts.get(i) instanceof Filter.Comparison first) {
      while (end < conjuncts.size() && conjuncts.get(end) instanceof Filter.Comparison c && c.column().equals(first.column())) {
        end++;
      }
    }
    return end;
  }

  /**
   * Comparisons of one column (as {@code a >= x AND a < y}) in one pass over the rows, when each is
   * a range of longs: the rows inside all of them. -1 when they are not; then each is its own pass.
   */
  private int selectBetween(List<Filter> comparisons, VectorSchemaRoot root, int[] rows, int count) {
    FieldVector vector = vector(root, ((Filter.Comparison) comparisons.get(0)).column());
    if (vector instanceof DictionaryVector) {
      return -1;
    }
    ColumnValues values = ColumnValues.of(vector);
    ColumnValues.Range range = null;
    for (Filter leaf : comparisons) {
      Filter.Comparison c = (Filter.Comparison) leaf;
      ColumnValues.Range next = values.range(c.op(), c.literal());
      range = next == null ? null : range == null ? next : range.and(next);
      if (range == null || range.inside() != TRUE) {
        return -1;
      }
    }
    return values.selectIn(range, rows, count);
  }

  /**
   * Tests of one dictionary-encoded column (a comparison, IN or prefix test, or comparisons of the
   * same column) in one pass: each row looks up their result on its entry, worked out once per
   * dictionary.
   */
  private static int selectEntries(List<Filter> tests, DictionaryVector encoded, int[] rows, int count) {
    Filter test = tests.size() == 1 ? tests.get(0) : new Filter.And(List.copyOf(tests));
    // a single test's entry results were counted in the statistics already
    byte[] byEntry = entryResults(test, testedColumn(tests.get(0)), encoded.dictionary(), null);
    return ColumnValues.selectEntries(encoded, byEntry, TRUE, rows, count);
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
      int kept = ColumnValues.of(vector(root, c.column())).select(c.op(), c.literal(), rows, count);
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
      byte[] byEntry = entryResults(filter, testedColumn(filter), encoded.dictionary(), null);
      boolean nulls = encoded.getNullCount() > 0;
      for (int i = 0; i < rows.length; i++) {
        int row = rows[i];
        out[i] = nulls && encoded.isNull(row) ? UNKNOWN : byEntry[encoded.index(row)];
      }
    } else if (filter instanceof Filter.Comparison c) {
      ColumnValues.of(vector(root, c.column())).compare(c.op(), c.literal(), rows, out);
    } else if (filter instanceof Filter.In in) {
      ColumnValues values = ColumnValues.of(vector(root, in.column()));
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
      entryResults(filter, testedColumn(filter), encoded.dictionary(), statistics);
    }
  }

  /**
   * The result of a test of {@code column} on each entry of a dictionary (never unknown: entries
   * are not null), worked out once per dictionary by filtering its entries as a batch of their own;
   * counted in {@code statistics} unless null.
   */
  private static byte[] entryResults(Filter test, String column, SharedDictionary dictionary, ScanStatistics statistics) {
    return dictionary.derived(new EntryResults(test), key -> {
      int size = dictionary.size();
      int[] entries = new int[size];
      for (int i = 0; i < size; i++) {
        entries[i] = i;
      }
      byte[] results = new byte[size];
      VectorSchemaRoot root = new VectorSchemaRoot(List.<FieldVector>of(dictionary.entries()));
      new RowFilter(test, Map.of(column, 0), Integer.MAX_VALUE).evaluate(test, root, entries, results);
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

  static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  static byte test(Filter.Op op, int comparison) {
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
}
