package io.lakehouse.engine.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.iceberg.io.CloseableIterator;

/**
 * Random rows and random filters over them, for checking that skipping never loses a row that
 * matches: the rows a filter keeps are computed here, with SQL's three-valued logic and Java's
 * floating point comparisons, over what a scan with skipping returns and what one without returns.
 *
 * <p>The columns are {@code id} (long, unique), {@code x} (int), {@code f} (double with NaN, -0.0
 * and 0.0), {@code s} (string with shared prefixes), {@code dec} (decimal(9,2)), {@code d} (date),
 * {@code ts} (timestamp micros) and {@code p} (int, a partition column in both formats); every
 * column but id and p holds nulls.
 */
public final class RandomFilters {

  public static final List<String> COLUMNS = List.of("id", "x", "f", "s", "dec", "d", "ts", "p");
  public static final int FIRST_DAY = 19_000;
  public static final long FIRST_MICROS = 1_640_000_000_000_000L;
  private static final double[] SPECIAL_DOUBLES = {Double.NaN, -0.0, 0.0, 1.5, -2.25, Double.POSITIVE_INFINITY};
  private static final String[] PREFIXES = {"", "a", "ab", "abc", "abd", "b", "ba"};

  private final Random random;
  private final List<Map<String, Object>> rows = new ArrayList<>();

  public RandomFilters(long seed) {
    this.random = new Random(seed);
  }

  /**
   * Makes the rows of {@code files} files of 5-40 rows, sorted by id. Some files hold one value in
   * a column (min = max), some only nulls.
   */
  public List<List<Map<String, Object>>> files(int files) {
    List<List<Map<String, Object>>> result = new ArrayList<>();
    long id = 0;
    for (int file = 0; file < files; file++) {
      int count = 5 + random.nextInt(36);
      String constantColumn = COLUMNS.get(1 + random.nextInt(COLUMNS.size() - 2));
      String nullColumn = random.nextInt(3) == 0 ? COLUMNS.get(1 + random.nextInt(COLUMNS.size() - 2)) : null;
      Map<String, Object> constants = row(id, file);
      List<Map<String, Object>> fileRows = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Map<String, Object> row = row(id++, file);
        row.put(constantColumn, constants.get(constantColumn));
        if (nullColumn != null) {
          row.put(nullColumn, null);
        }
        fileRows.add(row);
      }
      rows.addAll(fileRows);
      result.add(fileRows);
    }
    return result;
  }

  private Map<String, Object> row(long id, int file) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("p", file % 3);
    row.put("x", maybeNull(() -> random.nextInt(101) - 50));
    row.put("f", maybeNull(() -> random.nextInt(3) == 0
        ? SPECIAL_DOUBLES[random.nextInt(SPECIAL_DOUBLES.length)]
        : (random.nextInt(2001) - 1000) / 8.0));
    row.put("s", maybeNull(() -> PREFIXES[random.nextInt(PREFIXES.length)] + random.nextInt(30)));
    row.put("dec", maybeNull(() -> BigDecimal.valueOf(random.nextInt(20001) - 10000, 2)));
    row.put("d", maybeNull(() -> FIRST_DAY + random.nextInt(60)));
    row.put("ts", maybeNull(() -> FIRST_MICROS + random.nextInt(100_000) * 1_000_003L));
    return row;
  }

  private Object maybeNull(java.util.function.Supplier<Object> value) {
    return random.nextInt(10) == 0 ? null : value.get();
  }

  /** A random filter of depth at most 3 whose literals are mostly values of the rows. */
  public Filter filter() {
    return filter(3);
  }

  private Filter filter(int depth) {
    int choice = depth == 0 ? 0 : random.nextInt(10);
    if (choice < 5) {
      return leaf();
    }
    if (choice < 7) {
      return new Filter.And(children(depth));
    }
    if (choice < 9) {
      return new Filter.Or(children(depth));
    }
    return new Filter.Not(filter(depth - 1));
  }

  private List<Filter> children(int depth) {
    List<Filter> children = new ArrayList<>();
    int count = 2 + random.nextInt(2);
    for (int i = 0; i < count; i++) {
      children.add(filter(depth - 1));
    }
    return children;
  }

  /** When not null, the one column leaves compare. */
  private String leafColumn;

  private Filter leaf() {
    String column = leafColumn != null ? leafColumn : COLUMNS.get(random.nextInt(COLUMNS.size()));
    int kind = random.nextInt(12);
    if (kind == 0) {
      return new Filter.IsNull(column);
    }
    if (kind == 1) {
      return new Filter.IsNotNull(column);
    }
    if (kind == 2) {
      List<Object> values = new ArrayList<>();
      int count = 1 + random.nextInt(4);
      for (int i = 0; i < count; i++) {
        values.add(literal(column));
      }
      return new Filter.In(column, values);
    }
    if (kind == 3 && column.equals("s")) {
      String value = (String) existing("s");
      String prefix = value == null ? "ab" : value.substring(0, random.nextInt(value.length() + 1));
      return new Filter.StartsWith("s", prefix);
    }
    Filter.Op op = Filter.Op.values()[random.nextInt(Filter.Op.values().length)];
    return new Filter.Comparison(column, op, literal(column));
  }

  private Object existing(String column) {
    for (int tries = 0; tries < 20; tries++) {
      Object value = rows.get(random.nextInt(rows.size())).get(column);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** A literal in the Arrow convention of the column: a value of the rows, a neighbour or an edge. */
  private Object literal(String column) {
    Object value = existing(column);
    boolean nudge = random.nextInt(4) == 0;
    switch (column) {
      case "id", "x", "p" -> {
        long v = value == null ? 0 : ((Number) value).longValue();
        return nudge ? v + random.nextInt(3) - 1 : v;
      }
      case "f" -> {
        if (value == null || nudge) {
          return SPECIAL_DOUBLES[random.nextInt(SPECIAL_DOUBLES.length)];
        }
        return value;
      }
      case "s" -> {
        String s = value == null ? "ab" : (String) value;
        return nudge ? s.substring(0, random.nextInt(s.length() + 1)) + (char) ('0' + random.nextInt(75)) : s;
      }
      case "dec" -> {
        BigDecimal v = value == null ? BigDecimal.ZERO : (BigDecimal) value;
        return nudge ? v.add(new BigDecimal("0.005")) : v;
      }
      case "d" -> {
        int v = value == null ? FIRST_DAY : (Integer) value;
        return nudge ? v + random.nextInt(3) - 1 : v;
      }
      case "ts" -> {
        long v = value == null ? FIRST_MICROS : (Long) value;
        return nudge ? v + random.nextInt(3) - 1 : v;
      }
      default -> throw new IllegalArgumentException(column);
    }
  }

  /** Whether the filter is true for the row (false and unknown both leave the row out). */
  public static boolean matches(Filter filter, Map<String, Object> row) {
    return Boolean.TRUE.equals(eval(filter, row));
  }

  private static Boolean eval(Filter filter, Map<String, Object> row) {
    if (filter instanceof Filter.Comparison c) {
      Object value = row.get(c.column());
      return value == null ? null : compare(c.op(), value, c.literal());
    }
    if (filter instanceof Filter.IsNull n) {
      return row.get(n.column()) == null;
    }
    if (filter instanceof Filter.IsNotNull n) {
      return row.get(n.column()) != null;
    }
    if (filter instanceof Filter.In in) {
      Object value = row.get(in.column());
      if (value == null) {
        return null;
      }
      return in.values().stream().anyMatch(v -> compare(Filter.Op.EQ, value, v));
    }
    if (filter instanceof Filter.StartsWith s) {
      Object value = row.get(s.column());
      return value == null ? null : ((String) value).startsWith(s.prefix());
    }
    if (filter instanceof Filter.Not not) {
      Boolean inner = eval(not.filter(), row);
      return inner == null ? null : !inner;
    }
    if (filter instanceof Filter.And and) {
      Boolean result = true;
      for (Filter child : and.filters()) {
        Boolean b = eval(child, row);
        if (Boolean.FALSE.equals(b)) {
          return false;
        }
        if (b == null) {
          result = null;
        }
      }
      return result;
    }
    if (filter instanceof Filter.Or or) {
      Boolean result = false;
      for (Filter child : or.filters()) {
        Boolean b = eval(child, row);
        if (Boolean.TRUE.equals(b)) {
          return true;
        }
        if (b == null) {
          result = null;
        }
      }
      return result;
    }
    throw new IllegalArgumentException(filter.toString());
  }

  private static boolean compare(Filter.Op op, Object value, Object literal) {
    if (value instanceof Double d) {
      double l = ((Number) literal).doubleValue();
      return switch (op) {
        case EQ -> d == l;
        case NE -> d != l;
        case LT -> d < l;
        case LE -> d <= l;
        case GT -> d > l;
        case GE -> d >= l;
      };
    }
    int c;
    if (value instanceof Boolean b) {
      c = Boolean.compare(b, (Boolean) literal);
    } else if (value instanceof BigDecimal b) {
      c = b.compareTo((BigDecimal) literal);
    } else if (value instanceof String s) {
      c = s.compareTo((String) literal);
    } else {
      c = Long.compare(((Number) value).longValue(), ((Number) literal).longValue());
    }
    return switch (op) {
      case EQ -> c == 0;
      case NE -> c != 0;
      case LT -> c < 0;
      case LE -> c <= 0;
      case GT -> c > 0;
      case GE -> c >= 0;
    };
  }

  /**
   * Asserts that a snapshot holding the rows of {@link #files} returns the rows that 20 random
   * filters match when read without skipping, then those that 120 more match when pushed; returns
   * what the pushed scans read.
   */
  public ScanStatistics assertSkippingKeepsMatchingRows(LakeSnapshot snapshot) {
    for (int i = 0; i < 20; i++) {
      Filter filter = filter();
      assertEquals(expectedIds(filter), matchingIds(snapshot, Filter.ALWAYS_TRUE, filter, new ScanStatistics()),
          filter::toString);
    }
    ScanStatistics statistics = new ScanStatistics();
    for (int i = 0; i < 120; i++) {
      Filter filter = filter();
      assertEquals(expectedIds(filter), matchingIds(snapshot, filter, filter, statistics), filter::toString);
    }
    return statistics;
  }

  /**
   * Asserts that the residual of 120 random filters, evaluated on the batches of a scan that skips
   * nothing, keeps exactly the rows the filter matches: no row it keeps fails the filter and no
   * matching row is lost. Returns what the scans read and filtered.
   */
  public ScanStatistics assertResidualKeepsExactlyMatchingRows(LakeSnapshot snapshot) {
    Map<String, org.apache.arrow.vector.types.pojo.ArrowType> types = new HashMap<>();
    snapshot.schema().getFields().forEach(f -> types.put(f.getName(), f.getType()));
    Map<String, Integer> vectorIndex = new HashMap<>();
    for (int c = 0; c < COLUMNS.size(); c++) {
      vectorIndex.put(COLUMNS.get(c), c);
    }
    ScanStatistics statistics = new ScanStatistics();
    for (int i = 0; i < 120; i++) {
      Filter filter = filter();
      RowFilter rowFilter = RowFilter.of(RowFilter.residual(filter, types::get), vectorIndex);
      TreeSet<Long> kept = new TreeSet<>();
      forEachRow(snapshot, Filter.ALWAYS_TRUE, rowFilter, statistics, row -> {
        if (!matches(filter, row)) {
          throw new AssertionError(filter + ": the residual kept id " + row.get("id") + ", which it does not match");
        }
        kept.add((Long) row.get("id"));
      });
      assertEquals(expectedIds(filter), kept, filter::toString);
    }
    return statistics;
  }

  /** The ids of the rows a snapshot returns for the filter pushed that the filter matches, counting what the scan read. */
  private static TreeSet<Long> matchingIds(
      LakeSnapshot snapshot, Filter pushed, Filter filter, ScanStatistics statistics) {
    TreeSet<Long> ids = new TreeSet<>();
    forEachRow(snapshot, pushed, null, statistics, row -> {
      if (matches(filter, row) && !ids.add((Long) row.get("id"))) {
        throw new AssertionError("id " + row.get("id") + " read twice");
      }
    });
    return ids;
  }

  /** Hands each row a scan returns (narrowed by {@code rowFilter} unless null) to {@code action}. */
  private static void forEachRow(
      LakeSnapshot snapshot, Filter pushed, RowFilter rowFilter, ScanStatistics statistics,
      java.util.function.Consumer<Map<String, Object>> action) {
    List<String> names = snapshot.schema().getFields().stream().map(f -> f.getName()).toList();
    int[] projection = COLUMNS.stream().mapToInt(names::indexOf).toArray();
    try (BufferAllocator allocator = Memory.newRootAllocator(1L << 28)) {
      ScanContext context = new ScanContext(allocator, 7, statistics);
      for (ScanTask task : snapshot.plan(new ScanRequest(projection, pushed)).tasks()) {
        try (CloseableIterator<RowBatch> batches = task.open(context)) {
          while (batches.hasNext()) {
            RowBatch read = batches.next();
            try (RowBatch batch = rowFilter == null ? read : rowFilter.apply(read, statistics)) {
              for (int i = 0; i < batch.rowCount(); i++) {
                Map<String, Object> row = new HashMap<>();
                for (int c = 0; c < COLUMNS.size(); c++) {
                  row.put(COLUMNS.get(c), raw(batch.root().getVector(c), batch.rowIndex(i)));
                }
                action.accept(row);
              }
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /** The value in the Arrow physical convention of the filters. */
  private static Object raw(FieldVector vector, int index) {
    if (vector.isNull(index)) {
      return null;
    }
    if (vector instanceof BigIntVector v) {
      return v.get(index);
    }
    if (vector instanceof IntVector v) {
      return v.get(index);
    }
    if (vector instanceof Float8Vector v) {
      return v.get(index);
    }
    if (vector instanceof VarCharVector v) {
      return new String(v.get(index), java.nio.charset.StandardCharsets.UTF_8);
    }
    if (vector instanceof DecimalVector v) {
      return v.getObject(index);
    }
    if (vector instanceof DateDayVector v) {
      return v.get(index);
    }
    if (vector instanceof TimeStampVector v) {
      return v.get(index);
    }
    throw new IllegalArgumentException("Unexpected vector " + vector.getClass());
  }

  /**
   * Asserts that {@code COUNT(*)} of 100 random filters on the partition column {@code p} alone,
   * and of 40 that also read other columns, taken from metadata when the snapshot gives it, is the
   * number of rows the filter matches; returns how many of the filters on {@code p} had an answer.
   */
  public int assertMetadataCountsMatch(LakeSnapshot snapshot) {
    int answered = 0;
    for (int i = 0; i < 140; i++) {
      leafColumn = i < 100 ? "p" : null;
      Filter filter;
      try {
        filter = filter();
      } finally {
        leafColumn = null;
      }
      java.util.Optional<MetadataAggregates> count = snapshot.metadataCount(filter);
      if (count.isPresent()) {
        assertEquals(expectedIds(filter).size(), count.get().rowCount(), filter::toString);
        if (i < 100) {
          answered++;
        }
      }
    }
    return answered;
  }

  /** The expected ids computed from the generated rows, for checking the scans themselves. */
  public TreeSet<Long> expectedIds(Filter filter) {
    TreeSet<Long> ids = new TreeSet<>();
    for (Map<String, Object> row : rows) {
      if (matches(filter, row)) {
        ids.add((Long) row.get("id"));
      }
    }
    return ids;
  }
}
