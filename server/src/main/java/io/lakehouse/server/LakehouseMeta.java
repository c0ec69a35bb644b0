package io.lakehouse.server;

import io.lakehouse.jdbc.LakehouseConnection;
import io.lakehouse.jdbc.LakehouseDriver;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.jdbc.StatementInfo;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.remote.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Avatica's JDBC-backed {@code Meta} for lakehouse connections, with the server's rules: client
 * connection properties pass {@link SessionPolicy}, at most {@code maxConnections} connections are
 * open at once (a new one is refused, none is evicted), statements run under
 * {@link QueryDeadlines}, and a connection idle longer than the idle timeout with no request
 * running ({@link ConnectionActivity}) is closed, which closes its statements and frees their
 * memory.
 */
final class LakehouseMeta extends JdbcMeta {

  private static final Logger LOG = LoggerFactory.getLogger(LakehouseMeta.class);

  private final String url;
  private final SessionPolicy policy;
  private final int maxConnections;
  private final ScheduledExecutorService timer;
  private final Object openLock = new Object();
  private final ConnectionActivity activity = new ConnectionActivity();
  private final QueryDeadlines.OpenStatements statements = new QueryDeadlines.OpenStatements();
  private volatile String refusal;
  /** Connections being opened: they count against the maximum before they are in the cache. */
  private final Set<String> opening = new HashSet<>();
  /** Every connection opened, until it is closed and holds no memory. */
  private final ConcurrentMap<String, Held> held = new ConcurrentHashMap<>();

  LakehouseMeta(
      String url,
      SessionPolicy policy,
      int maxConnections,
      Duration idleTimeout,
      ScheduledExecutorService timer)
      throws SQLException {
    super(url, cacheSettings(maxConnections, idleTimeout));
    this.url = url;
    this.policy = policy;
    this.maxConnections = maxConnections;
    this.timer = timer;
    utcFrames();
    long sweep = Math.max(100, Math.min(idleTimeout.toMillis() / 4, 5_000));
    timer.scheduleWithFixedDelay(() -> closeAbandoned(idleTimeout), sweep, sweep, TimeUnit.MILLISECONDS);
  }

  /** The service over this meta, noting the requests of each connection for the idle timeout. */
  Service service() {
    return activity.track(new LocalService(this));
  }

  /** Closes the connections idle longer than the idle timeout, with their statements and memory. */
  private void closeAbandoned(Duration idleTimeout) {
    // a failure must not end the sweep, which the timer would not run again
    try {
      for (String id : activity.abandoned(idleTimeout)) {
        // JdbcMeta's removal listener closes the connection
        getConnectionCache().invalidate(id);
      }
      getConnectionCache().cleanUp();
    } catch (RuntimeException e) {
      LOG.warn("Closing abandoned connections failed", e);
    }
  }

  /**
   * Avatica's server reads timestamps for its frames through a calendar in the server JVM's
   * default zone, which shifts every value sent by that zone's offset; the thin client renders
   * frames as UTC wall-clock values. Reading through a UTC calendar keeps the values the engine
   * computed (in the session time zone) unshifted, whatever zone the server runs in.
   */
  private void utcFrames() {
    try {
      java.lang.reflect.Field field = JdbcMeta.class.getDeclaredField("calendar");
      field.setAccessible(true);
      ((java.util.Calendar) field.get(this)).setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("Cannot set Avatica's frame calendar to UTC", e);
    }
  }

  private static Properties cacheSettings(int maxConnections, Duration idleTimeout) {
    Properties settings = new Properties();
    // The cache must never evict a live connection for room: openConnection refuses first.
    settings.setProperty(
        ConnectionCacheSettings.MAX_CAPACITY.key(), String.valueOf(Math.max(maxConnections * 2L, 16)));
    // The idle timeout is enforced by closeAbandoned, which spares connections with a request
    // running; Avatica's expiry would not, so it is only a backstop far beyond the timeout.
    settings.setProperty(
        ConnectionCacheSettings.EXPIRY_DURATION.key(), String.valueOf(Math.max(idleTimeout.toMinutes() * 10, 24 * 60)));
    settings.setProperty(ConnectionCacheSettings.EXPIRY_UNIT.key(), TimeUnit.MINUTES.name());
    return settings;
  }

  @Override
  public void openConnection(ConnectionHandle ch, Map<String, String> info) {
    try {
      Properties properties = policy.connectionProperties(info);
      Duration timeout = policy.queryTimeout(info);
      ConcurrentMap<String, Connection> open = getConnectionCache().asMap();
      if (refusal != null) {
        throw new SQLException(refusal, QueryDeadlines.SHUTDOWN);
      }
      synchronized (openLock) {
        getConnectionCache().cleanUp();
        if (open.containsKey(ch.id) || opening.contains(ch.id)) {
          throw new SQLException("Connection already exists: " + ch.id, "08002");
        }
        if (open.size() + opening.size() >= maxConnections) {
          throw new SQLException(
              "The server has its maximum of " + maxConnections
                  + " connections open; close one or try again later",
              "08004");
        }
        opening.add(ch.id);
      }
      // Connecting takes a while (the warehouse's schemas): other clients need not wait for it.
      try {
        Connection connection = new LakehouseDriver().connect(url, properties);
        held.put(ch.id, new Held(connection, connection.unwrap(LakehouseConnection.class)));
        open.put(ch.id, QueryDeadlines.wrap(connection, timeout, timer, statements));
      } finally {
        synchronized (openLock) {
          opening.remove(ch.id);
        }
      }
    } catch (SQLException e) {
      throw new RuntimeException(e);
    }
  }

  /** The number of open connections. */
  int openConnections() {
    getConnectionCache().cleanUp();
    return (int) getConnectionCache().size();
  }

  /**
   * The bytes of Arrow memory the server's connections hold: open ones, and closed ones (expired,
   * say) that did not give all of it back, so that a leak shows here rather than vanishing with
   * the connection.
   */
  long allocatedBytes() {
    long total = 0;
    for (Map.Entry<String, Held> entry : held.entrySet()) {
      long bytes = entry.getValue().engine().allocatedBytes();
      total += bytes;
      if (bytes == 0 && entry.getValue().closed()) {
        held.remove(entry.getKey(), entry.getValue());
      }
    }
    return total;
  }

  /** The number of result sets of the server's statements not closed yet: queries running. */
  int openResultSets() {
    getStatementCache().cleanUp();
    int open = 0;
    for (StatementInfo info : getStatementCache().asMap().values()) {
      ResultSet rows = info.getResultSet();
      try {
        if (rows != null && !rows.isClosed()) {
          open++;
        }
      } catch (SQLException e) {
        // a result set that cannot tell is closed with its connection
      }
    }
    return open;
  }

  /** A connection the server opened, with its engine side, whose memory outlives a failed close. */
  private record Held(Connection connection, LakehouseConnection engine) {
    boolean closed() {
      try {
        return connection.isClosed();
      } catch (SQLException e) {
        return true;
      }
    }
  }

  /** Refuses new connections and new queries from now on, with SQLState 57P01 and {@code message}. */
  void drain(String message) {
    refusal = message;
    statements.refuseNew(message);
  }

  /** Whether a query or any other request is under way, or a result set is still open. */
  boolean busy() {
    return activity.runningRequests() > 0 || openResultSets() > 0;
  }

  /** The number of requests under way. */
  int runningRequests() {
    return activity.runningRequests();
  }

  /** Cancels every statement: running queries fail with SQLState 57P01 and {@code message}. */
  void endAll(String message) {
    statements.endAll(message);
  }

  /** Closes every connection, freeing what their statements hold. */
  void closeAll() {
    getConnectionCache().invalidateAll();
    getConnectionCache().cleanUp();
  }
}
