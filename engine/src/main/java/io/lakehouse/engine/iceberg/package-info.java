/**
 * Apache Iceberg tables through iceberg-core: finding the current metadata file, snapshots and time
 * travel, file planning, field-id column mapping, and position, equality and deletion-vector deletes.
 */
package io.lakehouse.engine.iceberg;
