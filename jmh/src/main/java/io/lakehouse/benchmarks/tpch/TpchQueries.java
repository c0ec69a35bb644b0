package io.lakehouse.benchmarks.tpch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The 22 TPC-H queries with the specification's validation parameters, as resources
 * {@code tpch/q01.sql} to {@code tpch/q22.sql}. The text is plain SQL that both Calcite and DuckDB
 * parse: DATE literals, INTERVAL arithmetic, EXTRACT, SUBSTRING(x FROM 1 FOR 2), and a CTE in
 * place of Q15's view.
 */
public final class TpchQueries {

  /** The number of queries. */
  public static final int COUNT = 22;

  private TpchQueries() {}

  /** The SQL of query {@code number} (1 to 22). */
  public static String sql(int number) {
    if (number < 1 || number > COUNT) {
      throw new IllegalArgumentException("TPC-H has queries 1 to " + COUNT + ", not " + number);
    }
    String resource = String.format(Locale.ROOT, "/tpch/q%02d.sql", number);
    try (InputStream in = TpchQueries.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resource, e);
    }
  }

  /** Whether the query's answer has a defined order: none of the queries orders a subquery. */
  public static boolean ordered(int number) {
    return sql(number).toUpperCase(Locale.ROOT).contains("ORDER BY");
  }
}
