package io.lakehouse.benchmarks.tpch;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * One TPC-H query, timed run by run, through our driver or DuckDB's over the same Parquet files of
 * a Delta or an Iceberg warehouse. Each measured iteration is one execution with every value of
 * the result read through JDBC; {@link TpchReport} runs all of them and prints the medians side by
 * side. The data is generated on first use under {@code benchmark-data/} beside the benchmarks jar
 * (or where {@code -Dlakehouse.benchmark.data} says) and reused afterwards.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class TpchBenchmark {

  /** The query number, 1 to 22. */
  @Param({"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19",
      "20", "21", "22"})
  public int query;

  /** The table format: delta or iceberg. */
  @Param({"delta", "iceberg"})
  public String format;

  /** Who answers: lakehouse (our driver) or duckdb (DuckDB's JDBC driver, one thread per core). */
  @Param({"lakehouse", "duckdb"})
  public String reader;

  /** The TPC-H scale factor. */
  @Param("0.1")
  public double scaleFactor;

  private Connection connection;
  private String sql;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    TpchFormat tableFormat = TpchFormat.named(format);
    Path warehouse = TpchData.ensure(TpchData.benchmarkRoot(), scaleFactor, tableFormat);
    connection = switch (reader) {
      case "lakehouse" -> TpchConnections.lakehouse(warehouse);
      case "duckdb" -> TpchConnections.duckdb(warehouse, tableFormat, Runtime.getRuntime().availableProcessors());
      default -> throw new IllegalArgumentException("No reader " + reader + "; readers: lakehouse, duckdb");
    };
    sql = TpchQueries.sql(query);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    connection.close();
  }

  @Benchmark
  public long run(Blackhole blackhole) throws Exception {
    return drain(connection, sql, blackhole);
  }

  /** Executes the query and reads every value of its result; returns the number of rows. */
  static long drain(Connection connection, String sql, Blackhole blackhole) throws Exception {
    long rows = 0;
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      int width = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        rows++;
        for (int i = 1; i <= width; i++) {
          blackhole.consume(rs.getObject(i));
        }
      }
    }
    return rows;
  }

}
