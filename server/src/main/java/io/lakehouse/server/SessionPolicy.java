package io.lakehouse.server;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.calcite.avatica.BuiltInConnectionProperty;

/**
 * Which connection properties a remote client may choose. The server owns memory and file
 * confinement; a client may pick its session time zone and a query timeout no longer than the
 * server's. Avatica's own client settings and user/password (checked by HTTP authentication, not
 * by the engine) are dropped; anything else is refused, so that a typo is not silently ignored.
 */
final class SessionPolicy {

  static final String QUERY_TIMEOUT = "queryTimeout";

  private static final Set<String> SERVER_OWNED =
      Set.of("memorylimit", "confinetowarehouse", "allowedroots");
  private static final Set<String> CLIENT_SETTABLE = Set.of("timezone", "batchsize");
  private static final Set<String> DROPPED =
      Arrays.stream(BuiltInConnectionProperty.values())
          .map(p -> p.camelName().toLowerCase(Locale.ROOT))
          .filter(name -> !CLIENT_SETTABLE.contains(name))
          .collect(Collectors.toUnmodifiableSet());
  private static final Set<String> CREDENTIALS = Set.of("user", "password");

  private final Properties serverProperties;
  private final Duration serverTimeout;

  /**
   * @param serverProperties the properties of every connection, including the server-owned ones
   * @param serverTimeout the longest a query may run, zero for no limit
   */
  SessionPolicy(Properties serverProperties, Duration serverTimeout) {
    this.serverProperties = serverProperties;
    this.serverTimeout = serverTimeout;
  }

  /** Whether only the server may set this connection property. */
  static boolean serverOwned(String key) {
    return SERVER_OWNED.contains(key.toLowerCase(Locale.ROOT));
  }

  /** The driver properties of a connection a client opens with {@code clientInfo}. */
  Properties connectionProperties(Map<String, String> clientInfo) throws SQLException {
    Properties result = new Properties();
    result.putAll(serverProperties);
    if (clientInfo == null) {
      return result;
    }
    for (Map.Entry<String, String> entry : clientInfo.entrySet()) {
      String key = entry.getKey();
      String lower = key.toLowerCase(Locale.ROOT);
      if (lower.equals(QUERY_TIMEOUT.toLowerCase(Locale.ROOT))) {
        queryTimeout(clientInfo);
      } else if (serverOwned(key)) {
        throw new SQLException(
            "Connection property " + key + " is set by the server and cannot be chosen by a client", "08004");
      } else if (CLIENT_SETTABLE.contains(lower)) {
        result.setProperty(key, entry.getValue());
      } else if (!DROPPED.contains(lower) && !CREDENTIALS.contains(lower)) {
        throw new SQLException(
            "Unknown connection property '" + key + "'. A client may set timeZone, batchSize and "
                + QUERY_TIMEOUT + " (seconds)",
            "08001");
      }
    }
    return result;
  }

  /**
   * The query timeout of a connection: the client's {@value #QUERY_TIMEOUT} (seconds) when it is
   * shorter than the server's, else the server's; zero means none.
   */
  Duration queryTimeout(Map<String, String> clientInfo) throws SQLException {
    String value = null;
    if (clientInfo != null) {
      for (Map.Entry<String, String> entry : clientInfo.entrySet()) {
        if (entry.getKey().equalsIgnoreCase(QUERY_TIMEOUT)) {
          value = entry.getValue();
        }
      }
    }
    if (value == null) {
      return serverTimeout;
    }
    Duration client;
    try {
      client = Duration.ofMillis(Math.round(Double.parseDouble(value.trim()) * 1000));
    } catch (NumberFormatException e) {
      throw new SQLException(QUERY_TIMEOUT + " is a number of seconds, got '" + value + "'", "08001");
    }
    if (client.isNegative() || client.isZero()) {
      return serverTimeout;
    }
    return serverTimeout.isZero() || client.compareTo(serverTimeout) < 0 ? client : serverTimeout;
  }
}
