package io.lakehouse.engine.calcite;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type system widened to what lakehouse tables hold: decimals up to precision 38 (Delta,
 * Iceberg and Spark all allow 38; Calcite's default stops at 19), and sums wide enough for them.
 */
public final class LakehouseTypeSystem extends RelDataTypeSystemImpl {

  public static final RelDataTypeSystem INSTANCE = new LakehouseTypeSystem();

  private static final int MAX_DECIMAL_PRECISION = 38;

  private LakehouseTypeSystem() {}

  @Override
  public int getMaxPrecision(SqlTypeName typeName) {
    return typeName == SqlTypeName.DECIMAL ? MAX_DECIMAL_PRECISION : super.getMaxPrecision(typeName);
  }

  /**
   * AVG of a DECIMAL(p, s) keeps the argument's integer digits and at least {@value
   * #AVERAGE_MIN_SCALE} fraction digits, as PostgreSQL's numeric AVG does: Calcite's default keeps
   * the argument's scale and so truncates the average (AVG of 0.04 and 0.05 would be 0.04).
   */
  @Override
  public RelDataType deriveAvgAggType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
    if (argumentType.getSqlTypeName() != SqlTypeName.DECIMAL) {
      return super.deriveAvgAggType(typeFactory, argumentType);
    }
    int integerDigits = argumentType.getPrecision() - argumentType.getScale();
    int scale = Math.min(MAX_DECIMAL_PRECISION - integerDigits,
        Math.max(argumentType.getScale() + 4, AVERAGE_MIN_SCALE));
    RelDataType average = typeFactory.createSqlType(SqlTypeName.DECIMAL, integerDigits + scale, scale);
    return typeFactory.createTypeWithNullability(average, argumentType.isNullable());
  }

  private static final int AVERAGE_MIN_SCALE = 16;

  /**
   * SUM of an integer column is a BIGINT, and SUM of a DECIMAL(p, s) a DECIMAL(p + 10, s) (at most
   * 38), as in Spark. Calcite's default keeps the argument's type, so that the sum of an INTEGER
   * column past 2^31 wrapped around. (A wider sum of BIGINT, DECIMAL(38, 0) as in PostgreSQL, is
   * what Calcite's code for grouped sums cannot compute.)
   */
  @Override
  public RelDataType deriveSumType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
    RelDataType sum = switch (argumentType.getSqlTypeName()) {
      case TINYINT, SMALLINT, INTEGER, BIGINT -> typeFactory.createSqlType(SqlTypeName.BIGINT);
      case DECIMAL -> typeFactory.createSqlType(SqlTypeName.DECIMAL,
          Math.min(MAX_DECIMAL_PRECISION, argumentType.getPrecision() + SUM_EXTRA_DIGITS), argumentType.getScale());
      default -> null;
    };
    return sum == null
        ? super.deriveSumType(typeFactory, argumentType)
        : typeFactory.createTypeWithNullability(sum, argumentType.isNullable());
  }

  private static final int SUM_EXTRA_DIGITS = 10;

  @Override
  public int getMaxScale(SqlTypeName typeName) {
    return typeName == SqlTypeName.DECIMAL ? MAX_DECIMAL_PRECISION : super.getMaxScale(typeName);
  }
}
