package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.LakeException;
import java.math.BigDecimal;
import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Reads a column of an older snapshot as the column's current type, for time travel across a
 * type change that widened the column (int to long, float to double, a larger decimal scale, date
 * to timestamp): Calcite planned the query with the current type and expects its values.
 */
final class TypeWidening {

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private TypeWidening() {}

  /** True when values of {@code from} can be used as {@code to} without conversion. */
  static boolean sameType(Field from, Field to) {
    if (!from.getType().equals(to.getType())) {
      return false;
    }
    List<Field> a = from.getChildren();
    List<Field> b = to.getChildren();
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!sameType(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** A reader giving {@code from}'s values as values of {@code to}'s type. */
  static ValueReaders.ValueReader widen(ValueReaders.ValueReader reader, Field from, Field to, String table) {
    ArrowType source = from.getType();
    ArrowType target = to.getType();
    if (target instanceof ArrowType.Int t && source instanceof ArrowType.Int s && s.getBitWidth() < t.getBitWidth()) {
      return switch (t.getBitWidth()) {
        case 16 -> i -> map(reader.read(i), v -> (short) ((Number) v).intValue());
        case 32 -> i -> map(reader.read(i), v -> ((Number) v).intValue());
        default -> i -> map(reader.read(i), v -> ((Number) v).longValue());
      };
    }
    if (target instanceof ArrowType.FloatingPoint t && t.getPrecision() == FloatingPointPrecision.DOUBLE
        && (source instanceof ArrowType.FloatingPoint || source instanceof ArrowType.Int)) {
      return i -> map(reader.read(i), v -> ((Number) v).doubleValue());
    }
    if (target instanceof ArrowType.Decimal t
        && (source instanceof ArrowType.Decimal || source instanceof ArrowType.Int)) {
      return i -> map(reader.read(i), v -> (v instanceof BigDecimal d ? d : BigDecimal.valueOf(((Number) v).longValue()))
          .setScale(t.getScale()));
    }
    if (target instanceof ArrowType.Timestamp t && t.getTimezone() == null && source instanceof ArrowType.Date) {
      return i -> map(reader.read(i), v -> ((Number) v).longValue() * MILLIS_PER_DAY);
    }
    throw new LakeException(
        LakeException.FEATURE_NOT_SUPPORTED,
        "Table '" + table + "': column '" + to.getName() + "' is " + source + " in the version read and "
            + target + " now; time travel across this type change is not supported");
  }

  private static Object map(Object value, java.util.function.Function<Object, Object> convert) {
    return value == null ? null : convert.apply(value);
  }
}
