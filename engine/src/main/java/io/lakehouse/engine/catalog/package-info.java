/**
 * Finding tables: a warehouse directory (local or an object-store prefix) whose children are Delta
 * or Iceberg tables, or schemas of tables, and Iceberg JDBC and REST catalogs. Discovery is lazy
 * and cached.
 */
package io.lakehouse.engine.catalog;
