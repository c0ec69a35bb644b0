package io.lakehouse.engine.sql;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * Markers the parser wraps around a time-travel operand, so that {@code FOR VERSION AS OF 3} and
 * {@code FOR TIMESTAMP AS OF ...} both fit Calcite's {@code SqlSnapshot} (whose period must be a
 * TIMESTAMP) while the planner still knows which was meant. They are never executed.
 */
public final class TimeTravelOperators {

  /** Wraps a version: a Delta commit version, an Iceberg snapshot id, tag or branch. */
  public static final SqlFunction VERSION_AS_OF = new Marker("VERSION_AS_OF");

  /** Wraps a point in time. */
  public static final SqlFunction TIMESTAMP_AS_OF = new Marker("TIMESTAMP_AS_OF");

  private TimeTravelOperators() {}

  private static final class Marker extends SqlFunction {
    Marker(String name) {
      super(
          name,
          SqlKind.OTHER_FUNCTION,
          ReturnTypes.explicit(SqlTypeName.TIMESTAMP),
          (callBinding, returnType, operandTypes) -> {
            for (int i = 0; i < operandTypes.length; i++) {
              operandTypes[i] = callBinding.getTypeFactory().createSqlType(SqlTypeName.BIGINT);
            }
          },
          OperandTypes.ANY,
          SqlFunctionCategory.SYSTEM);
    }

    /** Skips the lookup by name in the operator table: the markers are not in it. */
    @Override
    public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
      return validateOperands(validator, scope, call);
    }
  }
}
