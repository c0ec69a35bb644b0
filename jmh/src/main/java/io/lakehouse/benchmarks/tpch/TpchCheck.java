package io.lakehouse.benchmarks.tpch;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks the 22 TPC-H answers at any scale factor: each query once through our driver and once
 * through DuckDB's (one thread) over the same files of the Delta and the Iceberg warehouse, answers
 * compared as {@link QueryAnswer} compares them. Prints a line per query with both single-run times
 * (cold, so only a rough guide; {@link TpchReport} measures) and exits with status 1 when an
 * answer is wrong or a query fails. Run it in the heap the queries must fit in:
 *
 * <pre>
 * java -Xmx4g -cp jmh/target/benchmarks.jar io.lakehouse.benchmarks.tpch.TpchCheck 1 delta,iceberg
 * </pre>
 */
public final class TpchCheck {

  private TpchCheck() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 3) {
      throw new IllegalArgumentException("Usage: TpchCheck <scale factor> [delta,iceberg] [1-22|1,6,14]");
    }
    double scaleFactor = Double.parseDouble(args[0]);
    List<TpchFormat> formats = new ArrayList<>();
    for (String name : (args.length > 1 ? args[1] : "delta,iceberg").split(",")) {
      formats.add(TpchFormat.named(name));
    }
    List<Integer> queries = TpchReport.queryList(args.length > 2 ? args[2] : "1-" + TpchQueries.COUNT)
        .stream().map(Integer::valueOf).toList();
    int wrong = 0;
    for (TpchFormat format : formats) {
      wrong += check(System.out, scaleFactor, format, queries);
    }
    System.out.printf(Locale.ROOT, "%s%n", wrong == 0 ? "all answers right" : wrong + " answers wrong or failed");
    System.exit(wrong == 0 ? 0 : 1);
  }

  /** Checks the queries on one format; returns how many were wrong or failed. */
  private static int check(PrintStream out, double scaleFactor, TpchFormat format, List<Integer> queries)
      throws Exception {
    Path warehouse = TpchData.ensure(TpchData.benchmarkRoot(), scaleFactor, format);
    int wrong = 0;
    try (Connection ours = TpchConnections.lakehouse(warehouse);
        Connection duckdb = TpchConnections.duckdb(warehouse, format, 1)) {
      for (int query : queries) {
        String sql = TpchQueries.sql(query);
        long start = System.nanoTime();
        QueryAnswer expected = QueryAnswer.run(duckdb, sql);
        long duckdbDone = System.nanoTime();
        String verdict;
        try {
          QueryAnswer actual = QueryAnswer.run(ours, sql);
          Optional<String> difference = actual.difference(expected, TpchQueries.ordered(query));
          verdict = difference.map(d -> "WRONG: " + d).orElse("right");
        } catch (Exception | OutOfMemoryError e) {
          verdict = "FAILED: " + e;
        }
        long oursDone = System.nanoTime();
        if (!verdict.equals("right")) {
          wrong++;
        }
        out.printf(Locale.ROOT, "%s SF %s Q%02d  ours %8.2f s  duckdb (1 thread) %7.3f s  %s%n",
            format.parameter(), scaleFactor, query, (oursDone - duckdbDone) / 1e9, (duckdbDone - start) / 1e9,
            verdict);
      }
    }
    return wrong;
  }
}
