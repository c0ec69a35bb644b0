package io.lakehouse.engine.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lakehouse.engine.table.Filter.Op;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The rewriting of filters into forms without NOT that the formats translate. */
class SkippingFiltersTest {

  private static final Predicate<String> F_IS_FLOATING = "f"::equals;

  @Test
  void negationsArePushedToTheComparisons() {
    assertEquals(cmp("a", Op.GE, 1L), implied(new Filter.Not(cmp("a", Op.LT, 1L))));
    assertEquals(
        new Filter.Or(List.of(cmp("a", Op.NE, 1L), new Filter.IsNotNull("b"))),
        implied(new Filter.Not(new Filter.And(List.of(cmp("a", Op.EQ, 1L), new Filter.IsNull("b"))))));
    assertEquals(
        new Filter.And(List.of(cmp("a", Op.NE, 1L), cmp("a", Op.NE, 2L))),
        implied(new Filter.Not(new Filter.In("a", List.of(1L, 2L)))));
    assertEquals(cmp("a", Op.EQ, 1L), implied(new Filter.Not(new Filter.Not(cmp("a", Op.EQ, 1L)))));
  }

  @Test
  void negatedFloatingPointComparisonsAreDroppedBecauseNaNMatchesThem() {
    assertEquals(Filter.ALWAYS_TRUE, implied(new Filter.Not(cmp("f", Op.LT, 1.0))));
    assertEquals(cmp("a", Op.EQ, 1L), implied(new Filter.And(List.of(cmp("a", Op.EQ, 1L),
        new Filter.Not(cmp("f", Op.LT, 1.0))))));
    assertEquals(Filter.ALWAYS_TRUE, implied(new Filter.Or(List.of(cmp("a", Op.EQ, 1L),
        new Filter.Not(cmp("f", Op.LT, 1.0))))));
    assertEquals(Filter.ALWAYS_TRUE, implied(cmp("f", Op.NE, 1.0)));
    assertEquals(Filter.ALWAYS_TRUE, implied(cmp("f", Op.EQ, Double.NaN)));
    assertEquals(Filter.ALWAYS_TRUE, implied(new Filter.In("f", List.of(1.0, Double.NaN))));
  }

  @Test
  void comparisonsWithZeroKeepBothZeros() {
    assertEquals(new Filter.And(List.of(cmp("f", Op.GE, -0.0d), cmp("f", Op.LE, 0.0d))), implied(cmp("f", Op.EQ, 0.0)));
    assertEquals(new Filter.And(List.of(cmp("f", Op.GE, -0.0d), cmp("f", Op.LE, 0.0d))), implied(cmp("f", Op.EQ, -0.0)));
    assertEquals(cmp("f", Op.LE, 0.0d), implied(cmp("f", Op.LE, -0.0)));
    assertEquals(cmp("f", Op.GE, -0.0d), implied(cmp("f", Op.GE, 0.0)));
    assertEquals(cmp("f", Op.LT, -0.0d), implied(cmp("f", Op.LT, 0.0)));
    assertEquals(cmp("f", Op.GT, 0.0d), implied(cmp("f", Op.GT, -0.0)));
    assertEquals(new Filter.In("f", List.of(-0.0d, 0.0d, 2.0)), implied(new Filter.In("f", List.of(0.0, 2.0))));
  }

  @Test
  void negatedPrefixesBecomeRangesWhenExact() {
    assertEquals(
        new Filter.Or(List.of(cmp("s", Op.LT, "ab"), cmp("s", Op.GE, "ac"))),
        implied(new Filter.Not(new Filter.StartsWith("s", "ab"))));
    assertEquals(Filter.ALWAYS_TRUE, implied(new Filter.Not(new Filter.StartsWith("s", "a\uFFFF"))));
    assertEquals(SkippingFilters.ALWAYS_FALSE, implied(new Filter.Not(new Filter.StartsWith("s", ""))));
  }

  @Test
  void prefixUpperBounds() {
    assertEquals("ac", SkippingFilters.prefixUpperBound("ab"));
    assertEquals("b", SkippingFilters.prefixUpperBound("a\uFFFF"));
    assertEquals("b", SkippingFilters.prefixUpperBound("a\uD83D\uDE00"));
    assertNull(SkippingFilters.prefixUpperBound("\uFFFF"));
  }

  @Test
  void decimalsRoundTowardTheSideThatKeepsRows() {
    assertEquals(new BigDecimal("1.01"), SkippingFilters.decimal(new BigDecimal("1.005"), 5, 2, Op.LT));
    assertEquals(new BigDecimal("1.00"), SkippingFilters.decimal(new BigDecimal("1.005"), 5, 2, Op.LE));
    assertEquals(new BigDecimal("1.00"), SkippingFilters.decimal(new BigDecimal("1.005"), 5, 2, Op.GT));
    assertEquals(new BigDecimal("1.01"), SkippingFilters.decimal(new BigDecimal("1.005"), 5, 2, Op.GE));
    assertNull(SkippingFilters.decimal(new BigDecimal("1.005"), 5, 2, Op.EQ));
    assertEquals(new BigDecimal("1.50"), SkippingFilters.decimal(new BigDecimal("1.5"), 5, 2, Op.EQ));
    assertEquals(new BigDecimal("7.00"), SkippingFilters.decimal(7L, 5, 2, Op.EQ));
    assertNull(SkippingFilters.decimal(new BigDecimal("1000"), 5, 2, Op.LT));
    assertEquals(new BigDecimal("-999.99"), SkippingFilters.decimal(new BigDecimal("-999.991"), 5, 2, Op.GE));
  }

  private static Filter implied(Filter filter) {
    return SkippingFilters.implied(filter, F_IS_FLOATING);
  }

  private static Filter cmp(String column, Op op, Object literal) {
    return new Filter.Comparison(column, op, literal);
  }
}
