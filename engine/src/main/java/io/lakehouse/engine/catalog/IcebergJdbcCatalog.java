package io.lakehouse.engine.catalog;

import io.lakehouse.engine.io.ForwardingFileIO;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.LakeException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * An Iceberg JDBC catalog (iceberg-core's {@link JdbcCatalog}: table pointers in a database such
 * as SQLite or PostgreSQL, whose JDBC driver must be on the class path). Each top-level namespace is
 * a schema; its tables are listed on first use. Files are read through the connection's storage,
 * so tables may lie locally or in S3. Each snapshot resolution asks the catalog for the table's
 * current metadata, so new commits become visible.
 */
public final class IcebergJdbcCatalog extends IcebergCatalogTables {

  private final String uri;
  private final JdbcCatalog catalog;

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
    super(name, "the Iceberg catalog '" + name + "'", "JDBC", storage);
    this.uri = uri;
    FileIO io = storage.fileIO();
    // the storage's file IO is the connection's: the catalog must not close it
    this.catalog = new JdbcCatalog(props -> ForwardingFileIO.unclosed(io), null, false);
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
  Map<String, String> listSchemas() {
    return byName(catalog.listNamespaces());
  }

  @Override
  Namespace namespace(String schema) {
    return Namespace.of(schema.split("\\."));
  }

  @Override
  List<TableIdentifier> listTables(Namespace namespace) {
    return catalog.listTables(namespace);
  }

  @Override
  Table loadTable(TableIdentifier id) {
    return catalog.loadTable(id);
  }

  /** The user-facing error for a failed catalog request, of SQLState {@code state}. */
  @Override
  LakeException failure(RuntimeException e, String action, String state) {
    return new LakeException(
        state, "Cannot " + action + " from the Iceberg catalog '" + name + "' at " + uri + ": " + e.getMessage(), e);
  }

  @Override
  public void close() {
    catalog.close();
  }
}
