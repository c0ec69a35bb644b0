/**
 * The Calcite adapter: schemas and tables over a warehouse, the scan rel with its planner rules
 * (projection and time travel into the scan), and the handoff of Arrow batches to Calcite's rows.
 */
package io.lakehouse.engine.calcite;
