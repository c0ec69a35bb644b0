package io.lakehouse.server;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.avatica.remote.Service;

/**
 * When each remote connection was last used, and whether a request of it is running now. A
 * connection idle longer than the idle timeout has been abandoned (its client went away without
 * closing it); one with a request running is never idle, however long the request takes. Avatica's
 * own expiry counts from the start of the last request, so it would close a connection under a
 * query that runs longer than the idle timeout.
 */
final class ConnectionActivity {

  private final Map<String, Activity> connections = new ConcurrentHashMap<>();

  /** The service, noting each request's start and end against its connection. */
  Service track(Service service) {
    return (Service)
        Proxy.newProxyInstance(
            ConnectionActivity.class.getClassLoader(),
            new Class<?>[] {Service.class},
            (proxy, method, args) -> {
              String id = args != null && args.length == 1 ? connectionId(args[0]) : null;
              Activity activity = id == null ? null : connections.computeIfAbsent(id, key -> new Activity());
              if (activity != null) {
                activity.start();
              }
              try {
                return method.invoke(service, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              } finally {
                if (activity != null) {
                  activity.end();
                }
              }
            });
  }

  /**
   * The connections idle longer than {@code timeout} with no request running, which are marked so
   * that they are not taken up again, and forgotten.
   */
  List<String> abandoned(Duration timeout) {
    long now = System.nanoTime();
    List<String> result = new ArrayList<>();
    connections.forEach(
        (id, activity) -> {
          if (activity.expireIfIdle(now, timeout.toNanos())) {
            connections.remove(id, activity);
            result.add(id);
          }
        });
    return result;
  }

  /** The number of requests running now. */
  int runningRequests() {
    int total = 0;
    for (Activity activity : connections.values()) {
      total += activity.running();
    }
    return total;
  }

  /** The connection a request is about, or null (server-wide requests). */
  private static String connectionId(Object request) {
    if (request instanceof Service.ExecuteRequest execute) {
      return execute.statementHandle == null ? null : execute.statementHandle.connectionId;
    }
    try {
      Field field = request.getClass().getField("connectionId");
      Object value = field.get(request);
      return value instanceof String id ? id : null;
    } catch (NoSuchFieldException | IllegalAccessException e) {
      return null;
    }
  }

  private static final class Activity {
    private int running;
    private long lastUsed = System.nanoTime();

    synchronized void start() {
      running++;
      lastUsed = System.nanoTime();
    }

    synchronized void end() {
      running--;
      lastUsed = System.nanoTime();
    }

    synchronized int running() {
      return running;
    }

    synchronized boolean expireIfIdle(long now, long timeoutNanos) {
      return running == 0 && now - lastUsed > timeoutNanos;
    }
  }
}
