package io.lakehouse.engine.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lakehouse.engine.table.ConstantFilter.Truth;
import io.lakehouse.engine.table.Filter.Op;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A filter evaluated on one file's partition values, with SQL's three-valued logic: true only when
 * every row of the file passes a {@code WHERE}, and no answer for what the SQL layer could compare
 * differently.
 */
class ConstantFilterTest {

  private static final Map<String, Object> VALUES = new HashMap<>();

  static {
    VALUES.put("p", 3);
    VALUES.put("big", 7L);
    VALUES.put("region", "east");
    VALUES.put("d", 19_800);
    VALUES.put("amount", new BigDecimal("1.50"));
    VALUES.put("flag", true);
    VALUES.put("bin", new byte[] {(byte) 0x80});
    VALUES.put("missing", null);
    VALUES.put("f", 1.5);
  }

  @Test
  void comparisonsOfEachKind() {
    assertEquals(Truth.TRUE, eval(cmp("p", Op.EQ, 3L)));
    assertEquals(Truth.FALSE, eval(cmp("p", Op.GT, 3L)));
    assertEquals(Truth.TRUE, eval(cmp("big", Op.LE, 7L)));
    assertEquals(Truth.TRUE, eval(cmp("region", Op.LT, "west")));
    assertEquals(Truth.TRUE, eval(cmp("d", Op.GE, 19_800)));
    // decimals compare by value, whatever their scale
    assertEquals(Truth.TRUE, eval(cmp("amount", Op.EQ, new BigDecimal("1.5"))));
    assertEquals(Truth.TRUE, eval(cmp("flag", Op.NE, false)));
    // binary in unsigned byte order: 0x80 is above 0x01
    assertEquals(Truth.TRUE, eval(cmp("bin", Op.GT, new byte[] {1})));
    assertEquals(Truth.TRUE, eval(new Filter.In("region", List.of("west", "east"))));
    assertEquals(Truth.FALSE, eval(new Filter.In("p", List.of(1L, 2L))));
    assertEquals(Truth.TRUE, eval(new Filter.StartsWith("region", "ea")));
  }

  @Test
  void nullsFollowThreeValuedLogic() {
    assertEquals(Truth.UNKNOWN, eval(cmp("missing", Op.EQ, 1L)));
    assertEquals(Truth.UNKNOWN, eval(new Filter.Not(cmp("missing", Op.EQ, 1L))));
    assertEquals(Truth.TRUE, eval(new Filter.IsNull("missing")));
    assertEquals(Truth.FALSE, eval(new Filter.IsNotNull("missing")));
    assertEquals(Truth.FALSE, eval(new Filter.And(List.of(cmp("missing", Op.EQ, 1L), cmp("p", Op.EQ, 4L)))));
    assertEquals(Truth.UNKNOWN, eval(new Filter.And(List.of(cmp("missing", Op.EQ, 1L), cmp("p", Op.EQ, 3L)))));
    assertEquals(Truth.TRUE, eval(new Filter.Or(List.of(cmp("missing", Op.EQ, 1L), cmp("p", Op.EQ, 3L)))));
    assertEquals(Truth.UNKNOWN, eval(new Filter.Or(List.of(cmp("missing", Op.EQ, 1L), cmp("p", Op.EQ, 4L)))));
    assertEquals(Truth.UNKNOWN, eval(new Filter.In("missing", List.of(1L))));
    assertEquals(false, Truth.UNKNOWN.keepsRows());
  }

  @Test
  void whatCannotBeDecidedHasNoAnswer() {
    // a column without a constant, floating point, or a literal of another kind
    assertEquals(Truth.CANNOT, eval(cmp("x", Op.EQ, 1L)));
    assertEquals(Truth.CANNOT, eval(cmp("f", Op.EQ, 1.5)));
    assertEquals(Truth.CANNOT, eval(cmp("region", Op.EQ, 1L)));
    // one undecidable part leaves the whole undecided, even where the rest would settle it
    assertEquals(Truth.CANNOT, eval(new Filter.Or(List.of(cmp("p", Op.EQ, 3L), cmp("x", Op.EQ, 1L)))));
    assertEquals(Truth.CANNOT, eval(new Filter.And(List.of(cmp("p", Op.EQ, 4L), cmp("x", Op.EQ, 1L)))));
    assertEquals(Truth.TRUE, eval(Filter.ALWAYS_TRUE));
    assertEquals(Truth.FALSE, eval(SkippingFilters.ALWAYS_FALSE));
  }

  private static Truth eval(Filter filter) {
    return ConstantFilter.evaluate(filter, VALUES);
  }

  private static Filter cmp(String column, Op op, Object literal) {
    return new Filter.Comparison(column, op, literal);
  }
}
