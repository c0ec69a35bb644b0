package io.lakehouse.jdbc;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Calendar;

/**
 * Date and time values of one result set as JDBC users expect them, whatever the JVM's default
 * zone. Calcite hands out DATE as days since 1970-01-01, TIME as milliseconds of the day, TIMESTAMP
 * as a wall clock in milliseconds and TIMESTAMP WITH LOCAL TIME ZONE as epoch milliseconds, and
 * Avatica's accessors shift them by zone offsets (a DATE read west of UTC came back a day early).
 * Here:
 *
 * <ul>
 *   <li>DATE is a calendar date: {@code getDate} gives a {@link Date} whose {@code toString} is it,
 *       {@code getObject(LocalDate.class)} the date itself.
 *   <li>TIMESTAMP is a wall clock: {@code getObject(LocalDateTime.class)} exact, {@code
 *       getTimestamp} a {@link Timestamp} whose {@code toString} is that wall clock. Asked for an
 *       instant ({@link Instant}, {@link OffsetDateTime}, {@link ZonedDateTime}) the wall clock is
 *       read in the session time zone.
 *   <li>TIMESTAMP WITH LOCAL TIME ZONE is an instant: {@code getTimestamp} and {@link Instant} exact,
 *       {@link OffsetDateTime} and {@link ZonedDateTime} in the session time zone, {@link
 *       LocalDateTime}, {@link LocalDate} and {@code getString} the wall clock there.
 * </ul>
 */
final class TemporalValues {

  private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  /** How Calcite carries a column's value, or null for a column that is not a date or time. */
  enum Kind { DATE, TIME, TIMESTAMP, INSTANT }

  private final ResultSet rows;
  private final ZoneId session;
  private Kind[] kinds;

  TemporalValues(ResultSet rows, ZoneId session) {
    this.rows = rows;
    this.session = session;
  }

  /** The kind of a column (1-based), or null when it is no date or time. */
  Kind kind(int column) throws SQLException {
    if (kinds == null) {
      ResultSetMetaData metaData = rows.getMetaData();
      kinds = new Kind[metaData.getColumnCount() + 1];
      for (int i = 1; i < kinds.length; i++) {
        kinds[i] = switch (metaData.getColumnTypeName(i)) {
          case "DATE" -> Kind.DATE;
          case "TIME" -> Kind.TIME;
          case "TIMESTAMP" -> Kind.TIMESTAMP;
          case "TIMESTAMP_WITH_LOCAL_TIME_ZONE" -> Kind.INSTANT;
          default -> null;
        };
      }
    }
    return column > 0 && column < kinds.length ? kinds[column] : null;
  }

  /**
   * Answers a getter on a date or time column, or returns {@link #NOT_HANDLED} to leave it to
   * Calcite. {@code name} is the method, {@code argument} its second argument (a type or a
   * {@link Calendar}) or null.
   */
  Object get(String name, int column, Object argument) throws SQLException {
    Kind kind = kind(column);
    if (kind == null) {
      return NOT_HANDLED;
    }
    return switch (name) {
      case "getObject" -> argument instanceof Class<?> type ? as(kind, column, type) : defaultObject(kind, column);
      case "getTimestamp" -> timestamp(kind, column, zoneOf(argument));
      case "getDate" -> date(kind, column, zoneOf(argument));
      case "getTime" -> time(kind, column, zoneOf(argument));
      case "getString" -> kind == Kind.INSTANT ? text(column) : NOT_HANDLED;
      default -> NOT_HANDLED;
    };
  }

  /** Marks a call this class leaves to Calcite's result set. */
  static final Object NOT_HANDLED = new Object();

  private Object defaultObject(Kind kind, int column) throws SQLException {
    return switch (kind) {
      case DATE -> date(kind, column, null);
      case TIME -> time(kind, column, null);
      case TIMESTAMP, INSTANT -> timestamp(kind, column, null);
    };
  }

  private Object as(Kind kind, int column, Class<?> type) throws SQLException {
    if (type == LocalDate.class) {
      LocalDateTime value = wallClock(kind, column);
      return value == null ? null : value.toLocalDate();
    }
    if (type == LocalDateTime.class) {
      return wallClock(kind, column);
    }
    if (type == LocalTime.class) {
      LocalDateTime value = wallClock(kind, column);
      return value == null ? null : value.toLocalTime();
    }
    if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class) {
      if (kind == Kind.DATE || kind == Kind.TIME) {
        throw new SQLFeatureNotSupportedException(
            "A " + kind + " column is not an instant; read it as LocalDate or LocalTime", "0A000");
      }
      ZonedDateTime value = zoned(kind, column);
      if (value == null) {
        return null;
      }
      return type == Instant.class ? value.toInstant()
          : type == OffsetDateTime.class ? value.toOffsetDateTime() : value;
    }
    if (type == Timestamp.class) {
      return timestamp(kind, column, null);
    }
    if (type == Date.class) {
      return date(kind, column, null);
    }
    if (type == Time.class) {
      return time(kind, column, null);
    }
    if (type == String.class) {
      return kind == Kind.INSTANT ? text(column) : rows.getString(column);
    }
    if (type == Object.class) {
      return defaultObject(kind, column);
    }
    throw new SQLFeatureNotSupportedException(
        "Cannot read a " + kind + " column as " + type.getName(), "0A000");
  }

  private Timestamp timestamp(Kind kind, int column, ZoneId zone) throws SQLException {
    if (kind == Kind.INSTANT) {
      ZonedDateTime value = zoned(kind, column);
      return value == null ? null : Timestamp.from(value.toInstant());
    }
    LocalDateTime value = wallClock(kind, column);
    if (value == null) {
      return null;
    }
    return zone == null ? Timestamp.valueOf(value) : Timestamp.from(value.atZone(zone).toInstant());
  }

  private Date date(Kind kind, int column, ZoneId zone) throws SQLException {
    LocalDateTime value = wallClock(kind, column);
    if (value == null) {
      return null;
    }
    LocalDate day = value.toLocalDate();
    return zone == null ? Date.valueOf(day) : new Date(day.atStartOfDay(zone).toInstant().toEpochMilli());
  }

  private Time time(Kind kind, int column, ZoneId zone) throws SQLException {
    LocalDateTime value = wallClock(kind, column);
    if (value == null) {
      return null;
    }
    LocalDateTime onEpochDay = LocalDate.EPOCH.atTime(value.toLocalTime());
    ZoneId in = zone == null ? ZoneId.systemDefault() : zone;
    return new Time(onEpochDay.atZone(in).toInstant().toEpochMilli());
  }

  private String text(int column) throws SQLException {
    ZonedDateTime value = zoned(Kind.INSTANT, column);
    return value == null ? null : TEXT.format(value);
  }

  /** The value as a wall clock: in the session zone for an instant, at midnight for a date. */
  private LocalDateTime wallClock(Kind kind, int column) throws SQLException {
    long raw = rows.getLong(column);
    if (rows.wasNull()) {
      return null;
    }
    return switch (kind) {
      case DATE -> LocalDate.ofEpochDay(raw).atStartOfDay();
      case TIME -> LocalDate.EPOCH.atTime(LocalTime.ofNanoOfDay(Math.floorMod(raw, 86_400_000L) * 1_000_000L));
      case TIMESTAMP -> LocalDateTime.ofEpochSecond(
          Math.floorDiv(raw, 1000), (int) Math.floorMod(raw, 1000) * 1_000_000, ZoneOffset.UTC);
      case INSTANT -> Instant.ofEpochMilli(raw).atZone(session).toLocalDateTime();
    };
  }

  /** The value as an instant in the session zone (a wall clock is read in the session zone). */
  private ZonedDateTime zoned(Kind kind, int column) throws SQLException {
    long raw = rows.getLong(column);
    if (rows.wasNull()) {
      return null;
    }
    if (kind == Kind.INSTANT) {
      return Instant.ofEpochMilli(raw).atZone(session);
    }
    LocalDateTime value = wallClock(kind, column);
    return value == null ? null : value.atZone(session);
  }

  private static ZoneId zoneOf(Object argument) {
    return argument instanceof Calendar calendar ? calendar.getTimeZone().toZoneId() : null;
  }
}
