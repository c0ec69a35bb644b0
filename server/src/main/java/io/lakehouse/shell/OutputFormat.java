package io.lakehouse.shell;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the shell writes results: {@code table} for people (aligned, {@code NULL} shown as such,
 * followed by row count, time and what the scans read), {@code csv}, {@code tsv} and {@code json}
 * for programs (see the printers for the exact rules).
 */
enum OutputFormat {
  TABLE,
  CSV,
  TSV,
  JSON;

  static OutputFormat parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Unknown output format '" + name + "': use one of "
          + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
  }

  ResultPrinter printer(PrintWriter out) {
    return switch (this) {
      case TABLE -> new TablePrinter(out);
      case CSV -> DelimitedPrinter.csv(out);
      case TSV -> DelimitedPrinter.tsv(out);
      case JSON -> new JsonLinesPrinter(out);
    };
  }
}
