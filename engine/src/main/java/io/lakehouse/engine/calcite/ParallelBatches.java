package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.RowBatch;
import io.lakehouse.engine.table.RowFilter;
import io.lakehouse.engine.table.ScanContext;
import io.lakehouse.engine.table.ScanTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.iceberg.io.CloseableIterator;

/**
 * The batches of a scan's tasks, decoded on the {@link ScanPool}: up to {@code threads} tasks are
 * open at once, each decoding its batches and narrowing them by the residual filter on a pool
 * thread, a few batches ahead of the consumer; when a task has handed out its last batch the next
 * task starts. In task order the consumer gets the batches a sequential scan would give, in the
 * same order, while the tasks after the current one have their files open and their first batches
 * ready. In any order it takes whichever batch is ready first, so that all the open tasks decode at
 * once: for consumers whose answer does not depend on the order of rows.
 *
 * <p>A producer never waits for the consumer: when its task has {@value #QUEUED_PER_TASK} batches
 * waiting, its run ends, and taking one of them submits it again. So a scan holds at most {@code
 * threads} × ({@value #QUEUED_PER_TASK} + 1) batches besides the consumer's, and a result set that
 * nobody reads holds no pool thread.
 *
 * <p>A task's failure reaches the consumer as it was thrown (in task order, after the batches
 * before it), and no further task starts. Closing stops the producers, waits for the running ones
 * to finish their batch, frees every batch waiting and closes every open task; only then is the
 * scan's memory released.
 */
final class ParallelBatches {

  /** Batches a task decodes ahead of the consumer. */
  static final int QUEUED_PER_TASK = 3;

  /** How long {@link #close} waits for running producers before leaving the freeing to them. */
  private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

  /** How often a waiting consumer looks at the cancel flag, which nobody signals. */
  private static final long CANCEL_POLL_MILLIS = 20;

  private final List<ScanTask> tasks;
  private final ScanContext context;
  private final RowFilter rowFilter;
  private final AtomicBoolean cancel;
  private final int threads;
  private final boolean inTaskOrder;
  private final Executor executor;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  /** Tasks started whose batches the consumer has not all taken, in task order. */
  private final List<Producer> open = new ArrayList<>();
  private int started;
  /** No producer is to decode more: the scan was closed, cancelled or failed. */
  private boolean stopped;
  /** Set when {@link #close} left the freeing to producers still running; the last one runs it. */
  private Runnable release;

  /**
   * @param threads how many tasks may be open at once
   * @param inTaskOrder whether batches are handed out in task order, as a sequential scan does
   */
  ParallelBatches(
      List<ScanTask> tasks,
      ScanContext context,
      RowFilter rowFilter,
      AtomicBoolean cancel,
      int threads,
      boolean inTaskOrder) {
    this.tasks = List.copyOf(tasks);
    this.context = context;
    this.rowFilter = rowFilter;
    this.cancel = cancel;
    this.threads = threads;
    this.inTaskOrder = inTaskOrder;
    this.executor = ScanPool.executor();
  }

  /**
   * The next batch, narrowed by the residual filter, or null after the last; the caller closes it.
   *
   * @throws LakeException with SQLState 57014 when the query was cancelled
   * @throws RuntimeException what a task threw while it was opened or read; the other tasks are
   *     then stopped and what they hold freed, for a failed query's scan may never be closed
   */
  RowBatch next() {
    try {
      return awaitNext();
    } catch (RuntimeException | Error e) {
      try {
        close(() -> { });
      } catch (RuntimeException | Error closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  private RowBatch awaitNext() {
    lock.lock();
    try {
      while (true) {
        checkCancel();
        if (stopped) {
          throw new IllegalStateException("The scan was closed or has failed");
        }
        retireFinished();
        startTasks();
        if (open.isEmpty()) {
          return null;
        }
        RowBatch batch = inTaskOrder ? takeInTaskOrder() : takeAny();
        if (batch != null) {
          return batch;
        }
        changed.await(CANCEL_POLL_MILLIS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
      throw new LakeException("57014", "The query was interrupted");
    } finally {
      lock.unlock();
    }
  }

  /** Forgets the tasks whose batches have all been taken (in task order, only from the first). */
  private void retireFinished() {
    if (inTaskOrder) {
      while (!open.isEmpty() && open.get(0).finished && open.get(0).batches.isEmpty()) {
        open.remove(0);
      }
    } else {
      open.removeIf(producer -> producer.finished && producer.batches.isEmpty());
    }
  }

  /** The first task's next batch, or its failure once its batches are taken; null when it has none yet. */
  private RowBatch takeInTaskOrder() {
    Producer first = open.get(0);
    if (!first.batches.isEmpty()) {
      return first.take();
    }
    if (first.failure != null) {
      throw fail(first.failure);
    }
    return null;
  }

  /** Any task's next batch, a failure first; null when none is ready. */
  private RowBatch takeAny() {
    for (Producer producer : open) {
      if (producer.failure != null) {
        throw fail(producer.failure);
      }
    }
    for (Producer producer : open) {
      if (!producer.batches.isEmpty()) {
        return producer.take();
      }
    }
    return null;
  }

  private void startTasks() {
    if (open.stream().anyMatch(p -> p.failure != null)) {
      return;
    }
    while (open.size() < threads && started < tasks.size()) {
      Producer producer = new Producer(tasks.get(started++));
      open.add(producer);
      producer.submit();
    }
  }

  private RuntimeException fail(Throwable failure) {
    stopped = true;
    changed.signalAll();
    if (failure instanceof RuntimeException runtime) {
      return runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(failure);
  }

  private void checkCancel() {
    if (cancel != null && cancel.get()) {
      stopped = true;
      throw new LakeException("57014", "The query was cancelled");
    }
  }

  /**
   * Stops the producers and frees every batch they hold and every task they opened, then runs
   * {@code release}: now, or, when producers are still running after a while (a read that hangs),
   * once the last of them has ended.
   */
  void close(Runnable release) {
    lock.lock();
    try {
      stopped = true;
      changed.signalAll();
      for (Producer producer : open) {
        if (!producer.running) {
          producer.scheduled = false; // a run not yet begun does nothing
        }
      }
      long wait = CLOSE_WAIT_NANOS;
      while (anyScheduled() && wait > 0) {
        wait = changed.awaitNanos(wait);
      }
      if (anyScheduled()) {
        this.release = release;
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (anyScheduled()) {
        this.release = release;
        return;
      }
    } finally {
      lock.unlock();
    }
    freeAll(release);
  }

  private boolean anyScheduled() {
    return open.stream().anyMatch(p -> p.scheduled);
  }

  /** Frees what the producers hold; no producer runs any more. */
  private void freeAll(Runnable release) {
    RuntimeException first = null;
    try {
      for (Producer producer : open) {
        try {
          producer.free();
        } catch (RuntimeException e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
      open.clear();
    } finally {
      release.run();
    }
    if (first != null) {
      throw first;
    }
  }

  private boolean cancelled() {
    return cancel != null && cancel.get();
  }

  /** One task: its batches waiting for the consumer and the run that decodes them. */
  private final class Producer implements Runnable {
    private final ScanTask task;
    /** Guarded by the lock. */
    private final ArrayDeque<RowBatch> batches = new ArrayDeque<>();
    /** Used by the task's run only, or by {@link #free} once no run is scheduled. */
    private CloseableIterator<RowBatch> source;
    /** A run was submitted and has not ended. Guarded by the lock. */
    private boolean scheduled;
    /** The submitted run has begun. Guarded by the lock. */
    private boolean running;
    private boolean finished;
    private Throwable failure;

    Producer(ScanTask task) {
      this.task = task;
    }

    /** Under the lock. */
    void submit() {
      scheduled = true;
      executor.execute(this);
    }

    /** The next waiting batch; the producer goes on if it had stopped for a full queue. Under the lock. */
    RowBatch take() {
      RowBatch batch = batches.poll();
      if (!scheduled && !finished && failure == null && !stopped) {
        submit();
      }
      return batch;
    }

    @Override
    public void run() {
      lock.lock();
      try {
        if (!scheduled) {
          return;
        }
        running = true;
      } finally {
        lock.unlock();
      }
      EngineClassLoader.call(() -> {
        produce();
        return null;
      });
    }

    private void produce() {
      try {
        while (true) {
          lock.lock();
          try {
            if (stopped || cancelled() || batches.size() >= QUEUED_PER_TASK) {
              end();
              return;
            }
          } finally {
            lock.unlock();
          }
          if (source == null) {
            source = task.open(context);
          }
          if (!source.hasNext()) {
            closeSource();
            lock.lock();
            try {
              finished = true;
              end();
            } finally {
              lock.unlock();
            }
            return;
          }
          RowBatch next = source.next();
          RowBatch kept;
          try {
            kept = rowFilter.apply(next, context.statistics());
          } catch (RuntimeException | Error e) {
            next.close();
            throw e;
          }
          lock.lock();
          try {
            batches.add(kept); // freed by close should the scan have stopped meanwhile
            changed.signalAll();
          } finally {
            lock.unlock();
          }
        }
      } catch (RuntimeException | Error e) {
        try {
          closeSource();
        } catch (RuntimeException | Error closing) {
          e.addSuppressed(closing);
        }
        lock.lock();
        try {
          failure = e;
          end();
        } finally {
          lock.unlock();
        }
      }
    }

    /**
     * The run ends. Under the lock; when {@link #close} has given up waiting and this was the last
     * run, frees everything and releases the scan's memory.
     */
    private void end() {
      scheduled = false;
      running = false;
      changed.signalAll();
      Runnable pending = release;
      if (pending != null && !anyScheduled()) {
        release = null;
        freeAll(pending);
      }
    }

    /** Frees the waiting batches and closes the task. No run is scheduled. */
    void free() {
      try {
        while (!batches.isEmpty()) {
          batches.poll().close();
        }
      } finally {
        closeSource();
      }
    }

    private void closeSource() {
      if (source != null) {
        try {
          source.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          source = null;
        }
      }
    }
  }
}
