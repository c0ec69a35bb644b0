package io.lakehouse.shell;

import io.lakehouse.engine.table.ScanStatistics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The line that shows how a slow statement is getting on: time so far and what its scans have
 * done (files planned and opened, row groups read and skipped, rows decoded), redrawn in place
 * until the statement's first output or its end.
 */
final class ProgressLine {

  private static final long REFRESH_MILLIS = 200;

  private final PrintWriter out;
  private final Supplier<ScanStatistics> statistics;
  private final IntSupplier width;
  private final long startNanos;
  private final Object lock = new Object();
  private ScheduledFuture<?> task;
  private int shownLength;
  private boolean stopped;

  /**
   * Starts showing progress after {@code delay}. {@code statistics} gives the statement's scan
   * statistics, or {@code null} while there are none (no scan yet, or not a lakehouse connection);
   * {@code width} the terminal's width, which the line never reaches (a wrapped line could not be
   * redrawn in place).
   */
  ProgressLine(PrintWriter out, Supplier<ScanStatistics> statistics, IntSupplier width, Duration delay,
      ScheduledExecutorService scheduler) {
    this.out = out;
    this.statistics = statistics;
    this.width = width;
    this.startNanos = System.nanoTime();
    synchronized (lock) {
      task = scheduler.scheduleWithFixedDelay(this::draw, delay.toMillis(), REFRESH_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** Stops redrawing and removes the line; safe to call more than once. */
  void stop() {
    synchronized (lock) {
      if (stopped) {
        return;
      }
      stopped = true;
      task.cancel(false);
      if (shownLength > 0) {
        out.print("\r" + " ".repeat(shownLength) + "\r");
        out.flush();
      }
    }
  }

  private void draw() {
    synchronized (lock) {
      if (stopped) {
        return;
      }
      String text = text((System.nanoTime() - startNanos) / 1e9, statistics.get());
      int columns = width.getAsInt();
      if (columns > 1 && text.length() >= columns) {
        text = text.substring(0, columns - 1);
      }
      out.print("\r" + text + " ".repeat(Math.max(0, shownLength - text.length())));
      out.flush();
      shownLength = text.length();
    }
  }

  static String text(double seconds, ScanStatistics s) {
    StringBuilder text = new StringBuilder(String.format("%.1f s", seconds));
    if (s != null) {
      text.append(String.format(
          ", files %,d/%,d planned, %,d opened, row groups %,d read, %,d skipped, %,d rows",
          s.filesPlanned(), s.filesInSnapshots(), s.filesOpened(), s.rowGroupsRead(), s.rowGroupsSkipped(),
          s.rowsDecoded()));
    }
    return text.append(" (Ctrl-C cancels)").toString();
  }
}
