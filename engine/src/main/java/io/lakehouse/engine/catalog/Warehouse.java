package io.lakehouse.engine.catalog;

import io.lakehouse.engine.delta.DeltaTable;
import io.lakehouse.engine.iceberg.IcebergTable;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.LakeTable;
import io.lakehouse.engine.table.TableFormat;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A warehouse: a root directory, local or an object-store prefix ({@code s3://bucket/prefix}).
 * Each child that is a Delta table ({@code _delta_log/}) or an Iceberg table
 * ({@code metadata/*.metadata.json}) is a table of the default schema; each other child directory
 * is a schema holding the tables directly below it. Listings are read once and tables opened on
 * first use.
 *
 * <p>Schemas and tables are named by their directory's location: an absolute local path, or an
 * object-store URI without a trailing slash.
 */
public final class Warehouse implements TableCatalog {

  /** The name of the schema holding the tables at the warehouse root. */
  public static final String DEFAULT_SCHEMA = "default";

  private final String root;
  private final boolean local;
  private final Storage storage;
  private final WarehouseOptions options;
  private final Map<String, Map<String, TableFormat>> listings = new ConcurrentHashMap<>();
  private final Map<String, LakeTable> tables = new ConcurrentHashMap<>();
  private volatile Map<String, String> schemas;

  /** A warehouse in a local directory. */
  public Warehouse(Path root, Storage storage, WarehouseOptions options) {
    if (!Files.isDirectory(root)) {
      throw new LakeException(
          LakeException.UNDEFINED_OBJECT,
          "Warehouse location " + root + " is not a directory: check the path in the JDBC URL");
    }
    this.root = root.toAbsolutePath().normalize().toString();
    this.local = true;
    this.storage = storage;
    this.options = options;
    try {
      if (!withinRoots(root)) {
        throw new LakeException(
            LakeException.UNDEFINED_OBJECT,
            "Warehouse location " + root + " lies outside the allowed roots " + options.roots());
      }
    } catch (IOException e) {
      throw new LakeException(LakeException.IO_ERROR, "Cannot resolve warehouse location " + root + ": " + e, e);
    }
  }

  /**
   * A warehouse at a location: a local path, a {@code file:} URI, or an object-store URI such as
   * {@code s3://bucket/prefix}. An object-store warehouse is checked at once: its bucket must exist
   * and the credentials be accepted, and something must lie below the prefix.
   *
   * @throws LakeException naming the location (and for S3 the endpoint and bucket) when it cannot be read
   */
  public static Warehouse at(String location, Storage storage, WarehouseOptions options) {
    if (!Storage.isObjectStore(location)) {
      Path path;
      try {
        path = location.startsWith("file:") ? Path.of(java.net.URI.create(location)) : Path.of(location);
      } catch (IllegalArgumentException e) {
        throw new LakeException(
            LakeException.UNDEFINED_OBJECT, "Warehouse location '" + location + "' is not a path or file: URI", e);
      }
      return new Warehouse(path, storage, options);
    }
    if (options.confined()) {
      throw new LakeException(
          LakeException.UNDEFINED_OBJECT,
          "Warehouse location " + location + " is not a local directory below the allowed roots " + options.roots());
    }
    return new Warehouse(Locations.trimmed(location), storage, options);
  }

  private Warehouse(String objectStoreRoot, Storage storage, WarehouseOptions options) {
    this.root = objectStoreRoot;
    this.local = false;
    this.storage = storage;
    this.options = options;
    storage.checkDirectory(root);
    if (!storage.hasEntries(root)) {
      throw new LakeException(
          LakeException.UNDEFINED_OBJECT,
          "Warehouse location " + root + " holds nothing: check the bucket and prefix in the JDBC URL");
    }
  }

  /** The root: an absolute local path or an object-store URI. */
  public String location() {
    return root;
  }

  public Storage storage() {
    return storage;
  }

  /** The schemas, each with its directory: {@value #DEFAULT_SCHEMA} plus one per child directory that is not a table. */
  @Override
  public Map<String, String> schemas() {
    Map<String, String> result = schemas;
    if (result == null) {
      result = new TreeMap<>();
      result.put(DEFAULT_SCHEMA, root);
      List<String> children = childDirectories(root);
      List<Optional<TableFormat>> formats = detect(root, children);
      for (int i = 0; i < children.size(); i++) {
        if (formats.get(i).isEmpty()) {
          result.putIfAbsent(children.get(i), Locations.child(root, children.get(i)));
        }
      }
      schemas = result;
    }
    return result;
  }

  /** The tables directly below a schema directory, by name, with their format. */
  @Override
  public Map<String, TableFormat> tableNames(String schemaDir) {
    return listings.computeIfAbsent(
        schemaDir,
        dir -> {
          Map<String, TableFormat> names = new TreeMap<>();
          List<String> children = childDirectories(dir);
          List<Optional<TableFormat>> formats = detect(dir, children);
          for (int i = 0; i < children.size(); i++) {
            String child = children.get(i);
            formats.get(i).ifPresent(format -> names.put(child, format));
          }
          return names;
        });
  }

  /**
   * Where a table of a schema lies, as a URI: {@code file:///...} (with a trailing slash) for a
   * local table, {@code s3://bucket/...} for one in an object store.
   */
  public String tableLocation(String schemaDir, String name) {
    return Locations.uri(Locations.child(schemaDir, name));
  }

  @Override
  public String remarks(String schemaDir, String name) {
    TableFormat format = tableNames(schemaDir).get(name);
    if (format == null) {
      return null;
    }
    return (format == TableFormat.DELTA ? "Delta" : "Iceberg") + " table at " + tableLocation(schemaDir, name);
  }

  /** Opens (once) the table named {@code name} below a schema directory. */
  @Override
  public Optional<LakeTable> table(String schemaDir, String name) {
    TableFormat format = tableNames(schemaDir).get(name);
    if (format == null) {
      return Optional.empty();
    }
    String location = tableLocation(schemaDir, name);
    return Optional.of(tables.computeIfAbsent(location, l -> open(name, l, format)));
  }

  /**
   * The format of each child that is a table. On an object store each costs a request or two, so
   * they are asked concurrently; local directories are looked at in turn.
   */
  private List<Optional<TableFormat>> detect(String dir, List<String> children) {
    if (local) {
      return children.stream().map(child -> TableLocation.detect(storage, Locations.child(dir, child))).toList();
    }
    return Storage.concurrently(children, child -> TableLocation.detect(storage, Locations.child(dir, child)));
  }

  /** Whether a directory may be read: always when unconfined, else when its real path is below a root. */
  private boolean withinRoots(Path dir) throws IOException {
    if (!options.confined()) {
      return true;
    }
    Path real = dir.toRealPath();
    return options.roots().stream().anyMatch(real::startsWith);
  }

  private LakeTable open(String name, String location, TableFormat format) {
    return switch (format) {
      case DELTA -> DeltaTable.open(name, location, storage);
      case ICEBERG -> IcebergTable.open(name, location, storage, options.relocate());
    };
  }

  /** The names of the child directories, sorted; hidden ones (and, when confined, links out) left out. */
  private List<String> childDirectories(String dir) {
    if (!local) {
      List<String> children = new ArrayList<>();
      for (String name : storage.list(dir).directories()) {
        if (!name.startsWith(".")) {
          children.add(name);
        }
      }
      return children;
    }
    List<Path> children = new ArrayList<>();
    Path path = Path.of(dir);
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(path, Files::isDirectory)) {
      for (Path child : stream) {
        if (!child.getFileName().toString().startsWith(".") && withinRoots(child)) {
          children.add(child);
        }
      }
    } catch (IOException e) {
      throw new LakeException(LakeException.IO_ERROR, "Cannot list directory " + path + ": " + e, e);
    }
    children.sort(null);
    return children.stream().map(child -> child.getFileName().toString()).toList();
  }
}
