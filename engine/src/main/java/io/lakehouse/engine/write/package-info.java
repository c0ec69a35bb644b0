/**
 * Writes Delta and Iceberg tables through the formats' own libraries (Delta Kernel's writer,
 * iceberg-core with iceberg-data's Parquet writers), for sample warehouses, benchmarks and tests.
 */
package io.lakehouse.engine.write;
