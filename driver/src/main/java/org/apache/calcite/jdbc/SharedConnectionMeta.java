package org.apache.calcite.jdbc;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calcite's metadata, safe for a connection that several threads use at once. Schema browsers
 * (SchemaCrawler, DBeaver) read metadata on several threads over one connection, and every
 * metadata call creates a statement. Calcite numbers statements with an unguarded counter and keeps
 * them in a {@code HashMap}: two threads could get the same number, so that closing one statement
 * unregistered the other, or a lookup missed during a resize. Here statements are numbered under a
 * lock and the registry is a concurrent map ({@link #makeThreadSafe}).
 *
 * <p>It lives in Calcite's package because Calcite's connection class, which its constructor
 * takes, is not public; it is the driver's only class there.
 */
public final class SharedConnectionMeta extends CalciteMetaImpl {

  public SharedConnectionMeta(
      CalciteConnection connection, CalciteMetaTableFactory tables, CalciteMetaColumnFactory columns) {
    super((CalciteConnectionImpl) connection, tables, columns);
  }

  @Override
  public synchronized StatementHandle createStatement(ConnectionHandle ch) {
    return super.createStatement(ch);
  }

  /**
   * Replaces the connection's statement registry by a concurrent one. It must run before the
   * connection is handed out; a Calcite whose registry looks different fails here, loudly, rather
   * than at the first concurrent use.
   */
  public static void makeThreadSafe(CalciteConnection connection) {
    Object server = ((CalciteConnectionImpl) connection).server;
    try {
      Field field = server.getClass().getDeclaredField("statementMap");
      field.setAccessible(true);
      @SuppressWarnings("unchecked")
      Map<Integer, Object> statements = (Map<Integer, Object>) field.get(server);
      field.set(server, new ConcurrentHashMap<>(statements));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("This Calcite version keeps its statements differently: " + e, e);
    }
  }
}
