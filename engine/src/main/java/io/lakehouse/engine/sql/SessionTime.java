package io.lakehouse.engine.sql;

import io.lakehouse.engine.table.LakeException;
import java.time.Instant;
import java.util.TimeZone;
import org.apache.calcite.avatica.util.DateTimeUtils;

/** Wall-clock times of the session's time zone, as time travel reads them. */
public final class SessionTime {

  private SessionTime() {}

  /** The instant at which the session's clock shows {@code wallClockMillis} (milliseconds of a UTC clock). */
  public static Instant fromWallClock(long wallClockMillis, TimeZone zone) {
    long guess = wallClockMillis - zone.getOffset(wallClockMillis);
    return Instant.ofEpochMilli(wallClockMillis - zone.getOffset(guess));
  }

  /** Reads text like {@code 2024-01-31 12:00:00} or {@code 2024-01-31} in the session's zone. */
  public static Instant parse(String text, TimeZone zone) {
    String trimmed = text.trim();
    try {
      return fromWallClock(DateTimeUtils.timestampStringToUnixDate(trimmed), zone);
    } catch (RuntimeException e) {
      throw new LakeException(
          "42601",
          "Invalid time travel: FOR TIMESTAMP AS OF needs a timestamp like '2024-01-31 12:00:00', got '"
              + trimmed + "'");
    }
  }
}
