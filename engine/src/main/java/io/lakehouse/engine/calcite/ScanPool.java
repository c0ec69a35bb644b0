package io.lakehouse.engine.calcite;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that decode scan tasks for every connection of the JVM: one per available core, so
 * that concurrent queries share the cores rather than each starting its own threads. Work queued
 * beyond them waits its turn. Decode work never blocks a thread waiting for a consumer (see
 * {@link ParallelBatches}), so a query whose rows nobody fetches cannot hold the pool from others.
 */
final class ScanPool {

  /** The number of decode threads, and the default degree of parallelism of a scan. */
  static final int THREADS = Runtime.getRuntime().availableProcessors();

  private static final ExecutorService POOL = newPool();

  private ScanPool() {}

  static ExecutorService executor() {
    return POOL;
  }

  private static ExecutorService newPool() {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(
        THREADS,
        THREADS,
        30,
        TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(),
        runnable -> {
          Thread thread = new Thread(runnable, "lakehouse-scan-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
