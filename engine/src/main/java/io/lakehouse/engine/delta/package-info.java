/**
 * The Delta Lake table format, read through Delta Kernel: snapshot resolution and time travel, the
 * schema with column mapping, and scan planning with partition values and deletion vectors.
 */
package io.lakehouse.engine.delta;
