package io.lakehouse.server;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Struct;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Gives every statement of a server-side connection a deadline: when a query's execution and the
 * fetching of its rows together outlast the timeout, the statement is cancelled, which the scan
 * observes between batches and answers by closing its files and freeing its memory. The client
 * gets a {@link SQLTimeoutException} (SQLState HYT00) naming the timeout.
 *
 * <p>A NULL struct value, which Avatica's server cannot encode (it fails with a
 * NullPointerException), is reported as SQLState 0A000 instead.
 *
 * <p>On shutdown, every open statement is cancelled the same way ({@link OpenStatements#endAll}),
 * and its query fails with SQLState 57P01.
 *
 * <p>Avatica's protocol carries neither {@code Statement.cancel} nor {@code setQueryTimeout} from
 * the thin client to the server, so the deadline is enforced here.
 */
final class QueryDeadlines {

  /** SQLState of a query ended because the server shuts down (PostgreSQL's admin_shutdown). */
  static final String SHUTDOWN = "57P01";

  private QueryDeadlines() {}

  /**
   * The connection, whose statements run under {@code timeout} (zero: no deadline) and are listed
   * in {@code statements} while open.
   */
  static Connection wrap(
      Connection connection, Duration timeout, ScheduledExecutorService timer, OpenStatements statements) {
    return (Connection)
        Proxy.newProxyInstance(
            QueryDeadlines.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new ConnectionHandler(connection, timeout, timer, statements));
  }

  /** The open statements of the server's connections, which a shutdown ends. */
  static final class OpenStatements {
    private final Set<StatementHandler> open = ConcurrentHashMap.newKeySet();
    private volatile String refusal;
    private volatile String shutdownMessage;

    /** From now on, a statement that starts a query fails with SQLState 57P01 and {@code message}. */
    void refuseNew(String message) {
      refusal = message;
    }

    /**
     * Cancels every open statement: a running query fails with SQLState 57P01 and {@code message},
     * and frees its memory.
     */
    void endAll(String message) {
      shutdownMessage = message;
      for (StatementHandler statement : open) {
        statement.end();
      }
    }
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static final class ConnectionHandler implements InvocationHandler {
    private final Connection target;
    private final Duration timeout;
    private final ScheduledExecutorService timer;
    private final OpenStatements statements;

    ConnectionHandler(Connection target, Duration timeout, ScheduledExecutorService timer, OpenStatements statements) {
      this.target = target;
      this.timeout = timeout;
      this.timer = timer;
      this.statements = statements;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      Object result = QueryDeadlines.invoke(target, method, args);
      if (result instanceof Statement statement
          && (method.getName().equals("createStatement") || method.getName().equals("prepareStatement"))) {
        Class<?> type = statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
        StatementHandler handler = new StatementHandler(statement, timeout, timer, statements);
        statements.open.add(handler);
        return Proxy.newProxyInstance(QueryDeadlines.class.getClassLoader(), new Class<?>[] {type}, handler);
      }
      return result;
    }
  }

  private static final class StatementHandler implements InvocationHandler {
    private final Statement target;
    private final Duration timeout;
    private final ScheduledExecutorService timer;
    private final OpenStatements statements;
    private ScheduledFuture<?> deadline;
    private volatile boolean expired;
    private volatile boolean ended;

    StatementHandler(Statement target, Duration timeout, ScheduledExecutorService timer, OpenStatements statements) {
      this.target = target;
      this.timeout = timeout;
      this.timer = timer;
      this.statements = statements;
    }

    /** Cancels the statement for a shutdown. */
    void end() {
      ended = true;
      try {
        target.cancel();
      } catch (SQLException e) {
        // The statement closed meanwhile: nothing is left to cancel.
      }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      if (name.startsWith("execute")) {
        if (statements.refusal != null) {
          throw new SQLException(statements.refusal, SHUTDOWN);
        }
        arm();
      } else if (name.equals("close")) {
        disarm();
        statements.open.remove(this);
      }
      Object result;
      try {
        result = QueryDeadlines.invoke(target, method, args);
      } catch (SQLException | RuntimeException e) {
        throw translate(e);
      }
      if (result instanceof ResultSet rows) {
        return Proxy.newProxyInstance(
            QueryDeadlines.class.getClassLoader(),
            new Class<?>[] {ResultSet.class},
            (p, m, a) -> {
              Object value;
              try {
                value = QueryDeadlines.invoke(rows, m, a);
              } catch (SQLException | RuntimeException e) {
                throw translate(e);
              }
              if (value == null && m.getName().equals("getObject") && a != null && a.length == 2
                  && a[1] == Struct.class) {
                // Avatica's server turns a NULL struct into a NullPointerException: say what happened.
                throw new SQLFeatureNotSupportedException(
                    "A NULL value of the struct column " + rows.getMetaData().getColumnLabel((Integer) a[0])
                        + " cannot be sent over Avatica; select its fields (s.field) or filter NULLs out",
                    "0A000");
              }
              return value;
            });
      }
      return result;
    }

    private synchronized void arm() {
      disarm();
      if (timeout.isZero()) {
        return;
      }
      expired = false;
      deadline =
          timer.schedule(
              () -> {
                expired = true;
                try {
                  target.cancel();
                } catch (SQLException e) {
                  // The statement closed meanwhile: nothing is left to cancel.
                }
              },
              timeout.toMillis(),
              TimeUnit.MILLISECONDS);
    }

    private synchronized void disarm() {
      if (deadline != null) {
        deadline.cancel(false);
        deadline = null;
      }
    }

    private Exception translate(Exception e) {
      if (!expired && !ended) {
        return e;
      }
      // Free the scan's memory now rather than when the client gets round to closing.
      try {
        ResultSet open = target.getResultSet();
        if (open != null) {
          open.close();
        }
      } catch (SQLException | RuntimeException closing) {
        e.addSuppressed(closing);
      }
      if (ended) {
        return new SQLException(statements.shutdownMessage, SHUTDOWN, e);
      }
      return new SQLTimeoutException(
          "The query ran longer than the query timeout of " + format(timeout) + " and was cancelled",
          "HYT00",
          e);
    }
  }

  static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }
}
