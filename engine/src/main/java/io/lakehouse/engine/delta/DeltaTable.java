package io.lakehouse.engine.delta;

import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.DeltaHistoryManager;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.LakeTable;
import io.lakehouse.engine.table.MetadataRows;
import io.lakehouse.engine.table.MetadataTableKind;
import io.lakehouse.engine.table.SnapshotRef;
import io.lakehouse.engine.table.TableFormat;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Delta Lake table, read through Delta Kernel. Resolves the latest snapshot, a commit version or
 * the latest commit at or before a point in time; Delta has no tags or branches.
 */
public final class DeltaTable implements LakeTable {

  /** A URI scheme of two characters at least, so that a Windows drive letter is not taken for one. */
  private static final Pattern URI_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]+:.*");

  private final String name;
  private final String kernelPath;
  private final String location;
  private final Storage storage;
  private final Engine engine;

  private DeltaTable(String name, String kernelPath, Storage storage) {
    this.name = name;
    this.kernelPath = kernelPath;
    this.location = new org.apache.hadoop.fs.Path(kernelPath).toUri().toString();
    this.storage = storage;
    // Local tables go through Hadoop's file system (which also confines a server's reads); tables
    // in an object store through the storage's own S3 client.
    this.engine =
        Storage.isObjectStore(kernelPath)
            ? DefaultEngine.create(new KernelStorageIO(storage))
            : DefaultEngine.create(storage.hadoopConf());
  }

  /**
   * Opens a table. Nothing is read until a snapshot is resolved.
   *
   * @param name the name the table is known by, used in errors
   * @param location the table root (the directory holding {@code _delta_log}): an absolute local
   *     path or a URI such as {@code file:/data/t}, {@code s3://bucket/t} or {@code s3a://bucket/t}
   * @param storage the storage to read through
   */
  public static DeltaTable open(String name, String location, Storage storage) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(storage, "storage");
    return new DeltaTable(name, kernelPath(location), storage);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public TableFormat format() {
    return TableFormat.DELTA;
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public DeltaSnapshot snapshot(SnapshotRef ref) {
    return new DeltaSnapshot(this, resolve(ref));
  }

  @Override
  public MetadataRows metadataTable(MetadataTableKind kind, SnapshotRef ref) {
    return new DeltaMetadataTables(this, resolve(ref)).rows(kind);
  }

  /** Kernel's snapshot for a reference. */
  private Snapshot resolve(SnapshotRef ref) {
    Objects.requireNonNull(ref, "ref");
    if (ref instanceof SnapshotRef.Latest) {
      return latest();
    } else if (ref instanceof SnapshotRef.Version version) {
      return atVersion(version.version());
    } else if (ref instanceof SnapshotRef.Timestamp timestamp) {
      return atTimestamp(timestamp.instant());
    }
    throw new LakeException(
        LakeException.FEATURE_NOT_SUPPORTED,
        "Table '" + name + "' has no " + ref + ": Delta tables have no tags or branches. Time travel to a"
            + " commit version or a timestamp instead.");
  }

  Engine engine() {
    return engine;
  }

  Storage storage() {
    return storage;
  }

  private Snapshot latest() {
    try {
      return TableManager.loadSnapshot(kernelPath).build(engine);
    } catch (RuntimeException e) {
      throw DeltaErrors.fromKernel(name, location, "latest version", e);
    }
  }

  private Snapshot atVersion(long version) {
    if (version < 0) {
      throw noSuchVersion(version, versionRange(latest()), null);
    }
    try {
      return TableManager.loadSnapshot(kernelPath).atVersion(version).build(engine);
    } catch (RuntimeException e) {
      VersionRange range = versionRange(latest());
      if (!range.contains(version)) {
        throw noSuchVersion(version, range, e);
      }
      throw DeltaErrors.fromKernel(name, location, "version " + version, e);
    }
  }

  private Snapshot atTimestamp(Instant instant) {
    Snapshot latest = latest();
    long millis = instant.toEpochMilli();
    if (millis >= commitTime(latest)) {
      return latest;
    }
    try {
      return TableManager.loadSnapshot(kernelPath).atTimestamp(millis, latest).build(engine);
    } catch (RuntimeException e) {
      VersionRange range = versionRange(latest);
      long firstCommitTime = commitTime(atVersion(range.earliest()));
      if (millis < firstCommitTime) {
        throw new LakeException(
            LakeException.UNDEFINED_OBJECT,
            "Table '" + name + "' has no version at or before " + instant + ": versions " + range
                + " exist, committed from " + Instant.ofEpochMilli(firstCommitTime) + " to "
                + Instant.ofEpochMilli(commitTime(latest)) + ". Use a timestamp in that range.",
            e);
      }
      throw DeltaErrors.fromKernel(name, location, "timestamp " + instant, e);
    }
  }

  /** When a snapshot's commit was made: its in-commit timestamp, else its log file's time. */
  long commitTime(Snapshot snapshot) {
    try {
      return snapshot.getTimestamp(engine);
    } catch (RuntimeException e) {
      throw DeltaErrors.fromKernel(name, location, "version " + snapshot.getVersion(), e);
    }
  }

  private VersionRange versionRange(Snapshot latest) {
    try {
      long earliest =
          DeltaHistoryManager.getEarliestRecreatableCommit(engine, latest.getLogPath(), Optional.empty());
      return new VersionRange(earliest, latest.getVersion());
    } catch (RuntimeException e) {
      throw DeltaErrors.fromKernel(name, location, "list of versions", e);
    }
  }

  private LakeException noSuchVersion(long version, VersionRange range, RuntimeException cause) {
    return new LakeException(
        LakeException.UNDEFINED_OBJECT,
        "Table '" + name + "' has no version " + version + ": versions " + range + " exist.",
        cause);
  }

  /**
   * The table root as Kernel takes it: a Hadoop path string, qualified and not URI-encoded (Kernel
   * passes it to {@code org.apache.hadoop.fs.Path}, which encodes it itself).
   */
  private static String kernelPath(String location) {
    if (URI_SCHEME.matcher(location).matches()) {
      try {
        return new org.apache.hadoop.fs.Path(new URI(location)).toString();
      } catch (URISyntaxException e) {
        // not an encoded URI but a Hadoop path string with a scheme, such as "file:/data/my table"
        return location;
      }
    }
    return "file:" + Path.of(location).toAbsolutePath().normalize();
  }

  /** The versions of a table that can be read, from the earliest recreatable one to the latest. */
  private record VersionRange(long earliest, long latest) {
    boolean contains(long version) {
      return version >= earliest && version <= latest;
    }

    @Override
    public String toString() {
      return earliest + "–" + latest;
    }
  }
}
