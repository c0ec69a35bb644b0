/**
 * The SQL shell of {@code bin/lakehouse}: interactive (JLine line editing, history, progress, Ctrl-C
 * cancel) or scripted ({@code -e}, {@code -f}, output as table, CSV, TSV or JSON Lines).
 */
package io.lakehouse.shell;
