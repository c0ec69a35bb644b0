/**
 * Storage: one seam (Iceberg's {@code FileIO}) through which every table format and the Parquet
 * scan read files, local or in S3 and S3-compatible stores (ranged, coalesced, fetched ahead).
 */
package io.lakehouse.engine.io;
