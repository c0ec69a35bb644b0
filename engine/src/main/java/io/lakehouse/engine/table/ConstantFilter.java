package io.lakehouse.engine.table;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;

/**
 * Evaluates a {@link Filter} on values that are the same in every row of a data file (partition
 * values), with the semantics {@link RowFilter} applies to rows: three-valued logic, decimals by
 * value, strings in Java {@link String#compareTo} order, binary in unsigned byte order, dates in
 * days and timestamps in microseconds. A filter on a floating point value, or whose literal does
 * not have the value's kind, is not evaluated ({@link Truth#CANNOT}), so that an answer is never
 * taken from a comparison the SQL layer could make differently.
 */
public final class ConstantFilter {

  private ConstantFilter() {}

  /** The value of a filter on one file's constants. */
  public enum Truth {
    /** True for every row of the file. */
    TRUE,
    /** False for every row. */
    FALSE,
    /** Unknown (null) for every row: a {@code WHERE} keeps none of them. */
    UNKNOWN,
    /** The filter reads a column without a constant, or cannot be evaluated exactly. */
    CANNOT;

    /** Whether the rows of a file with this value all pass a {@code WHERE}. */
    public boolean keepsRows() {
      return this == TRUE;
    }
  }

  /**
   * The filter's value on the constants.
   *
   * @param values each column's constant (in the {@link Filter} literal convention, null for
   *     SQL null); a column absent from the map has no constant
   */
  public static Truth evaluate(Filter filter, Map<String, Object> values) {
    if (filter instanceof Filter.And and) {
      Truth result = Truth.TRUE;
      for (Filter child : and.filters()) {
        Truth part = evaluate(child, values);
        if (part == Truth.CANNOT) {
          return Truth.CANNOT;
        }
        result = weaker(result, part, true);
      }
      return result;
    }
    if (filter instanceof Filter.Or or) {
      Truth result = Truth.FALSE;
      for (Filter child : or.filters()) {
        Truth part = evaluate(child, values);
        if (part == Truth.CANNOT) {
          return Truth.CANNOT;
        }
        result = weaker(result, part, false);
      }
      return result;
    }
    if (filter instanceof Filter.Not not) {
      return switch (evaluate(not.filter(), values)) {
        case TRUE -> Truth.FALSE;
        case FALSE -> Truth.TRUE;
        case UNKNOWN -> Truth.UNKNOWN;
        case CANNOT -> Truth.CANNOT;
      };
    }
    String column = column(filter);
    if (column == null || !values.containsKey(column)) {
      return Truth.CANNOT;
    }
    Object value = values.get(column);
    if (value instanceof Float || value instanceof Double) {
      return Truth.CANNOT;
    }
    if (filter instanceof Filter.IsNull) {
      return value == null ? Truth.TRUE : Truth.FALSE;
    }
    if (filter instanceof Filter.IsNotNull) {
      return value == null ? Truth.FALSE : Truth.TRUE;
    }
    if (filter instanceof Filter.StartsWith startsWith) {
      if (value == null) {
        return Truth.UNKNOWN;
      }
      return value instanceof String s ? truth(s.startsWith(startsWith.prefix())) : Truth.CANNOT;
    }
    if (filter instanceof Filter.In in) {
      if (value == null) {
        return Truth.UNKNOWN;
      }
      for (Object literal : in.values()) {
        Integer order = compare(value, literal);
        if (order == null) {
          return Truth.CANNOT;
        }
        if (order == 0) {
          return Truth.TRUE;
        }
      }
      return Truth.FALSE;
    }
    Filter.Comparison comparison = (Filter.Comparison) filter;
    if (value == null) {
      return Truth.UNKNOWN;
    }
    Integer order = compare(value, comparison.literal());
    if (order == null) {
      return Truth.CANNOT;
    }
    return truth(switch (comparison.op()) {
      case EQ -> order == 0;
      case NE -> order != 0;
      case LT -> order < 0;
      case LE -> order <= 0;
      case GT -> order > 0;
      case GE -> order >= 0;
    });
  }

  /** Kleene AND (the lesser of FALSE < UNKNOWN < TRUE) or OR (the greater). */
  private static Truth weaker(Truth a, Truth b, boolean conjunction) {
    int rankA = rank(a);
    int rankB = rank(b);
    return conjunction ? (rankA <= rankB ? a : b) : (rankA >= rankB ? a : b);
  }

  private static int rank(Truth truth) {
    return switch (truth) {
      case FALSE -> 0;
      case UNKNOWN -> 1;
      case TRUE -> 2;
      case CANNOT -> throw new IllegalArgumentException("CANNOT has no rank");
    };
  }

  private static Truth truth(boolean value) {
    return value ? Truth.TRUE : Truth.FALSE;
  }

  private static String column(Filter leaf) {
    if (leaf instanceof Filter.Comparison c) {
      return c.column();
    }
    if (leaf instanceof Filter.IsNull n) {
      return n.column();
    }
    if (leaf instanceof Filter.IsNotNull n) {
      return n.column();
    }
    if (leaf instanceof Filter.In in) {
      return in.column();
    }
    if (leaf instanceof Filter.StartsWith s) {
      return s.column();
    }
    return null;
  }

  /** The order of a value and a literal of the same kind, or null when their kinds differ. */
  private static Integer compare(Object value, Object literal) {
    if (isIntegral(value) && isIntegral(literal)) {
      return Long.compare(((Number) value).longValue(), ((Number) literal).longValue());
    }
    if (value instanceof BigDecimal a && literal instanceof BigDecimal b) {
      return a.compareTo(b);
    }
    if (value instanceof String a && literal instanceof String b) {
      return a.compareTo(b);
    }
    if (value instanceof byte[] a && literal instanceof byte[] b) {
      return Arrays.compareUnsigned(a, b);
    }
    if (value instanceof Boolean a && literal instanceof Boolean b) {
      return Boolean.compare(a, b);
    }
    return null;
  }

  private static boolean isIntegral(Object value) {
    return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
  }
}
