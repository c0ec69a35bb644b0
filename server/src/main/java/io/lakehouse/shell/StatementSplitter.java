package io.lakehouse.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts shell input into what the shell runs one at a time: SQL statements, each ended by a
 * {@code ;} outside quotes and comments, and shell commands, each a line that starts with
 * {@code \} or {@code !} where a statement would start.
 */
final class StatementSplitter {

  /**
   * The complete statements and commands of {@code text} in order, and what follows the last of
   * them: the start of a statement not yet ended by {@code ;}, or blank when there is none.
   * Statements hold no trailing {@code ;}; comments between statements are dropped.
   */
  record Split(List<String> items, String remainder) {

    /** Whether nothing but whitespace and comments follows the last complete item. */
    boolean complete() {
      return remainder.isEmpty();
    }
  }

  private StatementSplitter() {}

  /** Whether {@code item} is a shell command rather than SQL. */
  static boolean isCommand(String item) {
    return item.startsWith("\\") || item.startsWith("!");
  }

  static Split split(String text) {
    List<String> items = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean hasContent = false;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char ch = text.charAt(i);
      if (!hasContent && (ch == '\\' || ch == '!')) {
        int end = lineEnd(text, i);
        String command = stripSemicolons(text.substring(i, end).strip());
        items.add(command);
        current.setLength(0);
        i = end;
        continue;
      }
      if (ch == '\'' || ch == '"' || ch == '`') {
        int end = quoteEnd(text, i, ch);
        current.append(text, i, end);
        hasContent = true;
        i = end;
      } else if (ch == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
        int end = lineEnd(text, i);
        current.append(text, i, end);
        i = end;
      } else if (ch == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
        int close = text.indexOf("*/", i + 2);
        int end = close < 0 ? n : close + 2;
        current.append(text, i, end);
        hasContent |= close < 0;
        i = end;
      } else if (ch == ';') {
        if (hasContent) {
          items.add(current.toString().strip());
        }
        current.setLength(0);
        hasContent = false;
        i++;
      } else {
        current.append(ch);
        hasContent |= !Character.isWhitespace(ch);
        i++;
      }
    }
    return new Split(items, hasContent ? current.toString().strip() : "");
  }

  private static int lineEnd(String text, int from) {
    int end = text.indexOf('\n', from);
    return end < 0 ? text.length() : end;
  }

  /** The index after the quote that closes the one at {@code from}; a doubled quote is part of the text. */
  private static int quoteEnd(String text, int from, char quote) {
    int i = from + 1;
    while (i < text.length()) {
      if (text.charAt(i) == quote) {
        if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return text.length();
  }

  private static String stripSemicolons(String command) {
    int end = command.length();
    while (end > 0 && (command.charAt(end - 1) == ';' || Character.isWhitespace(command.charAt(end - 1)))) {
      end--;
    }
    return command.substring(0, end);
  }
}
