package io.lakehouse.engine.catalog;

import io.lakehouse.engine.table.LakeTable;
import io.lakehouse.engine.table.TableFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Where a connection finds its tables: schemas, the tables of each, and the tables themselves. A
 * {@link Warehouse} (a directory, local or in an object store) is one; an Iceberg catalog
 * ({@link IcebergJdbcCatalog}, {@link IcebergRestCatalog}, {@link IcebergGlueCatalog}) another. Listings are read on first
 * use and cached; tables are opened on first use.
 */
public interface TableCatalog extends AutoCloseable {

  /** The schemas, each with the key its tables are asked by (a directory, a namespace). */
  Map<String, String> schemas();

  /** The tables of a schema, by name, with their format. */
  Map<String, TableFormat> tableNames(String schema);

  /** Opens (once) a table of a schema. */
  Optional<LakeTable> table(String schema, String name);

  /**
   * What a table is and where it lies, for users to read (JDBC table remarks), e.g.
   * {@code Delta table at s3://lake/wh/orders}; null when there is no such table.
   */
  String remarks(String schema, String name);

  /** The schema a connection starts in. */
  default String defaultSchema() {
    return Warehouse.DEFAULT_SCHEMA;
  }

  /** Releases what the catalog holds (connections to a catalog database). */
  @Override
  default void close() {}
}
