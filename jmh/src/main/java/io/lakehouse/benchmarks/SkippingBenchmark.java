package io.lakehouse.benchmarks;

import io.delta.kernel.types.DateType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.lakehouse.engine.table.ScanStatistics;
import io.lakehouse.engine.write.DeltaWriter;
import io.lakehouse.engine.write.IcebergWriter;
import io.lakehouse.jdbc.LakehouseConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
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
 * Data skipping on and off ({@code dataSkipping} connection property) over many small files: a
 * point and a range query on a table sorted by key, a query of one day of a date-partitioned
 * table and the count of that day's rows (from partition values and record counts with skipping
 * on), and a {@code LIMIT} without a filter (which stops the scan either way). The tables are written by our Delta and Iceberg writers into a temporary directory by the
 * trial's setup, which also prints how many files each query opens.
 *
 * <p>The sorted Delta table is unpartitioned, one file per {@value #ROWS_PER_FILE} keys; Iceberg's
 * writer writes one file per partition and commit, so its sorted table is partitioned by
 * {@code truncate(key, ROWS_PER_FILE)} to get the same files in one commit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class SkippingBenchmark {

  static final int ROWS_PER_FILE = 100;
  static final int DAYS = 100;
  static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);

  /** The table format written. */
  @Param({"delta", "iceberg"})
  public String format;

  /** The value of the {@code dataSkipping} connection property. */
  @Param({"true", "false"})
  public boolean dataSkipping;

  /** Data files of the sorted table; the partitioned table has 4 files per day for 100 days. */
  @Param("1000")
  public int files;

  private Path directory;
  private Connection connection;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    directory = Files.createTempDirectory("skipping-benchmark");
    write(directory, format, files);
    connection = DriverManager.getConnection("jdbc:lakehouse:" + directory + ";dataSkipping=" + dataSkipping);
    for (String query : List.of(pointQuery(), rangeQuery(), partitionQuery(), partitionCountQuery(), limitQuery())) {
      long answer = sum(query);
      ScanStatistics read = lastStatistics();
      System.out.printf("%n%s dataSkipping=%s: %s -> %d; files opened %d of %d (%s)%n",
          format, dataSkipping, query, answer, read.filesOpened(), read.filesInSnapshots(), read);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    connection.close();
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  @Benchmark
  public long point() throws SQLException {
    return sum(pointQuery());
  }

  @Benchmark
  public long range() throws SQLException {
    return sum(rangeQuery());
  }

  @Benchmark
  public long partition() throws SQLException {
    return sum(partitionQuery());
  }

  @Benchmark
  public long partitionCount() throws SQLException {
    return sum(partitionCountQuery());
  }

  @Benchmark
  public long limit() throws SQLException {
    return sum(limitQuery());
  }

  /** What the connection's latest query read. */
  ScanStatistics lastStatistics() throws SQLException {
    return connection.unwrap(LakehouseConnection.class).lastQueryStatistics();
  }

  String pointQuery() {
    return "SELECT SUM(v) FROM sorted WHERE \"key\" = " + (files * ROWS_PER_FILE * 37L / 100 + 11);
  }

  String rangeQuery() {
    long from = files * ROWS_PER_FILE / 2L;
    return "SELECT SUM(v) FROM sorted WHERE \"key\" >= " + from + " AND \"key\" < " + (from + ROWS_PER_FILE * 10L);
  }

  String partitionQuery() {
    return "SELECT SUM(v) FROM by_day WHERE \"day\" = DATE '" + FIRST_DAY.plusDays(DAYS / 3) + "'";
  }

  String partitionCountQuery() {
    return "SELECT COUNT(*) FROM by_day WHERE \"day\" = DATE '" + FIRST_DAY.plusDays(DAYS / 3) + "'";
  }

  String limitQuery() {
    return "SELECT SUM(v) FROM (SELECT v FROM sorted LIMIT 10)";
  }

  long sum(String query) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The value column of a row: a function of its key that sums to nothing simple. */
  static long value(long key) {
    return (key * 7919) % 1009;
  }

  /**
   * Writes {@code sorted} ({@code files * ROWS_PER_FILE} keys in order) and {@code by_day} (4
   * files a day of {@code files * ROWS_PER_FILE / 400} rows each, at least 10) under {@code root}.
   */
  static void write(Path root, String format, int files) throws IOException {
    List<List<Object>> sorted = new ArrayList<>();
    for (long key = 0; key < (long) files * ROWS_PER_FILE; key++) {
      sorted.add(Arrays.asList(key, value(key), "row " + key));
    }
    int rowsPerDayFile = Math.max(10, files * ROWS_PER_FILE / (4 * DAYS));
    List<List<Object>> byDay = new ArrayList<>();
    long key = 0;
    for (int day = 0; day < DAYS; day++) {
      for (int row = 0; row < 4 * rowsPerDayFile; row++, key++) {
        byDay.add(Arrays.asList(key, value(key), FIRST_DAY.plusDays(day)));
      }
    }
    if (format.equals("delta")) {
      StructType schema = new StructType().add("key", LongType.LONG).add("v", LongType.LONG).add("s", StringType.STRING);
      DeltaWriter.builder(root.resolve("sorted").toString(), schema).rowsPerFile(ROWS_PER_FILE).create(sorted);
      StructType daySchema = new StructType().add("key", LongType.LONG).add("v", LongType.LONG).add("day", DateType.DATE);
      DeltaWriter.builder(root.resolve("by_day").toString(), daySchema).partitionedBy("day")
          .rowsPerFile(rowsPerDayFile).create(byDay);
    } else if (format.equals("iceberg")) {
      Schema schema = new Schema(
          Types.NestedField.required(1, "key", Types.LongType.get()),
          Types.NestedField.required(2, "v", Types.LongType.get()),
          Types.NestedField.required(3, "s", Types.StringType.get()));
      IcebergWriter.builder(root.resolve("sorted").toString(), schema)
          .partitionSpec(PartitionSpec.builderFor(schema).truncate("key", ROWS_PER_FILE).build())
          .create().append(sorted);
      Schema daySchema = new Schema(
          Types.NestedField.required(1, "key", Types.LongType.get()),
          Types.NestedField.required(2, "v", Types.LongType.get()),
          Types.NestedField.required(3, "day", Types.DateType.get()));
      IcebergWriter writer = IcebergWriter.builder(root.resolve("by_day").toString(), daySchema)
          .partitionSpec(PartitionSpec.builderFor(daySchema).identity("day").build()).create();
      // one file per day and commit: four commits give four files a day
      for (int part = 0; part < 4; part++) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < byDay.size(); i++) {
          if (i % (4 * rowsPerDayFile) / rowsPerDayFile == part) {
            rows.add(byDay.get(i));
          }
        }
        writer.append(rows);
      }
    } else {
      throw new IllegalArgumentException("Unknown format " + format + ": delta or iceberg");
    }
  }
}
