package io.lakehouse.server;

import io.lakehouse.jdbc.LakehouseConnection;
import io.lakehouse.jdbc.LakehouseDriver;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.avatica.jdbc.JdbcMeta;

/**
 * Avatica's JDBC-backed {@code Meta} for lakehouse connections, with the server's rules: client
 * connection properties pass {@link SessionPolicy}, at most {@code maxConnections} connections are
 * open at once (a new one is refused, none is evicted), statements run under
 * {@link QueryDeadlines}, and a connection idle longer than the idle timeout is closed, which
 * closes its statements and frees their memory.
 */
final class LakehouseMeta extends JdbcMeta {

  private final String url;
  private final SessionPolicy policy;
  private final int maxConnections;
  private final ScheduledExecutorService timer;
  private final Object openLock = new Object();

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
    // The cache closes idle connections only when it is touched; touch it even when nobody calls.
    long sweep = Math.max(100, Math.min(idleTimeout.toMillis() / 4, 5_000));
    timer.scheduleWithFixedDelay(getConnectionCache()::cleanUp, sweep, sweep, TimeUnit.MILLISECONDS);
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
    settings.setProperty(ConnectionCacheSettings.EXPIRY_DURATION.key(), String.valueOf(idleTimeout.toMillis()));
    settings.setProperty(ConnectionCacheSettings.EXPIRY_UNIT.key(), TimeUnit.MILLISECONDS.name());
    return settings;
  }

  @Override
  public void openConnection(ConnectionHandle ch, Map<String, String> info) {
    try {
      Properties properties = policy.connectionProperties(info);
      Duration timeout = policy.queryTimeout(info);
      synchronized (openLock) {
        ConcurrentMap<String, Connection> open = getConnectionCache().asMap();
        getConnectionCache().cleanUp();
        if (open.containsKey(ch.id)) {
          throw new SQLException("Connection already exists: " + ch.id, "08002");
        }
        if (open.size() >= maxConnections) {
          throw new SQLException(
              "The server has its maximum of " + maxConnections
                  + " connections open; close one or try again later",
              "08004");
        }
        Connection connection = new LakehouseDriver().connect(url, properties);
        open.put(ch.id, QueryDeadlines.wrap(connection, timeout, timer));
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

  /** The bytes of Arrow memory all open connections hold. */
  long allocatedBytes() {
    long total = 0;
    for (Connection connection : getConnectionCache().asMap().values()) {
      try {
        total += connection.unwrap(LakehouseConnection.class).allocatedBytes();
      } catch (SQLException e) {
        throw new IllegalStateException("a server connection is not a lakehouse connection", e);
      }
    }
    return total;
  }

  /** Closes every connection, freeing what their statements hold. */
  void closeAll() {
    getConnectionCache().invalidateAll();
    getConnectionCache().cleanUp();
  }
}
