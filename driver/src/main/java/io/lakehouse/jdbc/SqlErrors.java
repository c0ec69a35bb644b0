package io.lakehouse.jdbc;

import io.lakehouse.engine.table.LakeException;
import java.sql.SQLException;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;

/**
 * Turns whatever the engine throws into the {@link SQLException} a JDBC user expects: the
 * engine's message (table, version, file, position) and a SQLState that says what kind of problem
 * it is.
 */
final class SqlErrors {

  /** SQLState for a syntax error. */
  static final String SYNTAX_ERROR = "42601";
  /** SQLState for a statement that names something unknown or is otherwise invalid. */
  static final String INVALID_STATEMENT = "42000";
  /** SQLState for a statement that was cancelled or timed out. */
  static final String CANCELLED = "57014";
  /** SQLState for a division by zero. */
  static final String DIVISION_BY_ZERO = "22012";
  /** SQLState for an arithmetic result out of range. */
  static final String NUMERIC_OUT_OF_RANGE = "22003";
  /** SQLState for an internal error. */
  static final String INTERNAL_ERROR = "XX000";

  private SqlErrors() {}

  static SQLException translate(Throwable error) {
    LakeException lake = find(error, LakeException.class);
    if (error instanceof SQLException sql) {
      if (lake != null && !lake.sqlState().equals(sql.getSQLState())) {
        return new SQLException(sql.getMessage(), lake.sqlState(), sql);
      }
      if (sql.getSQLState() == null) {
        String state = stateOf(sql);
        if (state != null) {
          return new SQLException(sql.getMessage(), state, sql);
        }
      }
      return sql;
    }
    if (lake != null) {
      return new SQLException(lake.getMessage(), lake.sqlState(), error);
    }
    String message = error.getMessage() == null ? error.toString() : error.getMessage();
    String state = stateOf(error);
    return new SQLException(message, state == null ? INTERNAL_ERROR : state, error);
  }

  private static String stateOf(Throwable error) {
    if (error instanceof SQLException sql && "Statement canceled".equals(sql.getMessage())) {
      // Avatica's own words when Statement.cancel or a query timeout ends a result set.
      return CANCELLED;
    }
    ArithmeticException arithmetic = find(error, ArithmeticException.class);
    if (arithmetic != null) {
      String message = String.valueOf(arithmetic.getMessage()).toLowerCase(java.util.Locale.ROOT);
      return message.contains("zero") ? DIVISION_BY_ZERO : NUMERIC_OUT_OF_RANGE;
    }
    if (find(error, SqlParseException.class) != null) {
      return SYNTAX_ERROR;
    }
    if (find(error, CalciteContextException.class) != null) {
      return INVALID_STATEMENT;
    }
    return null;
  }

  private static <T extends Throwable> T find(Throwable error, Class<T> type) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
