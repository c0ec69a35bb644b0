/**
 * The bundled sample warehouse: Delta and Iceberg tables with history (versions, deletes, tags,
 * branches, partitions) that {@code bin/lakehouse} generates and tours on first run.
 */
package io.lakehouse.server.sample;
