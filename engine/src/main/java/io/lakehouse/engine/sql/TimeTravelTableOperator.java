package io.lakehouse.engine.sql;

import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.SnapshotRef;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.TimeZone;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.schema.TableMacro;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlUnknownLiteral;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedTableMacro;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.sql.validate.SqlValidatorTable;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;

import static org.apache.calcite.util.Static.RESOURCE;

/**
 * One table reference with time travel to a constant, as {@link TimeTravelRewriter} writes it: a
 * table macro whose table is the snapshot with the schema it had. Each instance belongs to one
 * place in one statement and resolves its snapshot once.
 */
public final class TimeTravelTableOperator extends SqlUserDefinedTableMacro {

  /** What the constant names. */
  public enum Kind {
    VERSION,
    TIMESTAMP
  }

  /** A table that can be read as of a snapshot; implemented by the engine's Calcite tables. */
  public interface Target {
    /** The table as of {@code snapshot}, with that snapshot's schema where it has one. */
    TranslatableTable at(SnapshotRef snapshot);
  }

  private final SqlIdentifier table;
  private final Kind kind;
  private TranslatableTable resolved;

  TimeTravelTableOperator(SqlIdentifier table, Kind kind) {
    super(table, SqlKind.OTHER_FUNCTION, ReturnTypes.CURSOR, null, null, NO_PARAMETERS);
    this.table = table;
    this.kind = kind;
  }

  private static final TableMacro NO_PARAMETERS =
      new TableMacro() {
        @Override
        public TranslatableTable apply(List<? extends Object> arguments) {
          throw new UnsupportedOperationException("resolved through the validator");
        }

        @Override
        public List<org.apache.calcite.schema.FunctionParameter> getParameters() {
          return List.of();
        }
      };

  /** Validates the constant and types the call as a table; the table is not looked up by name. */
  @Override
  public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
    for (SqlNode operand : call.getOperandList()) {
      validator.deriveType(scope, operand);
    }
    return validator.getTypeFactory().createSqlType(SqlTypeName.CURSOR);
  }

  @Override
  public TranslatableTable getTable(SqlOperatorBinding binding) {
    if (resolved == null) {
      SqlCallBinding callBinding = (SqlCallBinding) binding;
      SqlValidator validator = callBinding.getValidator();
      SqlValidatorTable found = validator.getCatalogReader().getTable(table.names);
      if (found == null) {
        throw validator.newValidationError(table, RESOURCE.objectNotFound(table.toString()));
      }
      Target target = found.unwrap(Target.class);
      if (target == null) {
        throw new LakeException(
            "0A000",
            "Time travel needs a Delta or Iceberg table; " + table + " is not one");
      }
      SqlLiteral value = callBinding.getCall().operand(0);
      resolved = target.at(snapshot(value, zone(validator)));
    }
    return resolved;
  }

  @Override
  public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
    table.unparse(writer, 0, 0);
    writer.keyword(kind == Kind.VERSION ? "FOR VERSION AS OF" : "FOR TIMESTAMP AS OF");
    call.operand(0).unparse(writer, 0, 0);
  }

  private SnapshotRef snapshot(SqlLiteral value, TimeZone zone) {
    if (value.getTypeName() == SqlTypeName.NULL) {
      throw invalid("time travel needs a value, got NULL");
    }
    return kind == Kind.VERSION ? version(value) : new SnapshotRef.Timestamp(instant(value, zone));
  }

  private static SnapshotRef version(SqlLiteral value) {
    if (value instanceof SqlNumericLiteral) {
      BigDecimal number = value.getValueAs(BigDecimal.class);
      try {
        return new SnapshotRef.Version(number.longValueExact());
      } catch (ArithmeticException e) {
        throw invalid("a version must be a whole number, got " + number);
      }
    }
    String text = value.getValueAs(String.class);
    return text.matches("\\d+") ? new SnapshotRef.Version(Long.parseLong(text)) : new SnapshotRef.Named(text);
  }

  private static Instant instant(SqlLiteral literal, TimeZone zone) {
    SqlLiteral value = resolved(literal);
    switch (value.getTypeName()) {
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
        return Instant.ofEpochMilli(value.getValueAs(TimestampString.class).getMillisSinceEpoch());
      case TIMESTAMP:
        return SessionTime.fromWallClock(value.getValueAs(TimestampString.class).getMillisSinceEpoch(), zone);
      case DATE:
        return SessionTime.fromWallClock(value.getValueAs(DateString.class).getMillisSinceEpoch(), zone);
      case CHAR:
      case VARCHAR:
        return SessionTime.parse(value.getValueAs(String.class), zone);
      default:
        throw invalid("FOR TIMESTAMP AS OF needs a timestamp, got " + value);
    }
  }

  /** A typed literal such as {@code TIMESTAMP '2024-05-01 00:00:00'}, which the parser leaves untyped. */
  private static SqlLiteral resolved(SqlLiteral literal) {
    if (!(literal instanceof SqlUnknownLiteral unknown)) {
      return literal;
    }
    try {
      return unknown.resolve(SqlTypeName.lookup(unknown.tag));
    } catch (RuntimeException e) {
      throw invalid("FOR TIMESTAMP AS OF needs a timestamp, got " + literal + " (" + e.getMessage() + ")");
    }
  }

  private static TimeZone zone(SqlValidator validator) {
    CalciteConnectionConfig config = validator.getCatalogReader().getConfig();
    String zone = config == null ? null : config.timeZone();
    return TimeZone.getTimeZone(zone == null ? "UTC" : zone);
  }

  private static LakeException invalid(String message) {
    return new LakeException("42601", "Invalid time travel: " + message);
  }
}
