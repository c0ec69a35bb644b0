package io.lakehouse.jdbc;

import io.lakehouse.engine.calcite.CatalogSchemas;
import io.lakehouse.engine.catalog.CatalogSpec;
import io.lakehouse.engine.catalog.Catalogs;
import io.lakehouse.engine.catalog.IcebergGlueCatalog;
import io.lakehouse.engine.catalog.IcebergJdbcCatalog;
import io.lakehouse.engine.catalog.IcebergRestCatalog;
import io.lakehouse.engine.catalog.TableCatalog;
import io.lakehouse.engine.catalog.Warehouse;
import io.lakehouse.engine.catalog.WarehouseOptions;
import io.lakehouse.engine.io.S3Settings;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.LakeException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The catalogs of one connection and the storages opened for them. The URL's catalog (a warehouse
 * directory or the {@code iceberg.*} catalog, JDBC, REST or Glue) is the default one; catalogs declared
 * by a catalogs file or {@code catalog.<name>.*} properties come beside it, each a JDBC catalog of
 * its own. A catalog whose S3 settings are the connection's reads through the connection's
 * storage; one with S3 settings of its own gets a storage of its own. Closing closes every catalog
 * and every storage opened here (not the connection's storage, which its owner closes).
 */
final class ConnectionCatalogs implements AutoCloseable {

  private final String defaultName;
  private final Map<String, TableCatalog> catalogs;
  private final List<Storage> ownStorages;
  private volatile CatalogSchemas schemas;

  private ConnectionCatalogs(String defaultName, Map<String, TableCatalog> catalogs, List<Storage> ownStorages) {
    this.defaultName = defaultName;
    this.catalogs = catalogs;
    this.ownStorages = ownStorages;
  }

  /**
   * Opens the URL's catalog and the declared ones. When one fails, those opened are closed and the
   * error names the catalog.
   *
   * @param storage the connection's storage (confined when {@code roots} is not empty)
   */
  static ConnectionCatalogs open(ConnectionSettings settings, Storage storage, List<Path> roots) throws SQLException {
    List<CatalogSpec> specs = settings.catalogs();
    String defaultName = specs.isEmpty() ? null : settings.defaultCatalog();
    checkNames(specs, defaultName);
    Map<String, TableCatalog> opened = new LinkedHashMap<>();
    List<Storage> ownStorages = new ArrayList<>();
    ConnectionCatalogs result = new ConnectionCatalogs(defaultName, opened, ownStorages);
    try {
      opened.put(defaultName, urlCatalog(settings, storage, roots));
      WarehouseOptions options = new WarehouseOptions(settings.relocate(), roots);
      S3Settings connectionS3 = roots.isEmpty() ? settings.s3() : null;
      for (CatalogSpec spec : specs) {
        Storage catalogStorage = storage;
        if (connectionS3 != null) {
          S3Settings own = spec.s3(settings.s3Properties());
          if (!own.equals(connectionS3)) {
            catalogStorage = Storage.create(Map.of(), own);
            ownStorages.add(catalogStorage);
          }
        }
        opened.put(spec.name(), Catalogs.open(spec, catalogStorage, options));
      }
    } catch (LakeException e) {
      result.closeQuietly(e);
      throw new SQLException(e.getMessage(), e.sqlState(), e);
    } catch (SQLException | RuntimeException e) {
      result.closeQuietly(e);
      throw e;
    }
    return result;
  }

  /** Names unique regardless of case, none the URL's catalog's nor Calcite's own schema's. */
  private static void checkNames(List<CatalogSpec> specs, String defaultName) throws SQLException {
    Map<String, CatalogSpec> seen = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (CatalogSpec spec : specs) {
      if (spec.name().equalsIgnoreCase(CatalogSchemas.CALCITE_METADATA_SCHEMA)) {
        throw new SQLException(
            "Catalog name '" + spec.name() + "' in the " + spec.origin()
                + " is reserved (the schema of table and column lists): choose another",
            "08001");
      }
      if (spec.name().equalsIgnoreCase(defaultName)) {
        throw new SQLException(
            "Catalog '" + spec.name() + "' in the " + spec.origin() + " has the name of the URL's catalog ("
                + ConnectionSettings.DEFAULT_CATALOG + "=" + defaultName + "): rename one of them",
            "08001");
      }
      CatalogSpec other = seen.putIfAbsent(spec.name(), spec);
      if (other != null) {
        throw new SQLException(
            "Catalog '" + spec.name() + "' is declared twice, in the " + other.origin() + " and in the "
                + spec.origin() + ": declare each catalog once",
            "08001");
      }
    }
  }

  /**
   * The URL's catalog: the warehouse directory, or the Iceberg JDBC, REST or Glue catalog of the
   * iceberg.* properties.
   */
  private static TableCatalog urlCatalog(ConnectionSettings settings, Storage storage, List<Path> roots)
      throws SQLException {
    return switch (settings.icebergCatalog().orElse("")) {
      case "jdbc" -> new IcebergJdbcCatalog(
          settings.icebergCatalogName(),
          settings.icebergUri(),
          settings.warehouse(),
          settings.icebergJdbcProperties(),
          storage);
      case "rest" -> new IcebergRestCatalog(
          settings.icebergCatalogName(),
          settings.icebergUri(),
          settings.warehouse(),
          settings.icebergRestProperties(),
          storage);
      case "glue" -> new IcebergGlueCatalog(
          settings.icebergCatalogName(),
          settings.icebergGlue(IcebergGlueCatalog.REGION),
          settings.icebergGlue(IcebergGlueCatalog.ENDPOINT),
          settings.icebergGlue(IcebergGlueCatalog.CATALOG_ID),
          settings.warehouse(),
          storage,
          "iceberg.");
      default -> Warehouse.at(settings.warehouse(), storage, new WarehouseOptions(settings.relocate(), roots));
    };
  }

  /** Whether the connection has several (named) catalogs, listed as JDBC catalogs. */
  boolean several() {
    return defaultName != null;
  }

  /** The URL's catalog's name among several; null with one catalog. */
  String defaultName() {
    return defaultName;
  }

  /** The URL's catalog. */
  TableCatalog defaultCatalog() {
    return catalogs.get(defaultName);
  }

  /** The catalogs by name, the URL's first; with one catalog, its name is null. */
  Map<String, TableCatalog> byName() {
    return catalogs;
  }

  /**
   * The catalog a {@code TABLE_CAT} value names: null names the URL's catalog of a connection
   * with one catalog; null when there is no such catalog.
   */
  TableCatalog catalog(String tableCat) {
    if (tableCat == null) {
      return several() ? null : defaultCatalog();
    }
    for (Map.Entry<String, TableCatalog> entry : catalogs.entrySet()) {
      if (tableCat.equalsIgnoreCase(entry.getKey())) {
        return entry.getValue();
      }
    }
    return null;
  }

  /** The catalogs as Calcite schemas, once registered; null with one catalog. */
  CatalogSchemas schemas() {
    return schemas;
  }

  void registered(CatalogSchemas schemas) {
    this.schemas = schemas;
  }

  private void closeQuietly(Exception failure) {
    try {
      close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /** Closes every catalog, then the storages opened for catalogs. */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (TableCatalog catalog : catalogs.values()) {
      try {
        catalog.close();
      } catch (RuntimeException e) {
        failure = chain(failure, e);
      }
    }
    for (Storage storage : ownStorages) {
      try {
        storage.close();
      } catch (RuntimeException e) {
        failure = chain(failure, e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static RuntimeException chain(RuntimeException failure, RuntimeException e) {
    if (failure == null) {
      return e;
    }
    failure.addSuppressed(e);
    return failure;
  }
}
