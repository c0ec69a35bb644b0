package io.lakehouse.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lakehouse.server.sample.SampleWarehouse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive shell on JLine's dumb terminal fed from a stream, over the sample warehouse:
 * statements over several lines, commands, history, the progress line, and Ctrl-C cancelling a
 * running statement while the shell carries on.
 */
class InteractiveShellTest {

  /** Counts every pair of orders with every page view: minutes of work, cancelled long before. */
  private static final String ENDLESS = "SELECT COUNT(*) AS pairs FROM orders a, orders b, page_views c";

  @TempDir static Path dir;
  private static Connection connection;

  @BeforeAll
  static void generate() throws IOException, SQLException {
    SampleWarehouse.generate(dir.resolve("warehouse"));
    connection = DriverManager.getConnection("jdbc:lakehouse:" + dir.resolve("warehouse"));
  }

  @AfterAll
  static void close() throws SQLException {
    connection.close();
  }

  /** A shell session typed line by line on a terminal: its keyboard, screen and history file. */
  private static final class Typed implements AutoCloseable {
    final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    final PipedOutputStream keyboard = new PipedOutputStream();
    final Terminal terminal;
    final Session session;
    final Path history;
    CompletableFuture<Void> shell;

    Typed(Duration progressDelay) throws IOException {
      terminal = TerminalBuilder.builder()
          .system(false)
          .type(Terminal.TYPE_DUMB)
          .streams(new PipedInputStream(keyboard, 1 << 16), screen)
          .encoding(StandardCharsets.UTF_8)
          .build();
      session = new Session(connection, terminal.writer(), terminal.writer(), OutputFormat.TABLE);
      if (progressDelay != null) {
        session.showProgress(progressDelay, terminal::getWidth);
      }
      history = Files.createTempFile(dir, "history", "");
      shell = CompletableFuture.runAsync(
          () -> new InteractiveShell(session, terminal, history).run(LakehouseShell.banner("the sample warehouse")));
    }

    /** What the terminal shows, with its line ends (CR LF, as a terminal's output processing makes them) as LF. */
    String screen() {
      return screen.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    int prompts() {
      return screen().split(InteractiveShell.PROMPT, -1).length - 1;
    }

    /** Types a line and Enter, then waits until the shell asks for the next statement. */
    void enter(String line) throws IOException, InterruptedException {
      int before = prompts();
      type(line);
      waitForScreen(screen -> prompts() > before, "the prompt after " + line);
    }

    /** Types a line and Enter without waiting. */
    void type(String line) throws IOException {
      keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      keyboard.flush();
    }

    void waitForScreen(Predicate<String> condition, String what) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!condition.test(screen())) {
        if (System.nanoTime() > deadline) {
          fail("The screen never showed " + what + ":\n" + screen());
        }
        Thread.sleep(20);
      }
    }

    /** Types {@code \q} and waits for the shell to end. */
    void quit() throws Exception {
      type("\\q");
      shell.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
      session.close();
      terminal.close();
    }
  }

  @Test
  void runsStatementsOverSeveralLinesAndCommandsAndKeepsHistory() throws Exception {
    try (Typed typed = new Typed(null)) {
      typed.waitForScreen(screen -> typed.prompts() == 1, "the first prompt");
      typed.type("SELECT COUNT(*) AS january");
      typed.type("FROM orders");
      typed.type("FOR VERSION AS OF 0");
      typed.enter(";");
      typed.enter("\\dt");
      typed.enter("!describe page_views");
      typed.enter("SELECT CAST(NULL AS VARCHAR) AS nothing, '' AS empty_string, 1 AS n; SELECT * FROM nowhere;");
      typed.enter("\\help");
      typed.quit();
      String screen = typed.screen();
      assertTrue(screen.contains("Lakehouse JDBC shell on the sample warehouse"), screen);
      // version 0 of orders holds the 2,000 January orders (see SampleWarehouse)
      assertTrue(screen.contains("january\n-------\n   2000\n(1 row, "), screen);
      assertTrue(screen.matches("(?s).*default \\| sensor_readings \\| TABLE \\| Iceberg table at [^\\n]*\n\\(4 tables\\).*"), screen);
      assertTrue(screen.contains("Table default.page_views: Delta table at "), screen);
      assertTrue(screen.contains("view_date   | DATE    | YES\n"), screen);
      assertTrue(screen.contains("nothing | empty_string | n\n--------+--------------+--\nNULL    |              | 1\n"), screen);
      assertTrue(screen.contains("Error [42000]: From line 1, column 15 to line 1, column 21: Object 'nowhere' not found"),
          screen);
      assertTrue(screen.contains("\\dt              !tables"), screen);
      String history = Files.readString(typed.history);
      assertTrue(history.contains("FOR VERSION AS OF 0"), history);
      assertTrue(history.contains("!describe page_views"), history);
    }
  }

  @Test
  void ctrlCCancelsTheRunningStatementAndTheShellCarriesOn() throws Exception {
    try (Typed typed = new Typed(Duration.ofMillis(100))) {
      typed.waitForScreen(screen -> typed.prompts() == 1, "the first prompt");
      typed.type(ENDLESS + ";");
      // the progress line shows while the statement runs, with what its scans did so far
      typed.waitForScreen(screen -> screen.contains(" rows (Ctrl-C cancels)"), "a progress line with scan counts");
      typed.terminal.raise(Terminal.Signal.INT);
      typed.waitForScreen(screen -> typed.prompts() == 2, "the prompt after the cancelled statement");
      typed.enter("SELECT COUNT(*) AS version_1 FROM orders FOR VERSION AS OF 1;");
      typed.quit();
      String screen = typed.screen();
      assertTrue(screen.contains("Error [57014]: The query was cancelled"), screen);
      assertTrue(!screen.contains("pairs\n"), screen);
      // version 1 appended 1,000 February orders to the 2,000 of January
      assertTrue(screen.contains("version_1\n---------\n     3000\n(1 row, "), screen);
    }
  }

  @Test
  void cancelFromAnotherThreadStopsAStreamingResultAndTheSessionStaysUsable() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintWriter outWriter = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
        Session session = new Session(connection, outWriter, errWriter, OutputFormat.CSV)) {
      CompletableFuture<Session.Outcome> streaming =
          CompletableFuture.supplyAsync(() -> session.run("SELECT a.order_id, b.order_id FROM orders a, orders b"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (out.size() < 10_000 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      session.cancel();
      assertEquals(Session.Outcome.FAILED, streaming.get(60, TimeUnit.SECONDS));
      assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("Error [57014]: "), err.toString(StandardCharsets.UTF_8));
      out.reset();
      assertEquals(Session.Outcome.OK, session.run("SELECT COUNT(*) AS january FROM orders FOR VERSION AS OF 0"));
      assertEquals("january\r\n2000\r\n", out.toString(StandardCharsets.UTF_8));
    }
  }
}
