/**
 * The embedded JDBC driver: {@code jdbc:lakehouse:<warehouse>[;key=value...]}. The public surface is
 * {@link io.lakehouse.jdbc.LakehouseDriver}; connection properties are documented in the README.
 */
package io.lakehouse.jdbc;
