package io.lakehouse.engine.catalog;

import io.lakehouse.engine.iceberg.IcebergTable;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.LakeTable;
import io.lakehouse.engine.table.TableFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * An Iceberg JDBC catalog (iceberg-core's {@link JdbcCatalog}: table pointers in a database such
 * as SQLite or PostgreSQL, whose JDBC driver must be on the class path). Each top-level namespace is
 * a schema; its tables are listed on first use. Files are read through the connection's storage,
 * so tables may lie locally or in S3. Each snapshot resolution asks the catalog for the table's
 * current metadata, so new commits become visible.
 */
public final class IcebergJdbcCatalog implements TableCatalog {

  private final String name;
  private final String uri;
  private final JdbcCatalog catalog;
  private final Storage storage;
  private final Map<String, Map<String, TableFormat>> listings = new ConcurrentHashMap<>();
  private final Map<String, LakeTable> tables = new ConcurrentHashMap<>();
  private volatile Map<String, String> schemas;

  /**
   * Connects to a catalog.
   *
   * @param name the catalog's name (the {@code catalog_name} its writers used)
   * @param uri the JDBC URL of the catalog database, e.g. {@code jdbc:sqlite:/data/catalog.db}
   * @param warehouse the catalog's warehouse location (where its writers put new tables)
   * @param properties further {@code JdbcCatalog} properties, e.g. {@code jdbc.user}
   * @throws LakeException naming the catalog when it cannot be reached
   */
  public IcebergJdbcCatalog(
      String name, String uri, String warehouse, Map<String, String> properties, Storage storage) {
    this.name = name;
    this.uri = uri;
    this.storage = storage;
    FileIO io = storage.fileIO();
    // the storage's file IO is the connection's: the catalog must not close it
    this.catalog = new JdbcCatalog(props -> new UnclosedFileIO(io), null, false);
    Map<String, String> settings = new HashMap<>(properties);
    settings.put("uri", uri);
    settings.put("warehouse", warehouse);
    try {
      catalog.initialize(name, settings);
      catalog.listNamespaces();
    } catch (RuntimeException e) {
      throw new LakeException(
          LakeException.CONNECTION_ERROR,
          "Cannot read the Iceberg JDBC catalog '" + name + "' at " + uri + ": " + e.getMessage(),
          e);
    }
  }

  @Override
  public Map<String, String> schemas() {
    Map<String, String> result = schemas;
    if (result == null) {
      result = new TreeMap<>();
      for (Namespace namespace : catalog.listNamespaces()) {
        result.put(namespace.toString(), namespace.toString());
      }
      schemas = result;
    }
    return result;
  }

  @Override
  public Map<String, TableFormat> tableNames(String schema) {
    return listings.computeIfAbsent(
        schema,
        ns -> {
          Map<String, TableFormat> names = new TreeMap<>();
          for (TableIdentifier id : catalog.listTables(Namespace.of(ns.split("\\.")))) {
            names.put(id.name(), TableFormat.ICEBERG);
          }
          return names;
        });
  }

  @Override
  public Optional<LakeTable> table(String schema, String table) {
    if (!tableNames(schema).containsKey(table)) {
      return Optional.empty();
    }
    TableIdentifier id = TableIdentifier.of(Namespace.of(schema.split("\\.")), table);
    return Optional.of(
        tables.computeIfAbsent(id.toString(), key -> IcebergTable.fromCatalog(table, () -> currentMetadata(id), storage)));
  }

  private TableMetadata currentMetadata(TableIdentifier id) {
    Table table;
    try {
      table = catalog.loadTable(id);
    } catch (NoSuchTableException e) {
      throw new LakeException(
          LakeException.UNDEFINED_OBJECT, "Table " + id + " is no longer in the Iceberg catalog '" + name + "'", e);
    } catch (RuntimeException e) {
      throw new LakeException(
          LakeException.IO_ERROR,
          "Cannot load table " + id + " from the Iceberg catalog '" + name + "' at " + uri + ": " + e.getMessage(),
          e);
    }
    return ((HasTableOperations) table).operations().current();
  }

  @Override
  public String remarks(String schema, String table) {
    return tableNames(schema).containsKey(table)
        ? "Iceberg table " + schema + "." + table + " of JDBC catalog '" + name + "'"
        : null;
  }

  @Override
  public String defaultSchema() {
    return schemas().keySet().stream().findFirst().orElse(null);
  }

  @Override
  public void close() {
    catalog.close();
  }

  /** A file IO that leaves the one it wraps open when closed. */
  private record UnclosedFileIO(FileIO io) implements FileIO {
    @Override
    public org.apache.iceberg.io.InputFile newInputFile(String path) {
      return io.newInputFile(path);
    }

    @Override
    public org.apache.iceberg.io.InputFile newInputFile(String path, long length) {
      return io.newInputFile(path, length);
    }

    @Override
    public org.apache.iceberg.io.OutputFile newOutputFile(String path) {
      return io.newOutputFile(path);
    }

    @Override
    public void deleteFile(String path) {
      io.deleteFile(path);
    }

    @Override
    public void close() {}
  }
}
