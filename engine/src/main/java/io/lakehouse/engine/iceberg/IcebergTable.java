package io.lakehouse.engine.iceberg;

import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.LakeSnapshot;
import io.lakehouse.engine.table.LakeTable;
import io.lakehouse.engine.table.MetadataRows;
import io.lakehouse.engine.table.MetadataTableKind;
import io.lakehouse.engine.table.SnapshotRef;
import io.lakehouse.engine.table.TableFormat;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.HistoryEntry;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StaticTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * An Iceberg table in a directory that holds {@code metadata/}, or a table of an Iceberg catalog,
 * read through iceberg-core. Each snapshot resolution looks for the current metadata file again (in
 * the directory, or by asking the catalog), so new commits become visible; the loaded metadata is
 * reused while the current file is the same.
 *
 * <p>With {@code relocate}, every file the metadata refers to is looked up under the directory the
 * table lies in now rather than the location the writer recorded (see {@link RelocatingFileIO}).
 */
public final class IcebergTable implements LakeTable {

  private static final int LISTED_CHOICES = 5;

  private final String name;
  private final String root;
  private final Storage storage;
  private final boolean relocate;
  private final MetadataLocator locator;
  /** For a table of a catalog: its current state, as the catalog says; else null. */
  private final Supplier<CatalogState> catalog;
  private volatile Loaded loaded;

  private record Loaded(String metadataLocation, FileIO io, Table table) {}

  /** A catalog's answer: the current metadata, and the file IO to read with (null: the storage's). */
  private record CatalogState(TableMetadata metadata, FileIO io) {}

  private IcebergTable(String name, String root, Storage storage, boolean relocate) {
    this.name = name;
    this.root = root;
    this.storage = storage;
    this.relocate = relocate;
    this.locator = new MetadataLocator(name, root, storage.fileIO());
    this.catalog = null;
  }

  private IcebergTable(String name, TableMetadata metadata, Supplier<CatalogState> catalog, Storage storage) {
    this.name = name;
    this.root = tableRoot(name, metadata.location());
    this.storage = storage;
    this.relocate = false;
    this.locator = null;
    this.catalog = catalog;
  }

  /**
   * A table of an Iceberg catalog: each snapshot resolution asks {@code currentMetadata} (the
   * catalog) for the table's current metadata, so new commits become visible; files are read
   * through {@code storage}.
   *
   * @param name the name the table is known by, used in messages
   * @param currentMetadata loads the table's current metadata from its catalog
   * @throws LakeException naming the table when the catalog cannot load it
   */
  public static IcebergTable fromCatalog(String name, Supplier<TableMetadata> currentMetadata, Storage storage) {
    return fromCatalogState(name, () -> new CatalogState(currentMetadata.get(), null), storage);
  }

  /**
   * A table of an Iceberg catalog that hands out how to read its files with each load, as a REST
   * catalog does (vended credentials): each snapshot resolution asks {@code currentTable} (the
   * catalog) for the table, and files are read through that table's file IO.
   *
   * @param name the name the table is known by, used in messages
   * @param currentTable loads the table from its catalog
   * @throws LakeException naming the table when the catalog cannot load it
   */
  public static IcebergTable fromCatalogTable(String name, Supplier<Table> currentTable, Storage storage) {
    return fromCatalogState(
        name,
        () -> {
          Table table = currentTable.get();
          return new CatalogState(((HasTableOperations) table).operations().current(), table.io());
        },
        storage);
  }

  private static IcebergTable fromCatalogState(String name, Supplier<CatalogState> currentState, Storage storage) {
    CatalogState first = currentState.get();
    IcebergTable table = new IcebergTable(name, first.metadata(), currentState, storage);
    table.current(first);
    return table;
  }

  /**
   * Opens a table and reads its current metadata.
   *
   * @param name the name the table is known by, used in messages
   * @param location the table root (the directory holding {@code metadata/}): an absolute local
   *     path, a {@code file:} URI, or another URI the storage can read
   * @param storage where to read files
   * @param relocate whether to map the locations recorded in the metadata onto {@code location}
   * @throws LakeException naming the table when it has no readable metadata
   */
  public static IcebergTable open(String name, String location, Storage storage, boolean relocate) {
    IcebergTable table = new IcebergTable(name, tableRoot(name, location), storage, relocate);
    table.current();
    return table;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public TableFormat format() {
    return TableFormat.ICEBERG;
  }

  @Override
  public String location() {
    return hasScheme(root) ? root : Path.of(root).toUri().toString();
  }

  /** Whether locations recorded in the metadata are mapped onto this table's directory. */
  public boolean relocates() {
    return relocate;
  }

  @Override
  public LakeSnapshot snapshot(SnapshotRef ref) {
    Table table = current();
    Snapshot snapshot = resolve(table, ref);
    if (ref instanceof SnapshotRef.Latest) {
      return new IcebergSnapshot(this, table, snapshot, table.schema());
    }
    // Iceberg reads a branch with the table schema and a tag with its snapshot's schema.
    org.apache.iceberg.Schema schema =
        ref instanceof SnapshotRef.Named named
            ? SnapshotUtil.schemaFor(table, named.name())
            : SnapshotUtil.schemaFor(table, snapshot.snapshotId());
    return new IcebergSnapshot(this, table, snapshot, schema);
  }

  @Override
  public MetadataRows metadataTable(MetadataTableKind kind, SnapshotRef ref) {
    Table table = current();
    return new IcebergMetadataTables(this, table, resolve(table, ref), ref instanceof SnapshotRef.Latest).rows(kind);
  }

  /** The snapshot a reference names; null for the latest state of a table without snapshots. */
  private Snapshot resolve(Table table, SnapshotRef ref) {
    if (ref instanceof SnapshotRef.Latest) {
      return table.currentSnapshot();
    } else if (ref instanceof SnapshotRef.Version version) {
      Snapshot snapshot = table.snapshot(version.version());
      if (snapshot == null) {
        throw new LakeException(
            LakeException.UNDEFINED_OBJECT,
            "Table '" + name + "' has no snapshot " + version.version() + "; its snapshots are "
                + snapshotIds(table));
      }
      return snapshot;
    } else if (ref instanceof SnapshotRef.Timestamp timestamp) {
      return snapshotAsOf(table, timestamp.instant());
    } else if (ref instanceof SnapshotRef.Named named) {
      org.apache.iceberg.SnapshotRef icebergRef = table.refs().get(named.name());
      if (icebergRef == null) {
        throw new LakeException(
            LakeException.UNDEFINED_OBJECT,
            "Table '" + name + "' has no tag or branch '" + named.name() + "'; it has " + refNames(table));
      }
      Snapshot snapshot = table.snapshot(icebergRef.snapshotId());
      if (snapshot == null) {
        throw new LakeException(
            LakeException.INVALID_TABLE,
            "Table '" + name + "' has " + named + " at snapshot " + icebergRef.snapshotId()
                + ", which is not in its metadata; its snapshots are " + snapshotIds(table));
      }
      return snapshot;
    }
    throw new IllegalArgumentException("Unknown snapshot reference " + ref);
  }

  /** The latest snapshot committed at or before an instant, from the table's snapshot log. */
  private Snapshot snapshotAsOf(Table table, Instant instant) {
    List<HistoryEntry> history = new ArrayList<>(table.history());
    if (history.isEmpty()) {
      for (Snapshot ancestor : SnapshotUtil.currentAncestors(table)) {
        history.add(historyEntry(ancestor));
      }
    }
    if (history.isEmpty()) {
      throw new LakeException(
          LakeException.UNDEFINED_OBJECT,
          "Table '" + name + "' has no snapshot at or before " + instant + ": it has no snapshots yet");
    }
    history.sort(Comparator.comparingLong(HistoryEntry::timestampMillis));
    long millis = instant.toEpochMilli();
    HistoryEntry found = null;
    for (HistoryEntry entry : history) {
      if (entry.timestampMillis() <= millis) {
        found = entry;
      }
    }
    if (found == null) {
      throw new LakeException(
          LakeException.UNDEFINED_OBJECT,
          "Table '" + name + "' has no snapshot at or before " + instant + "; its first snapshot ("
              + history.get(0).snapshotId() + ") was committed at "
              + Instant.ofEpochMilli(history.get(0).timestampMillis()));
    }
    Snapshot snapshot = table.snapshot(found.snapshotId());
    if (snapshot == null) {
      throw new LakeException(
          LakeException.UNDEFINED_OBJECT,
          "Table '" + name + "' was at snapshot " + found.snapshotId() + " at " + instant
              + ", but that snapshot has expired; its snapshots are " + snapshotIds(table));
    }
    return snapshot;
  }

  private static HistoryEntry historyEntry(Snapshot snapshot) {
    return new HistoryEntry() {
      @Override
      public long timestampMillis() {
        return snapshot.timestampMillis();
      }

      @Override
      public long snapshotId() {
        return snapshot.snapshotId();
      }
    };
  }

  private static String snapshotIds(Table table) {
    List<Snapshot> snapshots = new ArrayList<>();
    table.snapshots().forEach(snapshots::add);
    if (snapshots.isEmpty()) {
      return "none (the table is empty)";
    }
    snapshots.sort(Comparator.comparingLong(Snapshot::timestampMillis).reversed());
    String listed =
        snapshots.stream()
            .limit(LISTED_CHOICES)
            .map(s -> s.snapshotId() + " (" + Instant.ofEpochMilli(s.timestampMillis()) + ")")
            .collect(Collectors.joining(", "));
    int more = snapshots.size() - LISTED_CHOICES;
    return more > 0 ? listed + " and " + more + " older" : listed;
  }

  private static String refNames(Table table) {
    Map<String, org.apache.iceberg.SnapshotRef> refs = table.refs();
    if (refs.isEmpty()) {
      return "no tags or branches";
    }
    return refs.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + " (" + (e.getValue().isBranch() ? "branch" : "tag") + ")")
        .collect(Collectors.joining(", "));
  }

  /** The table at its current metadata file, loading it when it changed since the last call. */
  Table current() {
    return current(catalog == null ? null : catalog.get());
  }

  /** The table at its current state: {@code fromCatalog}, or for a directory table the one found there. */
  private Table current(CatalogState fromCatalog) {
    String metadataLocation =
        fromCatalog != null ? fromCatalog.metadata().metadataFileLocation() : locator.currentMetadataLocation();
    FileIO io = fromCatalog != null && fromCatalog.io() != null ? fromCatalog.io() : storage.fileIO();
    Loaded known = loaded;
    // a catalog may hand out a new file IO (new credentials) for the same metadata
    if (known != null && known.metadataLocation().equals(metadataLocation) && known.io() == io) {
      return known.table();
    }
    TableMetadata metadata = fromCatalog != null ? fromCatalog.metadata() : readMetadata(metadataLocation);
    FileIO tableIO = relocate ? new RelocatingFileIO(io, metadata.location(), root) : io;
    Table table = new BaseTable(new StaticTableOperations(metadata, tableIO), name);
    loaded = new Loaded(metadataLocation, io, table);
    return table;
  }

  private TableMetadata readMetadata(String metadataLocation) {
    try {
      return TableMetadataParser.read(storage.fileIO(), metadataLocation);
    } catch (NotFoundException e) {
      throw new LakeException(
          LakeException.IO_ERROR,
          "Cannot read table '" + name + "': its metadata file " + metadataLocation + " is missing",
          e);
    } catch (RuntimeException e) {
      throw new LakeException(
          LakeException.INVALID_TABLE,
          "Cannot read table '" + name + "': its metadata file " + metadataLocation + " is not valid: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The error for a file the metadata refers to that cannot be found, suggesting relocation when
   * the table is read where its metadata says it is.
   */
  LakeException missingFile(Table table, String context, RuntimeException cause) {
    String message =
        "Table '" + name + "' " + context + " refers to a file that does not exist (" + cause.getMessage() + ")";
    boolean elsewhere = !RelocatingFileIO.normalise(table.location()).equals(RelocatingFileIO.normalise(root));
    if (!relocate && elsewhere) {
      message +=
          ". Its metadata records the location " + table.location() + ", but the table lies at " + root
              + ": if it was copied or moved there, open it with relocate=true";
    }
    return new LakeException(LakeException.IO_ERROR, message, cause);
  }

  private static String tableRoot(String name, String location) {
    String trimmed = location;
    while (trimmed.length() > 1 && trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    try {
      if (trimmed.startsWith("file:")) {
        return Path.of(URI.create(trimmed)).toString();
      }
      if (hasScheme(trimmed)) {
        return trimmed;
      }
      return Path.of(trimmed).toAbsolutePath().normalize().toString();
    } catch (IllegalArgumentException e) {
      throw new LakeException(
          LakeException.UNDEFINED_OBJECT,
          "Table '" + name + "' has an invalid location '" + location + "': " + e.getMessage(),
          e);
    }
  }

  /** Whether a location starts with a URI scheme; a one-letter one is a Windows drive. */
  private static boolean hasScheme(String location) {
    return RelocatingFileIO.schemeLength(location) > 2;
  }
}
