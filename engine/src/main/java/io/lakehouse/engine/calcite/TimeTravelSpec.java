package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.SnapshotRef;
import java.time.Instant;
import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.DateTimeUtils;

/**
 * Which snapshot a scan reads, in a form that survives code generation as a string: fixed at plan
 * time, or taken from a statement parameter at run time.
 *
 * <p>Encodings: {@code latest}; {@code v:<n>} a version; {@code n:<name>} a tag or branch; {@code
 * t:<epoch millis>} a point in time; {@code pv:<i>} / {@code pt:<i>} the version or time in
 * parameter {@code i}.
 */
final class TimeTravelSpec {

  static final String LATEST = "latest";

  private TimeTravelSpec() {}

  static String version(long version) {
    return "v:" + version;
  }

  static String named(String name) {
    return "n:" + name;
  }

  static String timestamp(long epochMillis) {
    return "t:" + epochMillis;
  }

  /** The spec of a resolved snapshot reference. */
  static String of(SnapshotRef ref) {
    if (ref instanceof SnapshotRef.Version v) {
      return version(v.version());
    }
    if (ref instanceof SnapshotRef.Named n) {
      return named(n.name());
    }
    if (ref instanceof SnapshotRef.Timestamp t) {
      return timestamp(t.instant().toEpochMilli());
    }
    return LATEST;
  }

  static String versionParameter(int index) {
    return "pv:" + index;
  }

  static String timestampParameter(int index) {
    return "pt:" + index;
  }

  static boolean isLatest(String spec) {
    return LATEST.equals(spec);
  }

  /** How EXPLAIN shows a spec: {@code version 3}, {@code ref 'nightly'}, {@code timestamp ...}, {@code parameter 1}. */
  static String describe(String spec) {
    if (isParameter(spec)) {
      return (spec.startsWith("pv") ? "version" : "timestamp") + " of parameter " + (Integer.parseInt(spec.substring(3)) + 1);
    }
    return resolve(spec, null).toString();
  }

  /** True when the snapshot comes from a statement parameter, known only at run time. */
  static boolean isParameter(String spec) {
    return spec.startsWith("p");
  }

  /** Resolves a spec, reading parameters from the statement's data context. */
  static SnapshotRef resolve(String spec, DataContext context) {
    if (isLatest(spec)) {
      return SnapshotRef.LATEST;
    }
    int colon = spec.indexOf(':');
    String kind = spec.substring(0, colon);
    String value = spec.substring(colon + 1);
    return switch (kind) {
      case "v" -> new SnapshotRef.Version(Long.parseLong(value));
      case "n" -> new SnapshotRef.Named(value);
      case "t" -> new SnapshotRef.Timestamp(Instant.ofEpochMilli(Long.parseLong(value)));
      case "pv" -> versionFromParameter(context.get("?" + value));
      case "pt" -> timestampFromParameter(context.get("?" + value), context);
      default -> throw new IllegalArgumentException("Unknown time travel spec " + spec);
    };
  }

  private static SnapshotRef versionFromParameter(Object value) {
    if (value instanceof Number n) {
      return new SnapshotRef.Version(n.longValue());
    }
    if (value instanceof CharSequence s) {
      String text = s.toString().trim();
      return text.matches("-?\\d+") ? new SnapshotRef.Version(Long.parseLong(text)) : new SnapshotRef.Named(text);
    }
    throw new IllegalArgumentException(
        "FOR VERSION AS OF ? needs a number or a tag/branch name, got " + describe(value));
  }

  private static SnapshotRef timestampFromParameter(Object value, DataContext context) {
    if (value instanceof java.sql.Timestamp ts) {
      return new SnapshotRef.Timestamp(ts.toInstant());
    }
    if (value instanceof Long millis) {
      // Calcite hands TIMESTAMP parameters over as local wall-clock milliseconds of the session zone.
      java.util.TimeZone zone = DataContext.Variable.TIME_ZONE.get(context);
      return new SnapshotRef.Timestamp(Instant.ofEpochMilli(millis - zone.getOffset(millis)));
    }
    if (value instanceof CharSequence s) {
      long wallClock = DateTimeUtils.timestampStringToUnixDate(s.toString().trim());
      java.util.TimeZone zone = DataContext.Variable.TIME_ZONE.get(context);
      return new SnapshotRef.Timestamp(Instant.ofEpochMilli(wallClock - zone.getOffset(wallClock)));
    }
    throw new IllegalArgumentException(
        "FOR TIMESTAMP AS OF ? needs a timestamp, got " + describe(value));
  }

  private static String describe(Object value) {
    return value == null ? "NULL" : value.getClass().getSimpleName() + " " + value;
  }
}
