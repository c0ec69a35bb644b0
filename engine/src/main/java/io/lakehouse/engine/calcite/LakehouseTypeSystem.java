package io.lakehouse.engine.calcite;

import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type system widened to what lakehouse tables hold: decimals up to precision 38 (Delta,
 * Iceberg and Spark all allow 38; Calcite's default stops at 19).
 */
public final class LakehouseTypeSystem extends RelDataTypeSystemImpl {

  public static final RelDataTypeSystem INSTANCE = new LakehouseTypeSystem();

  private static final int MAX_DECIMAL_PRECISION = 38;

  private LakehouseTypeSystem() {}

  @Override
  public int getMaxPrecision(SqlTypeName typeName) {
    return typeName == SqlTypeName.DECIMAL ? MAX_DECIMAL_PRECISION : super.getMaxPrecision(typeName);
  }

  @Override
  public int getMaxScale(SqlTypeName typeName) {
    return typeName == SqlTypeName.DECIMAL ? MAX_DECIMAL_PRECISION : super.getMaxScale(typeName);
  }
}
