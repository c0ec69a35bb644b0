package io.lakehouse.benchmarks.tpch;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link TpchBenchmark} for our driver and DuckDB's in one JMH run and prints, per format, the
 * median time of each query, the ratio of ours to DuckDB's and the geometric means. With
 * {@code --memory} it then runs our driver once more per query under {@link PeakMemoryProfiler} and
 * JMH's GC profiler and prints peak heap, direct and native memory and bytes allocated
 * ({@code --memory-only} skips the timings).
 *
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.lakehouse.benchmarks.tpch.TpchReport \
 *     --sf 0.1 --formats delta,iceberg --queries 1-22 --warmups 2 --runs 5 --memory
 * </pre>
 */
public final class TpchReport {

  private static final String LAKEHOUSE = "lakehouse";
  private static final String DUCKDB = "duckdb";

  private final String scaleFactor;
  private final List<String> formats;
  private final List<String> queries;
  private final int warmups;
  private final int runs;
  private final boolean memory;
  private final boolean timings;
  private final List<String> jvmArgs;

  private TpchReport(Map<String, String> options) {
    scaleFactor = options.getOrDefault("sf", "0.1");
    formats = List.of(options.getOrDefault("formats", "delta,iceberg").split(","));
    queries = queryList(options.getOrDefault("queries", "1-22"));
    warmups = Integer.parseInt(options.getOrDefault("warmups", "2"));
    runs = Integer.parseInt(options.getOrDefault("runs", "5"));
    memory = options.containsKey("memory") || options.containsKey("memory-only");
    timings = !options.containsKey("memory-only");
    List<String> args = new ArrayList<>(List.of("-Xmx" + options.getOrDefault("heap", "4g")));
    String data = System.getProperty("lakehouse.benchmark.data");
    if (data != null) {
      args.add("-Dlakehouse.benchmark.data=" + data);
    }
    jvmArgs = List.copyOf(args);
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new TreeMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("Unexpected argument " + args[i]
            + "; options: --sf S --formats delta,iceberg --queries 1-22|1,6,14 --warmups N --runs N --heap 4g"
            + " --memory | --memory-only");
      }
      String name = args[i].substring(2);
      boolean flag = i + 1 == args.length || args[i + 1].startsWith("--");
      options.put(name, flag ? "" : args[++i]);
    }
    new TpchReport(options).run(System.out);
  }

  private void run(PrintStream out) throws Exception {
    if (timings) {
      Collection<RunResult> results = new Runner(options(List.of(LAKEHOUSE, DUCKDB), warmups, runs).build()).run();
      out.println();
      printTimings(out, results);
    }
    if (memory) {
      ChainedOptionsBuilder builder = options(List.of(LAKEHOUSE), 1, 1)
          .addProfiler(PeakMemoryProfiler.class)
          .addProfiler("gc")
          .jvmArgsAppend("-XX:NativeMemoryTracking=summary");
      Collection<RunResult> memoryRuns = new Runner(builder.build()).run();
      out.println();
      printMemory(out, memoryRuns);
    }
  }

  private ChainedOptionsBuilder options(List<String> readers, int warmupRuns, int measuredRuns) {
    return new OptionsBuilder()
        .include(TpchBenchmark.class.getName() + ".run")
        .param("query", queries.toArray(String[]::new))
        .param("format", formats.toArray(String[]::new))
        .param("reader", readers.toArray(String[]::new))
        .param("scaleFactor", scaleFactor)
        .warmupIterations(warmupRuns)
        .measurementIterations(measuredRuns)
        .forks(1)
        .jvmArgsAppend(jvmArgs.toArray(String[]::new))
        .verbosity(VerboseMode.NORMAL);
  }

  private void printTimings(PrintStream out, Collection<RunResult> results) {
    Map<String, Double> medians = new TreeMap<>();
    for (RunResult result : results) {
      for (BenchmarkResult benchmark : result.getBenchmarkResults()) {
        double[] scores = benchmark.getIterationResults().stream()
            .mapToDouble(iteration -> iteration.getPrimaryResult().getScore()).sorted().toArray();
        medians.put(key(result), median(scores));
      }
    }
    out.printf(Locale.ROOT, "TPC-H SF %s, %d cores: median ms of %d runs after %d warm-ups; ratio = ours / DuckDB's%n",
        scaleFactor, Runtime.getRuntime().availableProcessors(), runs, warmups);
    for (String format : formats) {
      out.printf(Locale.ROOT, "%n%s%n%-6s %12s %12s %8s%n", format, "query", LAKEHOUSE, DUCKDB, "ratio");
      double logOurs = 0;
      double logTheirs = 0;
      int counted = 0;
      for (String query : queries) {
        Double ours = medians.get(key(query, format, LAKEHOUSE));
        Double theirs = medians.get(key(query, format, DUCKDB));
        if (ours == null || theirs == null) {
          out.printf(Locale.ROOT, "Q%-5s %12s %12s %8s%n", query, text(ours), text(theirs), "-");
          continue;
        }
        out.printf(Locale.ROOT, "Q%-5s %12.1f %12.1f %8.2f%n", query, ours, theirs, ours / theirs);
        logOurs += Math.log(ours);
        logTheirs += Math.log(theirs);
        counted++;
      }
      if (counted > 0) {
        double geoOurs = Math.exp(logOurs / counted);
        double geoTheirs = Math.exp(logTheirs / counted);
        out.printf(Locale.ROOT, "%-6s %12.1f %12.1f %8.2f   (geometric means over %d queries)%n",
            "geo", geoOurs, geoTheirs, geoOurs / geoTheirs, counted);
      }
    }
  }

  private void printMemory(PrintStream out, Collection<RunResult> results) {
    out.printf(Locale.ROOT, "Our driver's memory per query (one run after one warm-up, -Xmx from --heap)%n");
    out.printf(Locale.ROOT, "%-8s %-6s %14s %14s %14s %16s%n",
        "format", "query", "peak heap MB", "peak direct MB", "peak native MB", "allocated MB/op");
    for (RunResult result : results) {
      Map<String, Result> secondary = result.getAggregatedResult().getSecondaryResults();
      out.printf(Locale.ROOT, "%-8s Q%-5s %14s %14s %14s %16s%n",
          result.getParams().getParam("format"), result.getParams().getParam("query"),
          score(secondary.get("peak.heap"), 1), score(secondary.get("peak.direct"), 1),
          score(secondary.get("peak.native"), 1), score(secondary.get("gc.alloc.rate.norm"), 1e6));
    }
  }

  private static String score(Result result, double divisor) {
    return result == null ? "-" : String.format(Locale.ROOT, "%.1f", result.getScore() / divisor);
  }

  private static String text(Double millis) {
    return millis == null ? "-" : String.format(Locale.ROOT, "%.1f", millis);
  }

  private static String key(RunResult result) {
    return key(result.getParams().getParam("query"), result.getParams().getParam("format"),
        result.getParams().getParam("reader"));
  }

  private static String key(String query, String format, String reader) {
    return format + "/" + reader + "/" + query;
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** "1-22", "1,6,14" or a mix such as "1-5,9". */
  static List<String> queryList(String spec) {
    List<String> result = new ArrayList<>();
    for (String part : spec.split(",")) {
      String[] range = part.trim().split("-");
      int from = Integer.parseInt(range[0]);
      int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
      for (int q = from; q <= to; q++) {
        TpchQueries.sql(q);
        result.add(Integer.toString(q));
      }
    }
    return result;
  }
}
