package io.lakehouse.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;

/**
 * The interactive shell over a JLine terminal: line editing, history kept in a file, statements
 * that run once a {@code ;} ends them (Enter before that continues the statement on a new line),
 * Ctrl-C that cancels the running statement (at the prompt it drops the line being typed), and
 * Ctrl-D or {@code \q} to leave.
 */
final class InteractiveShell {

  static final String PROMPT = "lakehouse> ";
  static final String CONTINUATION_PROMPT = "        -> ";
  private static final List<String> QUIT_WORDS = List.of("quit", "exit", "quit;", "exit;");

  private final Session session;
  private final Terminal terminal;
  private final Path historyFile;

  /** A shell whose session writes to {@code terminal}; {@code historyFile} keeps what was typed. */
  InteractiveShell(Session session, Terminal terminal, Path historyFile) {
    this.session = session;
    this.terminal = terminal;
    this.historyFile = historyFile;
  }

  /** Reads and runs statements until the user leaves. */
  void run(String banner) {
    LineReader reader = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("lakehouse")
        .parser(new StatementParser())
        .variable(LineReader.HISTORY_FILE, historyFile)
        .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION_PROMPT)
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
        .build();
    Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> session.cancel());
    try {
      terminal.writer().println(banner);
      terminal.flush();
      while (true) {
        String buffer;
        try {
          buffer = reader.readLine(PROMPT);
        } catch (UserInterruptException e) {
          continue;
        } catch (EndOfFileException e) {
          break;
        }
        if (QUIT_WORDS.contains(buffer.strip().toLowerCase(Locale.ROOT))) {
          break;
        }
        if (runAll(buffer) == Session.Outcome.QUIT) {
          break;
        }
      }
    } finally {
      terminal.handle(Terminal.Signal.INT, previous);
      try {
        reader.getHistory().save();
      } catch (IOException e) {
        terminal.writer().println("Could not save the history to " + historyFile + ": " + e.getMessage());
        terminal.flush();
      }
    }
  }

  private Session.Outcome runAll(String buffer) {
    for (String item : StatementSplitter.split(buffer).items()) {
      if (session.run(item) == Session.Outcome.QUIT) {
        return Session.Outcome.QUIT;
      }
    }
    return Session.Outcome.OK;
  }

  /**
   * Accepts a line only when it ends a statement with {@code ;} (outside quotes and comments), is a
   * shell command, or is blank; otherwise the reader continues on a new line.
   */
  static final class StatementParser implements Parser {
    private final DefaultParser words = new DefaultParser();

    StatementParser() {
      words.setEscapeChars(new char[0]);
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
      if (context == ParseContext.ACCEPT_LINE && !complete(line)) {
        throw new EOFError(-1, -1, "the statement is not ended by ;", ";");
      }
      return words.parse(line, cursor, context);
    }

    static boolean complete(String buffer) {
      return QUIT_WORDS.contains(buffer.strip().toLowerCase(Locale.ROOT))
          || StatementSplitter.split(buffer).complete();
    }
  }
}
