package io.lakehouse.engine.table;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Prepares a {@link Filter} for translation into a table format's skipping expression, and walks
 * it for the translators.
 *
 * <p>Skipping must never drop a row the filter keeps, so every step here may only weaken the filter
 * (keep more rows), never strengthen it. {@link #implied} rewrites a filter into one without
 * {@code NOT} that every matching row also matches: negations are pushed down to the comparisons
 * (De Morgan, {@code NOT a < 1} to {@code a >= 1}), and what cannot be negated exactly is
 * dropped. Once no {@code NOT} is left, a translator may drop any conjunct it cannot express and
 * weaken any leaf, which keeps the pushed predicate implied by the filter.
 *
 * <p>Floating point follows Java's comparisons, as the SQL layer does: NaN is neither equal to,
 * less than nor greater than any value, and {@code -0.0 = 0.0}. Formats and Parquet order
 * statistics by a total order in which {@code -0.0 < 0.0}, so comparisons with a zero are widened
 * to hold both zeros; comparisons with NaN, inequality and negated comparisons on floating point
 * columns (true for NaN) are not pushed.
 */
public final class SkippingFilters {

  /** Matches no row. */
  public static final Filter ALWAYS_FALSE = new Filter.Or(List.of());

  private SkippingFilters() {}

  /**
   * A filter without {@code NOT} that every row matching {@code filter} matches.
   *
   * @param isFloatingPoint whether a column holds float or double values
   */
  public static Filter implied(Filter filter, Predicate<String> isFloatingPoint) {
    return implied(filter, false, isFloatingPoint);
  }

  private static Filter implied(Filter filter, boolean negated, Predicate<String> isFloatingPoint) {
    if (filter instanceof Filter.Not not) {
      return implied(not.filter(), !negated, isFloatingPoint);
    }
    if (filter instanceof Filter.And and) {
      List<Filter> children = new ArrayList<>();
      and.filters().forEach(child -> children.add(implied(child, negated, isFloatingPoint)));
      return negated ? or(children) : and(children);
    }
    if (filter instanceof Filter.Or or) {
      List<Filter> children = new ArrayList<>();
      or.filters().forEach(child -> children.add(implied(child, negated, isFloatingPoint)));
      return negated ? and(children) : or(children);
    }
    if (filter instanceof Filter.IsNull isNull) {
      return negated ? new Filter.IsNotNull(isNull.column()) : isNull;
    }
    if (filter instanceof Filter.IsNotNull isNotNull) {
      return negated ? new Filter.IsNull(isNotNull.column()) : isNotNull;
    }
    if (filter instanceof Filter.Comparison comparison) {
      boolean floating = isFloatingPoint.test(comparison.column());
      if (!negated) {
        return floating ? floatingComparison(comparison) : comparison;
      }
      if (floating) {
        return Filter.ALWAYS_TRUE;
      }
      return new Filter.Comparison(comparison.column(), negate(comparison.op()), comparison.literal());
    }
    if (filter instanceof Filter.In in) {
      boolean floating = isFloatingPoint.test(in.column());
      if (negated) {
        if (floating) {
          return Filter.ALWAYS_TRUE;
        }
        List<Filter> notEqual = new ArrayList<>();
        in.values().forEach(v -> notEqual.add(new Filter.Comparison(in.column(), Filter.Op.NE, v)));
        return and(notEqual);
      }
      return floating ? floatingIn(in) : in;
    }
    if (filter instanceof Filter.StartsWith startsWith) {
      if (!negated) {
        return startsWith;
      }
      if (startsWith.prefix().isEmpty()) {
        // NOT (s LIKE '%') is never true: not null means false, null stays null
        return ALWAYS_FALSE;
      }
      // exact only when no character of the prefix sorts differently in UTF-16 and code point order
      if (startsWith.prefix().chars().anyMatch(c -> c >= 0xD7FF)) {
        return Filter.ALWAYS_TRUE;
      }
      String upper = prefixUpperBound(startsWith.prefix());
      return or(List.of(
          new Filter.Comparison(startsWith.column(), Filter.Op.LT, startsWith.prefix()),
          new Filter.Comparison(startsWith.column(), Filter.Op.GE, upper)));
    }
    throw new IllegalArgumentException("Unknown filter " + filter);
  }

  private static Filter floatingComparison(Filter.Comparison comparison) {
    if (!(comparison.literal() instanceof Number number)) {
      return Filter.ALWAYS_TRUE;
    }
    double value = number.doubleValue();
    if (Double.isNaN(value) || comparison.op() == Filter.Op.NE) {
      return Filter.ALWAYS_TRUE;
    }
    if (value != 0) {
      return comparison;
    }
    String column = comparison.column();
    // in the total order -0.0 < 0.0; choose the zero that keeps both zeros where SQL keeps them
    return switch (comparison.op()) {
      case EQ -> and(List.of(
          new Filter.Comparison(column, Filter.Op.GE, -0.0d),
          new Filter.Comparison(column, Filter.Op.LE, 0.0d)));
      case LT -> new Filter.Comparison(column, Filter.Op.LT, -0.0d);
      case LE -> new Filter.Comparison(column, Filter.Op.LE, 0.0d);
      case GT -> new Filter.Comparison(column, Filter.Op.GT, 0.0d);
      case GE -> new Filter.Comparison(column, Filter.Op.GE, -0.0d);
      case NE -> Filter.ALWAYS_TRUE;
    };
  }

  private static Filter floatingIn(Filter.In in) {
    List<Object> values = new ArrayList<>();
    for (Object value : in.values()) {
      if (!(value instanceof Number number) || Double.isNaN(number.doubleValue())) {
        return Filter.ALWAYS_TRUE;
      }
      if (number.doubleValue() == 0) {
        values.add(-0.0d);
        values.add(0.0d);
      } else {
        values.add(value);
      }
    }
    return new Filter.In(in.column(), values);
  }

  private static Filter.Op negate(Filter.Op op) {
    return switch (op) {
      case EQ -> Filter.Op.NE;
      case NE -> Filter.Op.EQ;
      case LT -> Filter.Op.GE;
      case LE -> Filter.Op.GT;
      case GT -> Filter.Op.LE;
      case GE -> Filter.Op.LT;
    };
  }

  /** The conjunction, without the conjuncts that are always true. */
  private static Filter and(List<Filter> children) {
    List<Filter> kept = new ArrayList<>();
    for (Filter child : children) {
      if (child instanceof Filter.And and) {
        kept.addAll(and.filters());
      } else {
        kept.add(child);
      }
    }
    return kept.size() == 1 ? kept.get(0) : new Filter.And(kept);
  }

  /** The disjunction; always true when one of the children is. */
  private static Filter or(List<Filter> children) {
    List<Filter> kept = new ArrayList<>();
    for (Filter child : children) {
      if (Filters.isAlwaysTrue(child)) {
        return Filter.ALWAYS_TRUE;
      }
      if (child instanceof Filter.Or or) {
        kept.addAll(or.filters());
      } else {
        kept.add(child);
      }
    }
    return kept.size() == 1 ? kept.get(0) : new Filter.Or(kept);
  }

  /**
   * The least string above every string that starts with {@code prefix} in both UTF-16 and
   * code point (UTF-8 byte) order, or null when there is none that is easy to name. Trailing
   * characters from U+D7FF on (surrogates and the characters that sort differently in the two
   * orders) are dropped before the last one is incremented.
   */
  public static String prefixUpperBound(String prefix) {
    int end = prefix.length();
    while (end > 0 && prefix.charAt(end - 1) >= 0xD7FF) {
      end--;
    }
    if (end == 0) {
      return null;
    }
    return prefix.substring(0, end - 1) + (char) (prefix.charAt(end - 1) + 1);
  }

  /**
   * A decimal literal at a column's precision and scale: exact for equality and inequality (null
   * when the value has more fractional digits), else rounded so that the comparison keeps every
   * row it kept ({@code x < 1.005} is {@code x < 1.01} at scale 2); null when it has more integer
   * digits than the column can hold.
   *
   * @param value a {@code BigDecimal}, or an integral {@code Long} or {@code Integer}
   */
  public static BigDecimal decimal(Object value, int precision, int scale, Filter.Op op) {
    BigDecimal v;
    if (value instanceof BigDecimal b) {
      v = b;
    } else if (value instanceof Long || value instanceof Integer) {
      v = BigDecimal.valueOf(((Number) value).longValue());
    } else {
      return null;
    }
    BigDecimal scaled;
    switch (op) {
      case LT, GE -> scaled = v.setScale(scale, RoundingMode.CEILING);
      case LE, GT -> scaled = v.setScale(scale, RoundingMode.FLOOR);
      default -> {
        if (v.compareTo(v.setScale(scale, RoundingMode.DOWN)) != 0) {
          return null;
        }
        scaled = v.setScale(scale, RoundingMode.UNNECESSARY);
      }
    }
    return scaled.signum() == 0 || scaled.precision() - scaled.scale() <= precision - scale ? scaled : null;
  }

  /**
   * Builds a format's predicate from a filter returned by {@link #implied}. A translator returns
   * null for a leaf it cannot express; the walk then drops that conjunct, or the whole disjunction
   * it is part of, so the result stays implied by the filter.
   *
   * @param <P> the format's predicate type
   */
  public abstract static class Translator<P> {

    /** The predicate, or null when nothing can be pushed (every row may match). */
    public final P translate(Filter filter) {
      if (filter instanceof Filter.And and) {
        List<P> parts = new ArrayList<>();
        for (Filter child : and.filters()) {
          P part = translate(child);
          if (part != null) {
            parts.add(part);
          }
        }
        return parts.isEmpty() ? null : combine(parts, true);
      }
      if (filter instanceof Filter.Or or) {
        if (or.filters().isEmpty()) {
          return alwaysFalse();
        }
        List<P> parts = new ArrayList<>();
        for (Filter child : or.filters()) {
          P part = translate(child);
          if (part == null) {
            return null;
          }
          parts.add(part);
        }
        return combine(parts, false);
      }
      if (filter instanceof Filter.Comparison c) {
        return comparison(c.column(), c.op(), c.literal());
      }
      if (filter instanceof Filter.IsNull n) {
        return isNull(n.column(), true);
      }
      if (filter instanceof Filter.IsNotNull n) {
        return isNull(n.column(), false);
      }
      if (filter instanceof Filter.In in) {
        return in(in.column(), in.values());
      }
      if (filter instanceof Filter.StartsWith s) {
        return startsWith(s.column(), s.prefix());
      }
      throw new IllegalArgumentException("Not an implied filter (see SkippingFilters.implied): " + filter);
    }

    /** A balanced tree of binary ANDs or ORs, so deep filters do not nest deeply. */
    private P combine(List<P> parts, boolean conjunction) {
      if (parts.size() == 1) {
        return parts.get(0);
      }
      int middle = parts.size() / 2;
      P left = combine(parts.subList(0, middle), conjunction);
      P right = combine(parts.subList(middle, parts.size()), conjunction);
      return conjunction ? and(left, right) : or(left, right);
    }

    /** {@code column op literal}, or null. */
    protected abstract P comparison(String column, Filter.Op op, Object literal);

    /** {@code column IS NULL} or {@code column IS NOT NULL}, or null. */
    protected abstract P isNull(String column, boolean isNull);

    /** {@code column IN values}: by default the disjunction of the equalities. */
    protected P in(String column, List<Object> values) {
      List<Filter> equalities = new ArrayList<>();
      values.forEach(v -> equalities.add(new Filter.Comparison(column, Filter.Op.EQ, v)));
      return translate(new Filter.Or(equalities));
    }

    /**
     * {@code column LIKE 'prefix%'}: by default the range from the prefix to its
     * {@link #prefixUpperBound upper bound}.
     */
    protected P startsWith(String column, String prefix) {
      if (prefix.isEmpty()) {
        return isNull(column, false);
      }
      List<Filter> range = new ArrayList<>();
      range.add(new Filter.Comparison(column, Filter.Op.GE, prefix));
      String upper = prefixUpperBound(prefix);
      if (upper != null) {
        range.add(new Filter.Comparison(column, Filter.Op.LT, upper));
      }
      return translate(new Filter.And(range));
    }

    /** A predicate no row matches, or null to push nothing. */
    protected P alwaysFalse() {
      return null;
    }

    protected abstract P and(P left, P right);

    protected abstract P or(P left, P right);
  }
}
