/**
 * SQL dialect: the generated parser ({@code sql.parser.LakehouseSqlParserImpl}, Calcite's grammar plus
 * time travel after a table reference) and the marker operators it produces.
 */
package io.lakehouse.engine.sql;
