package io.lakehouse.server;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.AccessDeniedException;
import java.sql.SQLException;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchConnectionException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.remote.Service;

/**
 * Makes a failure reach the remote client with the engine's SQLState and message. Avatica sends
 * SQLState {@code 00000} for any exception but its own {@link AvaticaRuntimeException}, so the
 * first {@link SQLException} in a failure's causes is turned into one; a read the warehouse
 * confinement refused becomes SQLState 42501 and says why, and one without a SQLState gets
 * {@value #GENERAL_ERROR} (not a NullPointerException in Avatica). Failures the thin client
 * acts on itself (an unknown connection or statement, missing results) pass unchanged.
 */
final class SqlStateService {

  /** SQLState of a failure nobody classified. */
  static final String GENERAL_ERROR = "HY000";

  private SqlStateService() {}

  static Service wrap(Service service) {
    return (Service)
        Proxy.newProxyInstance(
            SqlStateService.class.getClassLoader(),
            new Class<?>[] {Service.class},
            (proxy, method, args) -> {
              try {
                return method.invoke(service, args);
              } catch (InvocationTargetException e) {
                throw translate(e.getCause());
              }
            });
  }

  private static Throwable translate(Throwable failure) {
    SQLException sql = null;
    AccessDeniedException denied = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof AccessDeniedException found) {
        denied = found;
      }
      if (t instanceof AvaticaRuntimeException
          || t instanceof NoSuchConnectionException
          || t instanceof NoSuchStatementException
          || t instanceof MissingResultsException) {
        return failure;
      }
      if (sql == null && t instanceof SQLException found) {
        sql = found;
      }
    }
    if (sql == null) {
      return failure;
    }
    // A read refused by the warehouse confinement: say so, whatever layer wrapped the refusal.
    String message = String.valueOf(sql.getMessage());
    if (denied != null) {
      message += " (refused: " + denied.getMessage() + ")";
    }
    // Avatica's exception requires a SQLState: one the engine did not classify is a general error.
    String sqlState = denied != null ? "42501" : sql.getSQLState() != null ? sql.getSQLState() : GENERAL_ERROR;
    AvaticaRuntimeException translated =
        new AvaticaRuntimeException(message, sql.getErrorCode(), sqlState, AvaticaSeverity.ERROR);
    translated.initCause(failure);
    return translated;
  }
}
