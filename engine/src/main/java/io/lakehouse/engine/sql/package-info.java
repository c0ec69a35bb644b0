/**
 * SQL dialect: the parser ({@code sql.parser.LakehouseSqlParser}, Calcite's generated grammar plus
 * time travel after a table reference), its marker operators, and the rewrite of time travel to a
 * constant into a table macro that reads the snapshot's own schema.
 */
package io.lakehouse.engine.sql;
