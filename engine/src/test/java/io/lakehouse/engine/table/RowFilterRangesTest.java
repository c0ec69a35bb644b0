package io.lakehouse.engine.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/**
 * A conjunction whose comparisons of one column become one pass over the rows (as {@code a >= x
 * AND a < y}) keeps exactly the rows a direct evaluation keeps, for every operator, with nulls,
 * over columns whose values compare as longs and columns whose values do not.
 */
class RowFilterRangesTest {

  private static final int ROWS = 3000;
  private static final List<String> COLUMNS = List.of("l", "i", "d", "dec", "wide", "f");
  private static final Filter.Op[] OPS = Filter.Op.values();

  @Test
  void comparisonsOfOneColumnInOnePassKeepTheRowsEachKeeps() {
    Random random = new Random(42);
    try (BufferAllocator allocator = Memory.newRootAllocator(1L << 30);
        VectorSchemaRoot root = root(allocator, random)) {
      Map<String, Integer> index = Map.of("l", 0, "i", 1, "d", 2, "dec", 3, "wide", 4, "f", 5);
      int nonEmpty = 0;
      for (int trial = 0; trial < 400; trial++) {
        List<Filter> leaves = new ArrayList<>();
        int n = 2 + random.nextInt(4);
        String column = COLUMNS.get(random.nextInt(COLUMNS.size()));
        for (int k = 0; k < n; k++) {
          // mostly the same column, so that runs of it form; now and then another between them
          String c = random.nextInt(4) == 0 ? COLUMNS.get(random.nextInt(COLUMNS.size())) : column;
          leaves.add(new Filter.Comparison(c, OPS[random.nextInt(OPS.length)], literal(c, random)));
        }
        Filter conjunction = new Filter.And(leaves);
        int[] rows = random.nextBoolean() ? allRows() : someRows(random);
        int[] expected = Arrays.stream(rows).filter(row -> holds(leaves, root, row)).toArray();
        int[] actual = rows.clone();
        int kept = RowFilter.of(conjunction, index).select(root, actual, actual.length, new ScanStatistics());
        assertArrayEquals(expected, Arrays.copyOf(actual, kept), conjunction.toString());
        nonEmpty += kept > 0 && kept < rows.length ? 1 : 0;
      }
      assertTrue(nonEmpty > 50, "conjunctions that keep some rows but not all: " + nonEmpty);
    }
  }

  private static VectorSchemaRoot root(BufferAllocator allocator, Random random) {
    BigIntVector l = new BigIntVector("l", allocator);
    IntVector i = new IntVector("i", allocator);
    DateDayVector d = new DateDayVector("d", allocator);
    DecimalVector dec = new DecimalVector("dec", allocator, 9, 2);
    DecimalVector wide = new DecimalVector("wide", allocator, 38, 2);
    Float8Vector f = new Float8Vector("f", allocator);
    List<FieldVector> vectors = List.of(l, i, d, dec, wide, f);
    vectors.forEach(v -> {
      v.setInitialCapacity(ROWS);
      v.allocateNew();
    });
    for (int row = 0; row < ROWS; row++) {
      if (random.nextInt(7) == 0) {
        l.setNull(row);
      } else {
        l.set(row, random.nextInt(41) - 20 + (random.nextInt(50) == 0 ? Long.MAX_VALUE - 30 : 0));
      }
      if (random.nextInt(7) == 0) {
        i.setNull(row);
      } else {
        i.set(row, random.nextInt(41) - 20);
      }
      if (random.nextInt(7) == 0) {
        d.setNull(row);
      } else {
        d.set(row, 19_000 + random.nextInt(30));
      }
      if (random.nextInt(7) == 0) {
        dec.setNull(row);
        wide.setNull(row);
      } else {
        dec.set(row, BigDecimal.valueOf(random.nextInt(41) - 20, 2));
        wide.set(row, BigDecimal.valueOf(random.nextInt(41) - 20, 2));
      }
      if (random.nextInt(7) == 0) {
        f.setNull(row);
      } else {
        f.set(row, (random.nextInt(41) - 20) / 4.0);
      }
    }
    vectors.forEach(v -> v.setValueCount(ROWS));
    return new VectorSchemaRoot(vectors);
  }

  private static Object literal(String column, Random random) {
    int v = random.nextInt(45) - 22;
    return switch (column) {
      case "l" -> random.nextInt(10) == 0 ? Long.MAX_VALUE - 25 : (long) v;
      case "i" -> v;
      case "d" -> 19_000 + v / 2;
      // a literal with more digits than the column's scale does not compare as a long
      case "dec", "wide" -> random.nextInt(8) == 0 ? new BigDecimal("0.055") : BigDecimal.valueOf(v, 2);
      default -> v / 4.0;
    };
  }

  /** SQL's AND of the comparisons: a null value makes a comparison not true. */
  private static boolean holds(List<Filter> leaves, VectorSchemaRoot root, int row) {
    for (Filter leaf : leaves) {
      Filter.Comparison c = (Filter.Comparison) leaf;
      FieldVector vector = root.getVector(c.column());
      if (vector.isNull(row)) {
        return false;
      }
      int order = compare(vector.getObject(row), c.literal());
      boolean result = switch (c.op()) {
        case EQ -> order == 0;
        case NE -> order != 0;
        case LT -> order < 0;
        case LE -> order <= 0;
        case GT -> order > 0;
        case GE -> order >= 0;
      };
      if (!result) {
        return false;
      }
    }
    return true;
  }

  private static int compare(Object value, Object literal) {
    if (value instanceof BigDecimal d) {
      return d.compareTo((BigDecimal) literal);
    }
    if (value instanceof Double d) {
      return Double.compare(d, ((Number) literal).doubleValue());
    }
    return Long.compare(((Number) value).longValue(), ((Number) literal).longValue());
  }

  private static int[] allRows() {
    int[] rows = new int[ROWS];
    Arrays.setAll(rows, r -> r);
    return rows;
  }

  private static int[] someRows(Random random) {
    return Arrays.stream(allRows()).filter(r -> random.nextInt(3) > 0).toArray();
  }
}
