package io.lakehouse.jdbc;

import io.lakehouse.engine.calcite.LakehouseSchema;
import io.lakehouse.engine.calcite.QueryResources;
import io.lakehouse.engine.table.MetadataTableKind;
import io.lakehouse.engine.table.ScanStatistics;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The driver's JDBC objects as the user sees them: thin proxies over Calcite's, so that every
 * failure, also one raised while {@link ResultSet#next()} reads a data file, reaches the user as an
 * {@link SQLException} with a SQLState ({@link SqlErrors}). Objects handed out by a proxy are
 * proxied too, and navigate back to the proxies ({@code getConnection}, {@code getStatement}).
 */
final class JdbcProxies {

  private JdbcProxies() {}

  /** The user's connection: the JDBC interface plus {@link LakehouseConnection}. */
  static Connection connection(Connection target, QueryResources resources) {
    LakehouseConnection extension =
        new LakehouseConnection() {
          @Override
          public ScanStatistics lastQueryStatistics() {
            return resources.lastQueryStatistics();
          }

          @Override
          public long allocatedBytes() {
            return resources.allocatedBytes();
          }
        };
    Handler handler =
        new Handler(target, null) {
          @Override
          public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == LakehouseConnection.class) {
              return method.invoke(extension, args);
            }
            if (args != null && args.length == 1 && args[0] == LakehouseConnection.class) {
              if (method.getName().equals("unwrap")) {
                return proxy;
              }
              if (method.getName().equals("isWrapperFor")) {
                return true;
              }
            }
            return super.invoke(proxy, method, args);
          }
        };
    return (Connection) Proxy.newProxyInstance(
        JdbcProxies.class.getClassLoader(),
        new Class<?>[] {Connection.class, LakehouseConnection.class},
        handler);
  }

  private static Object proxy(Object target, Class<?> type, Object parent) {
    return Proxy.newProxyInstance(
        JdbcProxies.class.getClassLoader(), new Class<?>[] {type}, new Handler(target, parent));
  }

  /**
   * A {@code getTables} or {@code getColumns} result without the rows of metadata tables
   * ({@code "t$history"} and the others): they are queryable but would flood a BI navigator.
   */
  private static ResultSet withoutMetadataTables(ResultSet rows, Object metaData) {
    Handler handler =
        new Handler(rows, metaData) {
          @Override
          public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("next") && args == null) {
              while (rows.next()) {
                if (!isMetadataTable(rows.getString("TABLE_NAME"))) {
                  return true;
                }
              }
              return false;
            }
            return super.invoke(proxy, method, args);
          }
        };
    return (ResultSet) Proxy.newProxyInstance(
        JdbcProxies.class.getClassLoader(), new Class<?>[] {ResultSet.class}, handler);
  }

  private static boolean isMetadataTable(String tableName) {
    int separator = tableName == null ? -1 : tableName.lastIndexOf(LakehouseSchema.METADATA_SEPARATOR);
    return separator > 0 && MetadataTableKind.fromSuffix(tableName.substring(separator + 1)).isPresent();
  }

  private static class Handler implements InvocationHandler {
    private final Object target;
    private final Object parent;

    Handler(Object target, Object parent) {
      this.target = target;
      this.parent = parent;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      if (parent != null && args == null
          && (name.equals("getConnection") || name.equals("getStatement"))
          && method.getReturnType().isInstance(parent)) {
        return parent;
      }
      if (name.equals("equals") && args != null && args.length == 1) {
        return proxy == args[0];
      }
      if (name.equals("hashCode") && args == null) {
        return System.identityHashCode(proxy);
      }
      Object result;
      try {
        result = method.invoke(target, args);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Error error) {
          throw error;
        }
        if (name.equals("unwrap") || name.equals("isWrapperFor")) {
          throw cause;
        }
        throw SqlErrors.translate(cause);
      }
      if (target instanceof DatabaseMetaData && result instanceof ResultSet rows
          && (name.equals("getTables") || name.equals("getColumns"))) {
        return withoutMetadataTables(rows, proxy);
      }
      return wrap(result, method.getReturnType(), proxy);
    }

    private static Object wrap(Object result, Class<?> type, Object self) {
      if (result == null || Proxy.isProxyClass(result.getClass())) {
        return result;
      }
      if (type == Statement.class || type == PreparedStatement.class || type == CallableStatement.class
          || type == ResultSet.class || type == DatabaseMetaData.class) {
        return proxy(result, type, self);
      }
      return result;
    }
  }
}
