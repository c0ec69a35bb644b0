package io.lakehouse.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Metadata result sets rewritten in memory: the rows of one of Calcite's {@link DatabaseMetaData}
 * results, read in full, filtered, changed and sorted, then served by a result set with the same
 * columns ({@link ResultSet#getMetaData()} is the original's).
 */
final class ListedRows {

  /** The types a lakehouse column can have, as {@code getColumns} names them. */
  private static final Set<String> TYPES = Set.of(
      "BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "REAL", "DOUBLE", "DECIMAL", "CHAR",
      "VARCHAR", "BINARY", "VARBINARY", "DATE", "TIME", "TIMESTAMP", "TIMESTAMP WITH LOCAL TIME ZONE",
      "ARRAY", "MAP", "ROW");

  private ListedRows() {}

  /** {@code getCatalogs}: none (Calcite lists one null catalog; tables have a null TABLE_CAT). */
  static ResultSet catalogs(ResultSet calcite) throws SQLException {
    return rewrite(calcite, row -> row[0] == null ? null : row, null);
  }

  /**
   * {@code getTypeInfo}: the types lakehouse columns have, named as {@code getColumns} names them,
   * ordered by {@code DATA_TYPE} as JDBC asks.
   */
  static ResultSet typeInfo(ResultSet calcite) throws SQLException {
    int localName = calcite.findColumn("LOCAL_TYPE_NAME") - 1;
    return rewrite(
        calcite,
        row -> {
          String name = ((String) row[0]).replace('_', ' ').toUpperCase(Locale.ROOT);
          if (!TYPES.contains(name)) {
            return null;
          }
          row[0] = name;
          row[localName] = name;
          return row;
        },
        Comparator.comparingInt(row -> ((Number) row[1]).intValue()));
  }

  private static ResultSet rewrite(ResultSet source, UnaryOperator<Object[]> change, Comparator<Object[]> order)
      throws SQLException {
    ResultSetMetaData columns = source.getMetaData();
    int count = columns.getColumnCount();
    List<Object[]> rows = new ArrayList<>();
    while (source.next()) {
      Object[] row = new Object[count];
      for (int i = 0; i < count; i++) {
        row[i] = source.getObject(i + 1);
      }
      Object[] changed = change.apply(row);
      if (changed != null) {
        rows.add(changed);
      }
    }
    if (order != null) {
      rows.sort(order);
    }
    return (ResultSet) Proxy.newProxyInstance(
        ListedRows.class.getClassLoader(), new Class<?>[] {ResultSet.class}, new Cursor(source, rows));
  }

  /** Serves the rows; everything but navigation and getters goes to the original result set. */
  private static final class Cursor implements java.lang.reflect.InvocationHandler {
    private final ResultSet source;
    private final List<Object[]> rows;
    private int position = -1;
    private boolean wasNull;

    Cursor(ResultSet source, List<Object[]> rows) {
      this.source = source;
      this.rows = rows;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      switch (name) {
        case "next":
          position = Math.min(position + 1, rows.size());
          return position < rows.size();
        case "wasNull":
          return wasNull;
        case "isBeforeFirst":
          return position < 0 && !rows.isEmpty();
        case "isAfterLast":
          return position >= rows.size() && !rows.isEmpty();
        case "getRow":
          return position >= 0 && position < rows.size() ? position + 1 : 0;
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        default:
          break;
      }
      if (name.startsWith("get") && args != null && args.length == 1
          && (args[0] instanceof Integer || args[0] instanceof String)) {
        return value(method, args[0] instanceof String label ? source.findColumn(label) : (Integer) args[0]);
      }
      try {
        return method.invoke(source, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    private Object value(Method method, int column) throws SQLException {
      if (position < 0 || position >= rows.size()) {
        throw new SQLException("The result set is not on a row", "24000");
      }
      Object value = rows.get(position)[column - 1];
      wasNull = value == null;
      Class<?> type = method.getReturnType();
      if (type == String.class) {
        return value == null ? null : value.toString();
      }
      if (type == Object.class) {
        return value;
      }
      if (type == boolean.class) {
        return value != null && (value instanceof Boolean b ? b : ((Number) value).intValue() != 0);
      }
      Number number = value == null ? 0 : (Number) value;
      if (type == int.class) {
        return number.intValue();
      }
      if (type == short.class) {
        return number.shortValue();
      }
      if (type == long.class) {
        return number.longValue();
      }
      if (type == byte.class) {
        return number.byteValue();
      }
      if (type == double.class) {
        return number.doubleValue();
      }
      if (type == float.class) {
        return number.floatValue();
      }
      throw new SQLException(method.getName() + " is not supported on this metadata result set", "0A000");
    }
  }
}
