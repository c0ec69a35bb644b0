package io.lakehouse.jdbc;

import io.lakehouse.engine.calcite.CatalogSchemas;
import io.lakehouse.engine.calcite.LakehouseSchema;
import io.lakehouse.engine.calcite.QueryResources;
import io.lakehouse.engine.io.S3Requests;
import io.lakehouse.engine.io.Storage;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The driver's JDBC objects as the user sees them: thin proxies over Calcite's, so that every
 * failure, also one raised while {@link ResultSet#next()} reads a data file, reaches the user as an
 * {@link SQLException} with a SQLState ({@link SqlErrors}). Objects handed out by a proxy are
 * proxied too, and navigate back to the proxies ({@code getConnection}, {@code getStatement}).
 */
final class JdbcProxies {

  private JdbcProxies() {}

  /**
   * The user's connection: the JDBC interface plus {@link LakehouseConnection}. Closing it closes
   * the catalogs and {@code storage} too. With several catalogs, {@code getCatalog} names the
   * current one and {@code setCatalog} makes another current ({@link #useCatalog}).
   */
  static Connection connection(
      Connection target, QueryResources resources, Storage storage, ConnectionCatalogs catalogs, ZoneId session) {
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

          @Override
          public S3Requests s3Requests() {
            return storage.s3Requests();
          }
        };
    // Avatica closes no statement when its connection closes: the open ones are closed here.
    java.util.Set<Statement> statements = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    Handler handler =
        new Handler(target, null, session) {
          @Override
          public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == LakehouseConnection.class) {
              return method.invoke(extension, args);
            }
            if (method.getName().equals("close") && args == null) {
              try {
                close(target, statements, resources);
              } finally {
                try {
                  catalogs.close();
                } finally {
                  storage.close();
                }
              }
              return null;
            }
            if (catalogs.several() && method.getName().equals("getCatalog") && args == null) {
              checkOpen(target);
              return catalogs.schemas().current();
            }
            if (catalogs.several() && method.getName().equals("setCatalog") && args != null && args.length == 1) {
              useCatalog(target, catalogs, (String) args[0]);
              return null;
            }
            // no user-defined types, so no custom mappings; tools ask for the map all the same
            if (method.getName().equals("getTypeMap") && args == null) {
              return new HashMap<String, Class<?>>();
            }
            if (args != null && args.length == 1 && args[0] == LakehouseConnection.class) {
              if (method.getName().equals("unwrap")) {
                return proxy;
              }
              if (method.getName().equals("isWrapperFor")) {
                return true;
              }
            }
            Object result = super.invoke(proxy, method, args);
            if (result instanceof Statement statement) {
              synchronized (statements) {
                statements.removeIf(JdbcProxies::isClosed);
                statements.add(statement);
              }
            }
            return result;
          }
        };
    return (Connection) Proxy.newProxyInstance(
        JdbcProxies.class.getClassLoader(),
        new Class<?>[] {Connection.class, LakehouseConnection.class},
        handler);
  }

  /**
   * Makes a catalog current: {@code schema.table} and {@code table} then name its tables, and the
   * connection's schema becomes the catalog's first.
   *
   * @throws SQLException {@code 3D000} naming the catalogs when there is no such catalog
   */
  private static void useCatalog(Connection target, ConnectionCatalogs catalogs, String name) throws SQLException {
    checkOpen(target);
    CatalogSchemas schemas = catalogs.schemas();
    String found = name == null ? null : schemas.find(name).orElse(null);
    if (found == null) {
      throw new SQLException(
          "Unknown catalog '" + name + "': the catalogs are " + String.join(", ", schemas.names()), "3D000");
    }
    schemas.use(found);
    String schema = schemas.catalog(found).defaultSchema();
    if (schema != null) {
      target.setSchema(schema);
    }
  }

  private static void checkOpen(Connection target) throws SQLException {
    if (target.isClosed()) {
      throw new SQLException("Connection is closed", "08003");
    }
  }

  /**
   * Closes a connection with what it holds: its open statements (and so their result sets and the
   * Arrow memory of their scans), the Calcite connection, then the connection's allocator.
   */
  private static void close(Connection target, java.util.Set<Statement> statements, QueryResources resources)
      throws SQLException {
    List<Statement> open;
    synchronized (statements) {
      open = List.copyOf(statements);
      statements.clear();
    }
    SQLException failure = null;
    for (Statement statement : open) {
      try {
        statement.close();
      } catch (SQLException | RuntimeException e) {
        failure = chain(failure, e);
      }
    }
    try {
      target.close();
    } catch (SQLException | RuntimeException e) {
      failure = chain(failure, e);
    }
    try {
      resources.close();
    } catch (RuntimeException e) {
      failure = chain(failure, e);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static SQLException chain(SQLException failure, Exception e) {
    if (failure == null) {
      return e instanceof SQLException sql ? sql : SqlErrors.translate(e);
    }
    failure.addSuppressed(e);
    return failure;
  }

  private static boolean isClosed(Statement statement) {
    try {
      return statement.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  private static Object proxy(Object target, Class<?> type, Object parent, ZoneId session) {
    Handler handler = target instanceof ResultSet rows
        ? new ResultSetHandler(rows, parent, session)
        : new Handler(target, parent, session);
    return Proxy.newProxyInstance(JdbcProxies.class.getClassLoader(), new Class<?>[] {type}, handler);
  }

  /**
   * A {@code getTables} or {@code getColumns} result without the rows of metadata tables
   * ({@code "t$history"} and the others): they are queryable but would flood a BI navigator.
   */
  private static ResultSet withoutMetadataTables(ResultSet rows, Object metaData, ZoneId session) {
    Handler handler =
        new Handler(rows, metaData, session) {
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
    private final ZoneId session;

    Handler(Object target, Object parent, ZoneId session) {
      this.target = target;
      this.parent = parent;
      this.session = session;
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
        if (cause instanceof ExceptionInInitializerError init && init.getCause() != null) {
          // Calcite evaluates constant expressions in the static initializer of the statement's
          // generated class, so SELECT 1/0 fails there: report the expression's error.
          throw SqlErrors.translate(init.getCause());
        }
        if (cause instanceof Error error) {
          throw error;
        }
        if (name.equals("unwrap") || name.equals("isWrapperFor")) {
          throw cause;
        }
        SQLException error = SqlErrors.translate(cause);
        if (target instanceof Statement statement && name.startsWith("execute")
            || target instanceof Connection && name.equals("prepareStatement")) {
          error = UnknownTables.explain(
              error, target instanceof Connection c ? c : ((Statement) target).getConnection());
        }
        throw error;
      }
      if (target instanceof DatabaseMetaData && result instanceof ResultSet rows) {
        switch (name) {
          case "getTables", "getColumns" -> {
            return withoutMetadataTables(rows, proxy, session);
          }
          case "getCatalogs" -> {
            return ListedRows.catalogs(rows);
          }
          case "getTypeInfo" -> {
            return ListedRows.typeInfo(rows);
          }
          default -> { }
        }
      }
      return wrap(result, method.getReturnType(), proxy, session);
    }

    private static Object wrap(Object result, Class<?> type, Object self, ZoneId session) {
      if (result == null || Proxy.isProxyClass(result.getClass())) {
        return result;
      }
      if (type == Statement.class || type == PreparedStatement.class || type == CallableStatement.class
          || type == ResultSet.class || type == DatabaseMetaData.class) {
        return proxy(result, type, self, session);
      }
      return result;
    }
  }

  /** A query's result set: dates and times read as {@link TemporalValues} says. */
  private static final class ResultSetHandler extends Handler {
    private final ResultSet rows;
    private final TemporalValues temporals;

    ResultSetHandler(ResultSet rows, Object parent, ZoneId session) {
      super(rows, parent, session);
      this.rows = rows;
      this.temporals = new TemporalValues(rows, session);
    }

    /** What a result set method is, for the calls made for every row: looked up, not parsed, per call. */
    private enum Call { NEXT, TEMPORAL_GETTER, GET_LONG, GET_INT, GET_DOUBLE, GET_STRING, GET_BIG_DECIMAL, GET_BOOLEAN, OTHER }

    private static final Map<Method, Call> CALLS = calls();

    private static Map<Method, Call> calls() {
      Map<Method, Call> calls = new HashMap<>();
      for (Method method : ResultSet.class.getMethods()) {
        Class<?>[] parameters = method.getParameterTypes();
        String name = method.getName();
        Call call = Call.OTHER;
        if (name.equals("next") && parameters.length == 0) {
          call = Call.NEXT;
        } else if (name.startsWith("get") && (parameters.length == 1 || parameters.length == 2)
            && (parameters[0] == int.class || parameters[0] == String.class)) {
          call = parameters.length == 2 || parameters[0] != int.class ? Call.TEMPORAL_GETTER : switch (name) {
            case "getLong" -> Call.GET_LONG;
            case "getInt" -> Call.GET_INT;
            case "getDouble" -> Call.GET_DOUBLE;
            case "getString" -> Call.GET_STRING;
            case "getBigDecimal" -> Call.GET_BIG_DECIMAL;
            case "getBoolean" -> Call.GET_BOOLEAN;
            default -> Call.TEMPORAL_GETTER;
          };
        }
        calls.put(method, call);
      }
      return Map.copyOf(calls);
    }

    /**
     * The calls seen so far, compared by identity: a proxy hands over the same {@link Method}
     * objects on every call, and the few methods called per row are found by a short scan of
     * references, with no hashing (an identity hash map's lookup was most of a row's cost).
     * Replaced, never changed, when a method is first seen.
     */
    private record Seen(Method[] methods, Call[] calls) { }

    private static volatile Seen seen = new Seen(new Method[0], new Call[0]);

    private static Call call(Method method) {
      Seen known = seen;
      Method[] methods = known.methods();
      for (int i = 0; i < methods.length; i++) {
        if (methods[i] == method) {
          return known.calls()[i];
        }
      }
      Call call = CALLS.getOrDefault(method, Call.OTHER);
      if (call != Call.OTHER) {
        synchronized (ResultSetHandler.class) {
          Seen current = seen;
          int n = current.methods().length;
          Method[] nextMethods = Arrays.copyOf(current.methods(), n + 1);
          Call[] nextCalls = Arrays.copyOf(current.calls(), n + 1);
          nextMethods[n] = method;
          nextCalls[n] = call;
          seen = new Seen(nextMethods, nextCalls);
        }
      }
      return call;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      Call call = call(method);
      if (call == Call.OTHER) {
        return super.invoke(proxy, method, args);
      }
      try {
        if (call == Call.NEXT) {
          return rows.next();
        }
        int column = args[0] instanceof String label ? rows.findColumn(label) : (Integer) args[0];
        Object value = temporals.get(method.getName(), column, args.length == 2 ? args[1] : null);
        if (value != TemporalValues.NOT_HANDLED) {
          return value;
        }
        // the getters of every row, called directly rather than by reflection
        switch (call) {
          case GET_LONG -> {
            return rows.getLong(column);
          }
          case GET_INT -> {
            return rows.getInt(column);
          }
          case GET_DOUBLE -> {
            return rows.getDouble(column);
          }
          case GET_STRING -> {
            return rows.getString(column);
          }
          case GET_BIG_DECIMAL -> {
            return rows.getBigDecimal(column);
          }
          case GET_BOOLEAN -> {
            return rows.getBoolean(column);
          }
          default -> { }
        }
      } catch (SQLException | RuntimeException e) {
        throw SqlErrors.translate(e);
      }
      return super.invoke(proxy, method, args);
    }
  }
}
