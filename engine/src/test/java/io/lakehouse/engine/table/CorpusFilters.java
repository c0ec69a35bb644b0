package io.lakehouse.engine.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.iceberg.io.CloseableIterator;

/**
 * Random filters over a table written by another engine, checking that skipping with its
 * statistics (truncated strings, millisecond timestamps, NaN, legacy encodings) never loses a
 * matching row: the rows a filter matches, read with the filter pushed, must be those it matches
 * among all rows read without it. Filters use the table's top-level columns of simple types, with
 * literals taken from its rows.
 */
public final class CorpusFilters {

  private final LakeSnapshot snapshot;
  private final Random random;
  private final int[] projection;
  private final List<String> names = new ArrayList<>();
  private final List<Map<String, Object>> rows;

  public CorpusFilters(LakeSnapshot snapshot, long seed) {
    this.snapshot = snapshot;
    this.random = new Random(seed);
    List<Integer> columns = new ArrayList<>();
    List<Field> fields = snapshot.schema().getFields();
    for (int i = 0; i < fields.size(); i++) {
      if (isSimple(fields.get(i).getType())) {
        columns.add(i);
        names.add(fields.get(i).getName());
      }
    }
    this.projection = columns.stream().mapToInt(Integer::intValue).toArray();
    this.rows = read(Filter.ALWAYS_TRUE);
  }

  /** Whether the table has a column to filter on and rows to take literals from. */
  public boolean hasData() {
    return !names.isEmpty() && !rows.isEmpty();
  }

  /** Checks {@code count} random filters. */
  public void check(int count) {
    for (int i = 0; i < count; i++) {
      Filter filter = filter(2);
      List<String> expected = matching(rows, filter);
      List<String> actual = matching(read(filter), filter);
      assertEquals(expected, actual, () -> snapshot.table().name() + ": " + filter);
    }
  }

  private static List<String> matching(List<Map<String, Object>> rows, Filter filter) {
    List<String> matching = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      if (RandomFilters.matches(filter, row)) {
        matching.add(row.toString());
      }
    }
    matching.sort(null);
    return matching;
  }

  private static boolean isSimple(ArrowType type) {
    return type instanceof ArrowType.Int
        || type instanceof ArrowType.FloatingPoint
        || type instanceof ArrowType.Decimal
        || type instanceof ArrowType.Utf8
        || type instanceof ArrowType.Date
        || type instanceof ArrowType.Timestamp
        || type instanceof ArrowType.Bool;
  }

  private Filter filter(int depth) {
    int choice = depth == 0 ? 0 : random.nextInt(10);
    if (choice < 6) {
      return leaf();
    }
    List<Filter> children = List.of(filter(depth - 1), filter(depth - 1));
    return choice < 8 ? new Filter.And(children) : choice < 9 ? new Filter.Or(children) : new Filter.Not(children.get(0));
  }

  private Filter leaf() {
    String column = names.get(random.nextInt(names.size()));
    Object value = rows.get(random.nextInt(rows.size())).get(column);
    int kind = random.nextInt(10);
    if (value == null || kind == 0) {
      return random.nextBoolean() ? new Filter.IsNull(column) : new Filter.IsNotNull(column);
    }
    if (value instanceof String s && kind == 1) {
      return new Filter.StartsWith(column, s.substring(0, random.nextInt(s.length() + 1)));
    }
    if (kind == 2) {
      Object other = rows.get(random.nextInt(rows.size())).get(column);
      return new Filter.In(column, other == null ? List.of(nudge(value)) : List.of(nudge(value), other));
    }
    Filter.Op op = value instanceof Boolean
        ? (random.nextBoolean() ? Filter.Op.EQ : Filter.Op.NE)
        : Filter.Op.values()[random.nextInt(Filter.Op.values().length)];
    return new Filter.Comparison(column, op, nudge(value));
  }

  /** The value, or sometimes one next to it. */
  private Object nudge(Object value) {
    if (random.nextInt(3) != 0) {
      return value;
    }
    if (value instanceof Long l) {
      return l + random.nextInt(3) - 1;
    }
    if (value instanceof Integer i) {
      return i + random.nextInt(3) - 1;
    }
    if (value instanceof Double d) {
      return random.nextBoolean() ? d + 0.5 : new double[] {-0.0, 0.0, Double.NaN}[random.nextInt(3)];
    }
    if (value instanceof BigDecimal b) {
      return b.add(BigDecimal.ONE.movePointLeft(b.scale() + 1));
    }
    if (value instanceof String s) {
      return s.substring(0, random.nextInt(s.length() + 1)) + (char) ('0' + random.nextInt(75));
    }
    return value;
  }

  private List<Map<String, Object>> read(Filter filter) {
    List<Map<String, Object>> read = new ArrayList<>();
    try (BufferAllocator allocator = Memory.newRootAllocator(1L << 30)) {
      ScanContext context = new ScanContext(allocator, 1000);
      for (ScanTask task : snapshot.plan(new ScanRequest(projection, filter)).tasks()) {
        try (CloseableIterator<RowBatch> batches = task.open(context)) {
          while (batches.hasNext()) {
            try (RowBatch batch = batches.next()) {
              for (int i = 0; i < batch.rowCount(); i++) {
                Map<String, Object> row = new HashMap<>();
                for (int c = 0; c < names.size(); c++) {
                  row.put(names.get(c), value(batch.root().getVector(c), batch.rowIndex(i)));
                }
                read.add(row);
              }
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return read;
  }

  /** The value in the Arrow physical convention of filters; floats widened to double. */
  private static Object value(FieldVector vector, int index) {
    if (vector.isNull(index)) {
      return null;
    }
    if (vector instanceof DateDayVector v) {
      return v.get(index);
    }
    if (vector instanceof BaseIntVector v) {
      return v.getValueAsLong(index);
    }
    if (vector instanceof Float4Vector v) {
      return (double) v.get(index);
    }
    if (vector instanceof Float8Vector v) {
      return v.get(index);
    }
    if (vector instanceof DecimalVector v) {
      return v.getObject(index);
    }
    if (vector instanceof VarCharVector v) {
      return new String(v.get(index), StandardCharsets.UTF_8);
    }
    if (vector instanceof TimeStampVector v) {
      return v.get(index);
    }
    if (vector instanceof TimeMicroVector v) {
      return v.get(index);
    }
    if (vector instanceof BitVector v) {
      return v.get(index) == 1;
    }
    throw new IllegalArgumentException("Unexpected vector " + vector.getClass());
  }
}
