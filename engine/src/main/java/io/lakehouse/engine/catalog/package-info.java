/**
 * Finding tables: a warehouse directory whose children are Delta or Iceberg tables, or schemas of
 * tables. Discovery is lazy and cached.
 */
package io.lakehouse.engine.catalog;
