package io.lakehouse.benchmarks;

import io.lakehouse.benchmarks.tpch.TpchData;
import io.lakehouse.benchmarks.tpch.TpchFormat;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A full scan, a four-column projection and a selective filter (TPC-H Q6) over lineitem, for each
 * {@link Reader}. The Delta warehouse of {@link TpchData} is generated on first use under
 * {@code benchmark-data/} beside the benchmarks jar (or where {@code -Dlakehouse.benchmark.data}
 * says) and reused afterwards.
 *
 * <p>The warm-up is a minute: our driver plans each statement with Calcite, whose planner code the
 * JIT compiler is still compiling after the first hundred statements; a query as short as Q6
 * reaches its steady speed after two to three hundred. DuckDB, native code, needs none.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6, time = 10)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class LineitemBenchmark {

  /** Which reader answers; see {@link Reader}. */
  @Param({"lakehouse-1-thread", "lakehouse-all-cores", "arrow-scan", "parquet-mr", "duckdb-1-thread", "duckdb-all-cores"})
  public String reader;

  /** The TPC-H scale factor: 0.1 is about 600,000 rows, 1 about 6 million. */
  @Param("0.1")
  public double scaleFactor;

  private LineitemQueries queries;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    open(TpchData.benchmarkRoot());
  }

  /** Generates the data under {@code root} when missing and opens the reader over it. */
  void open(Path root) throws Exception {
    queries = Reader.named(reader).open(TpchData.ensure(root, scaleFactor, TpchFormat.DELTA));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    queries.close();
  }

  @Benchmark
  public Answer fullScan() throws Exception {
    return queries.fullScan();
  }

  @Benchmark
  public Answer projection() throws Exception {
    return queries.projection();
  }

  @Benchmark
  public Answer selectiveFilter() throws Exception {
    return queries.selectiveFilter();
  }

}
