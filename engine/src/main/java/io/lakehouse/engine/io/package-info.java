/**
 * Storage: one seam (Iceberg's {@code FileIO}) through which every table format and the Parquet
 * scan read files, local or remote.
 */
package io.lakehouse.engine.io;
