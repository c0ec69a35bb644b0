package io.lakehouse.engine.table;

import java.util.List;

/**
 * The files a scan reads.
 *
 * @param tasks one task per data file (or file part), in no particular order
 * @param filesInSnapshot how many data files the snapshot holds before any skipping
 */
public record ScanPlan(List<ScanTask> tasks, long filesInSnapshot) {

  public ScanPlan {
    tasks = List.copyOf(tasks);
  }

  /** Files kept after skipping. */
  public int filesKept() {
    return tasks.size();
  }
}
