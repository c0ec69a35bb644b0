package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.LakeSnapshot;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The latest snapshots a statement's preparation has looked at, so that its row types, statistics
 * and EXPLAIN details come from one snapshot per table and each table's log or metadata is read
 * once while planning, not once per question the planner asks. Bound to the preparing thread by
 * {@link LakehousePrepare}; outside a preparation every lookup loads the snapshot anew.
 */
final class PlanningScope {

  private static final ThreadLocal<Map<LakehouseTable, LakeSnapshot>> LATEST = new ThreadLocal<>();

  private PlanningScope() {}

  /** Runs a preparation; nested preparations share the outer one's snapshots. */
  static <T> T during(Supplier<T> preparation) {
    if (LATEST.get() != null) {
      return preparation.get();
    }
    LATEST.set(new IdentityHashMap<>());
    try {
      return preparation.get();
    } finally {
      LATEST.remove();
    }
  }

  /** The latest snapshot of {@code table} for the preparation under way, loaded on first use. */
  static LakeSnapshot latest(LakehouseTable table, Supplier<LakeSnapshot> load) {
    Map<LakehouseTable, LakeSnapshot> snapshots = LATEST.get();
    if (snapshots == null) {
      return load.get();
    }
    LakeSnapshot snapshot = snapshots.get(table);
    if (snapshot == null) {
      snapshot = load.get();
      snapshots.put(table, snapshot);
    }
    return snapshot;
  }
}
