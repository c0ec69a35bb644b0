package io.lakehouse.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {

  @Test
  void splitsAtSemicolonsOutsideQuotesAndComments() {
    StatementSplitter.Split split = StatementSplitter.split("""
        -- a comment; not a statement end
        SELECT 'a;b', "c;d" FROM t;
        /* block; comment */ SELECT 'it''s; here'
        FROM u ; ;
        """);
    assertEquals(List.of(
        "-- a comment; not a statement end\nSELECT 'a;b', \"c;d\" FROM t",
        "/* block; comment */ SELECT 'it''s; here'\nFROM u"), split.items());
    assertTrue(split.complete());
  }

  @Test
  void keepsAnUnterminatedStatementAsTheRemainder() {
    StatementSplitter.Split split = StatementSplitter.split("SELECT 1; SELECT 2\nFROM t");
    assertEquals(List.of("SELECT 1"), split.items());
    assertEquals("SELECT 2\nFROM t", split.remainder());
    assertFalse(split.complete());
  }

  @Test
  void anOpenQuoteOrBlockCommentIsIncomplete() {
    assertFalse(StatementSplitter.split("SELECT 'a;").complete());
    assertFalse(StatementSplitter.split("SELECT \"a;").complete());
    assertFalse(StatementSplitter.split("/* still; open").complete());
  }

  @Test
  void commentsAndBlanksAloneAreComplete() {
    StatementSplitter.Split split = StatementSplitter.split("  -- nothing to run\n\n");
    assertEquals(List.of(), split.items());
    assertTrue(split.complete());
  }

  @Test
  void commandsTakeTheirLineWhereAStatementWouldStart() {
    StatementSplitter.Split split = StatementSplitter.split(
        "\\d orders\n!describe \"page_views\";\nSELECT 1 FROM t WHERE a != 2;\n  \\dt\nSELECT '\\d'");
    assertEquals(List.of("\\d orders", "!describe \"page_views\"", "SELECT 1 FROM t WHERE a != 2", "\\dt"), split.items());
    assertEquals("SELECT '\\d'", split.remainder());
    assertTrue(StatementSplitter.isCommand("\\q"));
    assertFalse(StatementSplitter.isCommand("SELECT 1"));
  }

  @Test
  void interactiveInputIsAcceptedOnlyWhenComplete() {
    assertFalse(InteractiveShell.StatementParser.complete("SELECT *\nFROM orders"));
    assertTrue(InteractiveShell.StatementParser.complete("SELECT *\nFROM orders;"));
    assertTrue(InteractiveShell.StatementParser.complete("SELECT 1; -- done"));
    assertTrue(InteractiveShell.StatementParser.complete("\\d orders"));
    assertTrue(InteractiveShell.StatementParser.complete("quit"));
    assertTrue(InteractiveShell.StatementParser.complete(""));
  }
}
