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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A warehouse: a root directory. Each child that is a Delta table ({@code _delta_log/}) or an
 * Iceberg table ({@code metadata/*.metadata.json}) is a table of the default schema; each other
 * child directory is a schema holding the tables directly below it. Listings are read once and
 * tables opened on first use.
 */
public final class Warehouse {

  /** The name of the schema holding the tables at the warehouse root. */
  public static final String DEFAULT_SCHEMA = "default";

  private final Path root;
  private final Storage storage;
  private final WarehouseOptions options;
  private final Map<Path, Map<String, TableFormat>> listings = new ConcurrentHashMap<>();
  private final Map<Path, LakeTable> tables = new ConcurrentHashMap<>();
  private volatile Map<String, Path> schemas;

  public Warehouse(Path root, Storage storage, WarehouseOptions options) {
    if (!Files.isDirectory(root)) {
      throw new LakeException(
          LakeException.UNDEFINED_OBJECT,
          "Warehouse location " + root + " is not a directory: check the path in the JDBC URL");
    }
    this.root = root.toAbsolutePath().normalize();
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

  public Path root() {
    return root;
  }

  public Storage storage() {
    return storage;
  }

  /** The schemas: {@value #DEFAULT_SCHEMA} plus one per child directory that is not a table. */
  public Map<String, Path> schemas() {
    Map<String, Path> result = schemas;
    if (result == null) {
      result = new TreeMap<>();
      result.put(DEFAULT_SCHEMA, root);
      for (Path child : childDirectories(root)) {
        if (TableLocation.detect(child).isEmpty()) {
          result.putIfAbsent(child.getFileName().toString(), child);
        }
      }
      schemas = result;
    }
    return result;
  }

  /** The tables directly below a schema directory, by name, with their format. */
  public Map<String, TableFormat> tableNames(Path schemaDir) {
    return listings.computeIfAbsent(
        schemaDir,
        dir -> {
          Map<String, TableFormat> names = new TreeMap<>();
          for (Path child : childDirectories(dir)) {
            TableLocation.detect(child)
                .ifPresent(format -> names.put(child.getFileName().toString(), format));
          }
          return names;
        });
  }

  /** Opens (once) the table named {@code name} below a schema directory. */
  public Optional<LakeTable> table(Path schemaDir, String name) {
    TableFormat format = tableNames(schemaDir).get(name);
    if (format == null) {
      return Optional.empty();
    }
    Path dir = schemaDir.resolve(name);
    return Optional.of(tables.computeIfAbsent(dir, d -> open(name, d, format)));
  }

  /** Whether a directory may be read: always when unconfined, else when its real path is below a root. */
  private boolean withinRoots(Path dir) throws IOException {
    if (!options.confined()) {
      return true;
    }
    Path real = dir.toRealPath();
    return options.roots().stream().anyMatch(real::startsWith);
  }

  private LakeTable open(String name, Path dir, TableFormat format) {
    String location = dir.toUri().toString();
    return switch (format) {
      case DELTA -> DeltaTable.open(name, location, storage);
      case ICEBERG -> IcebergTable.open(name, location, storage, options.relocate());
    };
  }

  private Iterable<Path> childDirectories(Path dir) {
    java.util.List<Path> children = new java.util.ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, Files::isDirectory)) {
      for (Path child : stream) {
        if (!child.getFileName().toString().startsWith(".") && withinRoots(child)) {
          children.add(child);
        }
      }
    } catch (IOException e) {
      throw new LakeException(LakeException.IO_ERROR, "Cannot list directory " + dir + ": " + e, e);
    }
    children.sort(null);
    return children;
  }
}
