package io.lakehouse.shell;

import java.sql.SQLException;

/** Writes a result in one {@link OutputFormat}, streaming its rows. */
interface ResultPrinter {

  /**
   * Prints every row of {@code rows} and returns how many there were. {@code beforeOutput} runs
   * once, before the first character is written (the shell clears its progress line there).
   */
  long print(Rows rows, Runnable beforeOutput) throws SQLException;
}
