package io.lakehouse.engine.table;

import java.time.Instant;

/** Which state of a table to read: the latest, a version, a point in time, or a named reference. */
public sealed interface SnapshotRef {

  SnapshotRef LATEST = new Latest();

  /** The current state of the table. */
  record Latest() implements SnapshotRef {
    @Override
    public String toString() {
      return "latest";
    }
  }

  /** A Delta commit version or an Iceberg snapshot id. */
  record Version(long version) implements SnapshotRef {
    @Override
    public String toString() {
      return "version " + version;
    }
  }

  /** The latest commit at or before an instant. */
  record Timestamp(Instant instant) implements SnapshotRef {
    @Override
    public String toString() {
      return "timestamp " + instant;
    }
  }

  /** An Iceberg tag or branch. */
  record Named(String name) implements SnapshotRef {
    @Override
    public String toString() {
      return "ref '" + name + "'";
    }
  }
}
