package io.lakehouse.engine.catalog;

import io.lakehouse.engine.iceberg.IcebergTable;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.LakeTable;
import io.lakehouse.engine.table.TableFormat;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;

/**
 * What the Iceberg catalogs ({@link IcebergJdbcCatalog}, {@link IcebergRestCatalog}, {@link
 * IcebergGlueCatalog}) share as {@link TableCatalog}s: namespaces as schemas, listed once; the tables
 * of each, listed on first use; each table opened once, its current metadata loaded from the catalog
 * at each snapshot resolution. Each catalog says how it lists and loads and how its errors read.
 */
abstract class IcebergCatalogTables implements TableCatalog {

  final String name;
  /** The catalog as messages name it, e.g. {@code the Iceberg REST catalog 'shop' at http://...}. */
  final String where;
  final Storage storage;
  private final String kind;
  private final Map<String, Map<String, TableFormat>> listings = new ConcurrentHashMap<>();
  private final Map<String, LakeTable> tables = new ConcurrentHashMap<>();
  private volatile Map<String, String> schemas;

  /**
   * @param name the catalog's name
   * @param where the catalog as messages name it
   * @param kind the kind of catalog in table remarks: {@code JDBC}, {@code REST}, {@code AWS Glue}
   * @param storage the connection's storage, which tables are read through
   */
  IcebergCatalogTables(String name, String where, String kind, Storage storage) {
    this.name = name;
    this.where = where;
    this.kind = kind;
    this.storage = storage;
  }

  /** Lists the schemas, each with the key its tables are asked by, sorted by name. */
  abstract Map<String, String> listSchemas();

  /** The namespace of a schema's key. */
  abstract Namespace namespace(String schema);

  /** Lists the tables of a namespace. */
  abstract List<TableIdentifier> listTables(Namespace namespace);

  /** Loads a table from the catalog; a {@link NoSuchTableException} is reported by the caller. */
  abstract Table loadTable(TableIdentifier id);

  /** The user-facing error for a failed request to {@code action}, of SQLState {@code state} unless the cause says otherwise. */
  abstract LakeException failure(RuntimeException e, String action, String state);

  /** Opens a table: each snapshot resolution loads its current metadata, files are read through the storage. */
  LakeTable open(String table, TableIdentifier id) {
    return IcebergTable.fromCatalog(table, () -> ((HasTableOperations) load(id)).operations().current(), storage);
  }

  /** Loads a table, naming it when it is gone. */
  final Table load(TableIdentifier id) {
    try {
      return loadTable(id);
    } catch (NoSuchTableException e) {
      throw new LakeException(LakeException.UNDEFINED_OBJECT, "Table " + id + " is no longer in " + where, e);
    } catch (RuntimeException e) {
      throw failure(e, "load table " + id, LakeException.IO_ERROR);
    }
  }

  /** The schemas of namespaces that are their own keys, by name. */
  static Map<String, String> byName(List<Namespace> namespaces) {
    Map<String, String> result = new TreeMap<>();
    for (Namespace namespace : namespaces) {
      result.put(namespace.toString(), namespace.toString());
    }
    return result;
  }

  @Override
  public final Map<String, String> schemas() {
    Map<String, String> result = schemas;
    if (result == null) {
      result = listSchemas();
      schemas = result;
    }
    return result;
  }

  @Override
  public final Map<String, TableFormat> tableNames(String schema) {
    return listings.computeIfAbsent(
        schema,
        key -> {
          Map<String, TableFormat> names = new TreeMap<>();
          for (TableIdentifier id : listTables(namespace(key))) {
            names.put(id.name(), TableFormat.ICEBERG);
          }
          return names;
        });
  }

  @Override
  public final Optional<LakeTable> table(String schema, String table) {
    if (!tableNames(schema).containsKey(table)) {
      return Optional.empty();
    }
    TableIdentifier id = TableIdentifier.of(namespace(schema), table);
    return Optional.of(tables.computeIfAbsent(id.toString(), key -> open(table, id)));
  }

  @Override
  public final String remarks(String schema, String table) {
    return tableNames(schema).containsKey(table)
        ? "Iceberg table " + namespace(schema) + "." + table + " of " + kind + " catalog '" + name + "'"
        : null;
  }

  @Override
  public final String defaultSchema() {
    return schemas().keySet().stream().findFirst().orElse(null);
  }

  static boolean causedByIo(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.toString();
  }
}
