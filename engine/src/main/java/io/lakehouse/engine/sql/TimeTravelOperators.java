package io.lakehouse.engine.sql;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
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

  /**
   * Wraps a version: a Delta commit version, an Iceberg snapshot id, tag or branch. A parameter
   * ({@code ?}) takes any type, so that both {@code setLong} and {@code setString} work.
   */
  public static final SqlFunction VERSION_AS_OF = new Marker("VERSION_AS_OF", SqlTypeName.ANY);

  /** Wraps a point in time; a parameter ({@code ?}) is a TIMESTAMP. */
  public static final SqlFunction TIMESTAMP_AS_OF = new Marker("TIMESTAMP_AS_OF", SqlTypeName.TIMESTAMP);

  private TimeTravelOperators() {}

  private static final class Marker extends SqlFunction {
    private final SqlTypeName parameterType;

    Marker(String name, SqlTypeName parameterType) {
      super(
          name,
          SqlKind.OTHER_FUNCTION,
          ReturnTypes.explicit(SqlTypeName.TIMESTAMP),
          null,
          OperandTypes.ANY,
          SqlFunctionCategory.SYSTEM);
      this.parameterType = parameterType;
    }

    /**
     * Types a parameter operand (Calcite's validator does not infer parameter types inside a
     * snapshot clause), and skips the lookup by name in the operator table: the markers are not
     * in it.
     */
    @Override
    public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
      for (SqlNode operand : call.getOperandList()) {
        if (operand instanceof SqlDynamicParam) {
          RelDataType type = validator.getTypeFactory().createSqlType(parameterType);
          validator.setValidatedNodeType(
              operand, validator.getTypeFactory().createTypeWithNullability(type, true));
        }
      }
      return validateOperands(validator, scope, call);
    }
  }
}
