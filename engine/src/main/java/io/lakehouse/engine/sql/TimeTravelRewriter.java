package io.lakehouse.engine.sql;

import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSnapshot;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.Util;

/**
 * Rewrites time travel to a constant ({@code orders FOR VERSION AS OF 3}, {@code FOR TIMESTAMP AS
 * OF TIMESTAMP '2024-05-01 00:00:00'}) into a call of {@link TimeTravelTableOperator}, which the
 * validator resolves to the snapshot with its own schema: columns added later are absent and
 * renamed columns carry the name they had then.
 *
 * <p>Time travel to a parameter ({@code ?}) or to an expression stays a {@link SqlSnapshot}: its
 * snapshot is known only when the statement runs, after the result's columns were fixed, so it is
 * read through the current schema, matching columns by field id.
 */
public final class TimeTravelRewriter {

  private TimeTravelRewriter() {}

  /** Rewrites the statement in place where it can, and returns it. */
  public static SqlNode rewrite(SqlNode statement) {
    walk(statement);
    return statement;
  }

  private static void walk(SqlNode node) {
    if (node instanceof SqlNodeList list) {
      for (int i = 0; i < list.size(); i++) {
        SqlNode child = list.get(i);
        SqlNode replacement = child instanceof SqlSnapshot snapshot ? aliased(snapshot) : null;
        if (replacement != null) {
          list.set(i, replacement);
        } else if (child != null) {
          walk(child);
        }
      }
    } else if (node instanceof SqlCall call) {
      List<SqlNode> operands = call.getOperandList();
      for (int i = 0; i < operands.size(); i++) {
        SqlNode child = operands.get(i);
        if (child == null) {
          continue;
        }
        SqlNode replacement = null;
        if (child instanceof SqlSnapshot snapshot) {
          // Under AS the alias is the user's; elsewhere the table's name becomes the alias, as it
          // would be for the plain table reference.
          replacement = call.getKind() == SqlKind.AS && i == 0 ? tableCall(snapshot) : aliased(snapshot);
        }
        if (replacement != null) {
          call.setOperand(i, replacement);
        } else {
          walk(child);
        }
      }
    }
  }

  private static SqlNode aliased(SqlSnapshot snapshot) {
    SqlNode call = tableCall(snapshot);
    if (call == null) {
      return null;
    }
    SqlIdentifier table = (SqlIdentifier) snapshot.getTableRef();
    SqlParserPos pos = snapshot.getParserPosition();
    return SqlStdOperatorTable.AS.createCall(pos, call, new SqlIdentifier(Util.last(table.names), pos));
  }

  /** {@code TABLE(<table at snapshot>(value))}, or null when the snapshot is not a constant. */
  private static SqlNode tableCall(SqlSnapshot snapshot) {
    if (!(snapshot.getTableRef() instanceof SqlIdentifier table) || table.isStar()) {
      return null;
    }
    SqlNode period = snapshot.getPeriod();
    TimeTravelTableOperator.Kind kind = TimeTravelTableOperator.Kind.TIMESTAMP;
    SqlNode value = period;
    if (period instanceof SqlBasicCall call && call.getOperator() == TimeTravelOperators.VERSION_AS_OF) {
      kind = TimeTravelTableOperator.Kind.VERSION;
      value = call.operand(0);
    } else if (period instanceof SqlBasicCall call
        && call.getOperator() == TimeTravelOperators.TIMESTAMP_AS_OF) {
      value = call.operand(0);
    }
    if (!(value instanceof SqlLiteral)) {
      return null;
    }
    SqlParserPos pos = snapshot.getParserPosition();
    return SqlStdOperatorTable.COLLECTION_TABLE.createCall(
        pos, new TimeTravelTableOperator(table, kind).createCall(pos, value));
  }
}
