package io.lakehouse.shell;

import io.lakehouse.engine.table.ScanStatistics;
import io.lakehouse.jdbc.LakehouseConnection;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.IntSupplier;

/**
 * Runs what the user typed or scripted, one statement or shell command at a time, over one
 * connection: prints results in the chosen {@link OutputFormat}, and in {@code table} format the row
 * count, elapsed time and what the scans read; reports failures on the error stream with their
 * SQLState; shows a progress line for slow statements when asked; and cancels the running statement
 * on {@link #cancel()}.
 */
final class Session implements AutoCloseable {

  /** What running an item came to. */
  enum Outcome { OK, FAILED, QUIT }

  private static final String CALCITE_PREFIX = "Error while executing SQL \"";
  private static final String QUERY_CANCELED = "57014";
  private static final String EXPECTING = "Was expecting one of:";

  private final Connection connection;
  private final PrintWriter out;
  private final PrintWriter err;
  private final OutputFormat format;
  private final MetaCommands commands;
  private Duration progressDelay;
  private IntSupplier progressWidth;
  private ScheduledExecutorService scheduler;
  private volatile Statement running;
  private volatile boolean cancelled;

  /** A session that writes results to {@code out} and failures to {@code err}. */
  Session(Connection connection, PrintWriter out, PrintWriter err, OutputFormat format) {
    this.connection = connection;
    this.out = out;
    this.err = err;
    this.format = format;
    this.commands = new MetaCommands(this, connection);
  }

  /**
   * From now on, a statement still running after {@code delay} gets a progress line on the output,
   * kept narrower than {@code width} (the terminal's width, 0 when unknown).
   */
  void showProgress(Duration delay, IntSupplier width) {
    this.progressDelay = delay;
    this.progressWidth = width;
  }

  PrintWriter out() {
    return out;
  }

  OutputFormat format() {
    return format;
  }

  /**
   * Runs every statement and command of a script in order, stopping at the first that fails or
   * quits; an unterminated last statement runs too.
   */
  Outcome runScript(String script) {
    StatementSplitter.Split split = StatementSplitter.split(script);
    for (String item : split.items()) {
      Outcome outcome = run(item);
      if (outcome != Outcome.OK) {
        return outcome;
      }
    }
    return split.complete() ? Outcome.OK : run(split.remainder());
  }

  /** Runs one SQL statement (without its {@code ;}) or one shell command. */
  Outcome run(String item) {
    try {
      return StatementSplitter.isCommand(item) ? commands.run(item) : execute(item);
    } catch (SQLException e) {
      return failed(e, item);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Cancels the statement running now, if any; the session stays usable. */
  void cancel() {
    Statement statement = running;
    if (statement == null) {
      return;
    }
    try {
      cancelled = true;
      statement.cancel();
    } catch (SQLException e) {
      err.println("Could not cancel the statement: " + message(e, null));
      err.flush();
    }
  }

  private Outcome execute(String sql) throws SQLException {
    long start = System.nanoTime();
    ScanStatistics before = statistics();
    try (Statement statement = connection.createStatement()) {
      cancelled = false;
      running = statement;
      ProgressLine progress = progressDelay == null
          ? null
          : new ProgressLine(out, () -> statisticsSince(before), progressWidth, progressDelay, scheduler());
      Runnable stopProgress = () -> {
        if (progress != null) {
          progress.stop();
        }
      };
      try {
        if (statement.execute(sql)) {
          try (ResultSet resultSet = statement.getResultSet()) {
            long rows = format.printer(out).print(Rows.of(resultSet), stopProgress);
            if (format == OutputFormat.TABLE) {
              out.printf("(%s, %s%s)%n%n", count(rows, "row"), elapsed(start), scanSummary(statisticsSince(before)));
            }
          }
        } else {
          stopProgress.run();
          if (format == OutputFormat.TABLE) {
            out.printf("(%s affected, %s)%n%n", count(statement.getLargeUpdateCount(), "row"), elapsed(start));
          }
        }
        return Outcome.OK;
      } catch (RuntimeException | ExceptionInInitializerError e) {
        stopProgress.run();
        return internalError(e);
      } finally {
        stopProgress.run();
        running = null;
      }
    }
  }

  /** Prints rows the shell made itself (describe, table list) in the session's format. */
  void print(String title, Rows rows, String noun) throws SQLException {
    boolean table = format == OutputFormat.TABLE;
    if (table && title != null) {
      out.println(title);
    }
    long count = format.printer(out).print(rows, () -> {});
    if (table) {
      out.printf("(%s)%n%n", count(count, noun));
    }
  }

  /** Prints a line for people: shown in {@code table} format only, so scripted output stays data. */
  void note(String text) {
    if (format == OutputFormat.TABLE) {
      out.println(text);
    }
  }

  Outcome failed(SQLException e, String sql) {
    out.flush();
    String state = e.getSQLState();
    if (state == null) {
      // Avatica's own "Statement canceled" has no SQLState; the shell knows it cancelled
      state = cancelled ? QUERY_CANCELED : "no SQLState";
    }
    err.println("Error [" + state + "]: " + message(e, sql));
    err.flush();
    return Outcome.FAILED;
  }

  /** A failure that is not an {@link SQLException}: a defect of the driver, reported as one. */
  private Outcome internalError(Throwable e) {
    out.flush();
    Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
    err.println("Internal error (the driver raised " + cause.getClass().getName() + " instead of an SQLException): "
        + cause.getMessage());
    err.flush();
    return Outcome.FAILED;
  }

  /**
   * The exception's message without Calcite's repetition of the statement the user just typed, and
   * without the parser's list of every token it would have accepted when that list is long.
   */
  static String message(SQLException e, String sql) {
    String message = String.valueOf(e.getMessage());
    String prefix = sql == null ? null : CALCITE_PREFIX + sql + "\": ";
    if (prefix != null && message.startsWith(prefix)) {
      message = message.substring(prefix.length());
    }
    int expecting = message.indexOf(EXPECTING);
    if (expecting >= 0) {
      long alternatives = message.substring(expecting).lines().count() - 1;
      if (alternatives > 8) {
        message = message.substring(0, expecting) + "(" + alternatives + " different tokens would fit there)";
      }
    }
    return message.strip();
  }

  /** The connection's latest scan statistics, or {@code null} when it is not a lakehouse connection. */
  private ScanStatistics statistics() {
    try {
      return connection.isWrapperFor(LakehouseConnection.class)
          ? connection.unwrap(LakehouseConnection.class).lastQueryStatistics()
          : null;
    } catch (SQLException e) {
      return null;
    }
  }

  /**
   * The statistics of the statement started after {@code before} was taken, or {@code null} while
   * it has not scanned anything: the connection hands out a new object when a statement's first
   * scan starts, so the same object means no scan of this statement yet.
   */
  private ScanStatistics statisticsSince(ScanStatistics before) {
    ScanStatistics now = statistics();
    return now == before ? null : now;
  }

  private static String scanSummary(ScanStatistics s) {
    if (s == null || s.filesInSnapshots() == 0) {
      return "";
    }
    String beyondStatistics = s.rowGroupsSkippedByDictionary() + s.rowGroupsSkippedByPageIndex() == 0
        ? ""
        : String.format(" (skipped %d by page index, %d by dictionary)",
            s.rowGroupsSkippedByPageIndex(), s.rowGroupsSkippedByDictionary());
    String pages = s.pagesSkipped() == 0 ? "" : String.format(", %d pages skipped", s.pagesSkipped());
    return String.format(
        "; files %d of %d, row groups %d of %d%s%s, %.1f MB read",
        s.filesPlanned(), s.filesInSnapshots(), s.rowGroupsRead(), s.rowGroupsRead() + s.rowGroupsSkipped(),
        beyondStatistics, pages, s.bytesRead() / 1e6);
  }

  static String count(long n, String noun) {
    return String.format("%,d %s%s", n, noun, n == 1 ? "" : "s");
  }

  private static String elapsed(long startNanos) {
    return String.format("%.3f s", (System.nanoTime() - startNanos) / 1e9);
  }

  private synchronized ScheduledExecutorService scheduler() {
    if (scheduler == null) {
      scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lakehouse-shell-progress");
        thread.setDaemon(true);
        return thread;
      });
    }
    return scheduler;
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
