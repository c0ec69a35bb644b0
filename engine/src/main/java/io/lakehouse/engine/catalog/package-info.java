/**
 * Finding tables: a warehouse directory (local or an object-store prefix) whose children are Delta
 * or Iceberg tables, or schemas of tables, and Iceberg JDBC, REST and AWS Glue catalogs. Discovery is lazy
 * and cached. Catalogs declared by {@code catalog.<name>.<key>} settings are parsed by {@link
 * io.lakehouse.engine.catalog.CatalogSpec} and opened by type by {@link io.lakehouse.engine.catalog.Catalogs}.
 */
package io.lakehouse.engine.catalog;
