package io.lakehouse.shell;

import io.lakehouse.jdbc.LakehouseDriver;
import java.io.BufferedWriter;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The {@code bin/lakehouse sql} command: an interactive SQL shell on a warehouse or JDBC URL, or,
 * with {@code -e SQL} / {@code -f file.sql} or input that is not a terminal, a script runner whose
 * output programs can read ({@code --format table|csv|tsv|json}). A script stops at its first
 * failing statement; the exit code is 0 when every statement succeeded, 1 when one failed (its
 * error on standard error, with its SQLState), 2 for bad arguments.
 */
public final class LakehouseShell {

  static final String USAGE = """
      usage: lakehouse sql <warehouse directory | jdbc: url> [-e SQL]... [-f file.sql]... [--format table|csv|tsv|json]
        Without -e or -f, opens the interactive shell (or runs standard input when it is not a terminal).
        -e SQL       run these statements (separated by ;); may repeat, runs in order with -f
        -f file.sql  run the statements of a file; may repeat
        --format F   output: table (default, for people), csv (RFC 4180), tsv (PostgreSQL text format),
                     json (JSON Lines: one object per row)
      """;

  /** How long a statement runs before the interactive shell shows its progress. */
  static final Duration PROGRESS_DELAY = Duration.ofSeconds(1);

  /** What the command line asked for. */
  record Options(String url, List<Script> scripts, OutputFormat format) {}

  /** A {@code -e} text or a {@code -f} file, in command-line order. */
  record Script(String text, Path file) {
    String read() throws IOException {
      return file == null ? text : Files.readString(file);
    }
  }

  private LakehouseShell() {}

  public static void main(String[] args) throws IOException {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    if (options == null) {
      System.out.print(USAGE);
      return;
    }
    boolean interactive = options.scripts().isEmpty() && standardStreamsAreTerminal();
    System.exit(interactive ? interactive(options) : run(options, System.in, System.out, System.err));
  }

  /** The options of {@code args}, or {@code null} when help was asked for. */
  static Options parse(String[] args) {
    String target = null;
    List<Script> scripts = new ArrayList<>();
    OutputFormat format = OutputFormat.TABLE;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "-h", "--help" -> {
          return null;
        }
        case "-e" -> scripts.add(new Script(value(args, ++i, arg), null));
        case "-f" -> scripts.add(new Script(null, Path.of(value(args, ++i, arg))));
        case "--format" -> format = OutputFormat.parse(value(args, ++i, arg));
        default -> {
          if (arg.startsWith("--format=")) {
            format = OutputFormat.parse(arg.substring("--format=".length()));
          } else if (arg.startsWith("-") || target != null) {
            throw new IllegalArgumentException("Unknown argument " + arg);
          } else {
            target = arg;
          }
        }
      }
    }
    if (target == null) {
      throw new IllegalArgumentException("Name a warehouse directory or a jdbc: URL");
    }
    String url = target.startsWith("jdbc:") ? target : LakehouseDriver.PREFIX + target;
    return new Options(url, scripts, format);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  /**
   * Runs the scripts of {@code options}, or {@code in} when there are none, writing results to
   * {@code stdout} and failures to {@code stderr}; returns the exit code.
   */
  static int run(Options options, InputStream in, OutputStream stdout, OutputStream stderr) {
    PrintWriter out = writer(stdout);
    PrintWriter err = writer(stderr);
    try (Connection connection = connect(options.url());
        Session session = new Session(connection, out, err, options.format())) {
      List<Script> scripts = options.scripts();
      if (scripts.isEmpty()) {
        return exitCode(session.runScript(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      }
      for (Script script : scripts) {
        String text;
        try {
          text = script.read();
        } catch (IOException e) {
          err.println("Cannot read " + script.file() + ": " + e.getMessage());
          return 1;
        }
        Session.Outcome outcome = session.runScript(text);
        if (outcome != Session.Outcome.OK) {
          return exitCode(outcome);
        }
      }
      return 0;
    } catch (SQLException e) {
      err.println("Cannot connect to " + options.url() + ": [" + e.getSQLState() + "] " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("Cannot read standard input: " + e.getMessage());
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private static int interactive(Options options) throws IOException {
    try (Terminal terminal = TerminalBuilder.builder().system(true).name("lakehouse").build()) {
      PrintWriter writer = terminal.writer();
      try (Connection connection = connect(options.url());
          Session session = new Session(connection, writer, writer, options.format())) {
        session.showProgress(PROGRESS_DELAY, terminal::getWidth);
        Path history = Path.of(System.getProperty("user.home"), ".lakehouse_history");
        new InteractiveShell(session, terminal, history).run(banner(options.url()));
        return 0;
      } catch (SQLException e) {
        writer.println("Cannot connect to " + options.url() + ": [" + e.getSQLState() + "] " + e.getMessage());
        writer.flush();
        return 1;
      }
    }
  }

  /**
   * A connection to {@code url}. Avatica's remote driver reports an unreachable server with a
   * RuntimeException, which becomes the SQLException it should have been.
   */
  private static Connection connect(String url) throws SQLException {
    try {
      return DriverManager.getConnection(url, new Properties());
    } catch (RuntimeException e) {
      throw new SQLException(String.valueOf(e.getMessage()), "08001", e);
    }
  }

  static String banner(String url) {
    return "Lakehouse JDBC shell on " + url + "\n"
        + "End statements with ; (they may span lines). \\dt lists tables, \\help shows more, \\q quits.\n";
  }

  private static int exitCode(Session.Outcome outcome) {
    return outcome == Session.Outcome.FAILED ? 1 : 0;
  }

  private static PrintWriter writer(OutputStream stream) {
    return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8)), false);
  }

  /** Whether standard input and output are a terminal (Java 22 reports a console for pipes too). */
  private static boolean standardStreamsAreTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
