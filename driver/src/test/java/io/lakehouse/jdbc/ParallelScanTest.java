package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.lakehouse.engine.write.DeltaWriter;
import io.lakehouse.engine.write.IcebergWriter;
import io.lakehouse.jdbc.corpus.CorpusWarehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scans that decode several data files at once ({@code scan.threads}) give the rows a sequential
 * scan gives, in the same order, and the same errors; closing a result set early, cancelling its
 * statement or running out of memory frees all of the scan's Arrow memory and leaves no decode
 * thread at work. Tables of 12 files with deleted rows, Delta and Iceberg, read in batches of 7
 * rows so that every file has several batches.
 */
class ParallelScanTest {

  private static final int FILES = 12;
  private static final int ROWS_PER_FILE = 40;
  private static final String DELTA = "delta_parallel";
  private static final String ICEBERG = "iceberg_parallel";

  @TempDir static Path warehouse;

  @BeforeAll
  static void writeTables() {
    List<List<Object>> rows = new ArrayList<>();
    for (long id = 0; id < FILES * ROWS_PER_FILE; id++) {
      rows.add(Arrays.asList(id, "s" + id, id % 5, id / 3.0, id / ROWS_PER_FILE));
    }
    StructType delta = new StructType().add("id", LongType.LONG).add("s", StringType.STRING)
        .add("g", LongType.LONG).add("d", DoubleType.DOUBLE).add("p", LongType.LONG);
    DeltaWriter.builder(warehouse.resolve(DELTA).toString(), delta).rowsPerFile(ROWS_PER_FILE).create(rows)
        .delete(new Predicate("=", new Column("g"), Literal.ofLong(1)));
    Schema iceberg = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "s", Types.StringType.get()),
        Types.NestedField.optional(3, "g", Types.LongType.get()),
        Types.NestedField.optional(4, "d", Types.DoubleType.get()),
        Types.NestedField.optional(5, "p", Types.LongType.get()));
    // one append of one file per partition: one manifest, so that planning lists the files in one order
    IcebergWriter writer = IcebergWriter.builder(warehouse.resolve(ICEBERG).toString(), iceberg)
        .partitionSpec(PartitionSpec.builderFor(iceberg).identity("p").build()).formatVersion(2).create();
    writer.append(rows);
    writer.deleteWhere(Expressions.equal("g", 1L));
    writer.deleteEqual(List.of("id", "p"), List.of(List.of(7L, 0L), List.of(250L, 6L), List.of(473L, 11L)));
  }

  @ParameterizedTest
  @ValueSource(strings = {DELTA, ICEBERG})
  void sameRowsInTheSameOrderWhateverTheThreads(String table) throws SQLException {
    List<String> queries = List.of(
        "SELECT * FROM " + table,
        "SELECT id, s FROM " + table + " WHERE id >= 100 AND s LIKE 's1%'",
        "SELECT id FROM " + table + " WHERE MOD(id, 7) = 3",
        "SELECT COUNT(*), SUM(id), MIN(s), MAX(s), MAX(d) FROM " + table,
        "SELECT COUNT(*), SUM(id) FROM " + table + " WHERE id BETWEEN 50 AND 400",
        "SELECT g, COUNT(*), SUM(id) FROM " + table + " GROUP BY g",
        "SELECT SUM(d) FROM " + table);
    try (Connection one = connect(";scan.threads=1"); Connection two = connect(";scan.threads=2");
        Connection four = connect(";scan.threads=4")) {
      for (String sql : queries) {
        List<String> sequential = QueryRows.rows(one, sql);
        String read = statistics(one);
        assertEquals(sequential, QueryRows.rows(two, sql), sql);
        assertEquals(sequential, QueryRows.rows(four, sql), sql);
        assertEquals(read, statistics(four), sql);
      }
      List<String> all = QueryRows.rows(four, "SELECT id FROM " + table);
      assertEquals(expectedIds(table), all.stream().map(Long::valueOf).sorted().toList());
      assertTrue(statistics(four).contains("opened=" + FILES), statistics(four));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {DELTA, ICEBERG})
  void closingEarlyFreesTheScan(String table) throws Exception {
    try (Connection c = connect(";scan.threads=4")) {
      LakehouseConnection lakehouse = c.unwrap(LakehouseConnection.class);
      try (Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
        for (int i = 0; i < 3; i++) {
          assertTrue(rs.next());
        }
        assertTrue(lakehouse.allocatedBytes() > 0, "scans in progress hold batches");
      }
      assertEquals(0, lakehouse.allocatedBytes());
      awaitScanThreadsIdle();
      // a limit the SQL layer applies, over a filter the scan does not evaluate
      assertEquals(3, QueryRows.rows(c, "SELECT id FROM " + table + " WHERE MOD(id, 7) = 3 LIMIT 3").size());
      assertEquals(0, lakehouse.allocatedBytes());
      awaitScanThreadsIdle();
      // a limit the scan applies reads one file at a time, on the calling thread
      assertEquals(5, QueryRows.rows(c, "SELECT * FROM " + table + " LIMIT 5").size());
      assertTrue(statistics(c).contains("opened=1 "), statistics(c));
      assertEquals(0, lakehouse.allocatedBytes());
    }
  }

  /**
   * Scans whose rows nobody reads, more than there are decode threads, hold none of them: their
   * files decode a few batches ahead and wait, and another query gets the threads.
   */
  @Test
  @Timeout(120)
  void resultSetsLeftUnreadHoldNoDecodeThread() throws Exception {
    try (Connection c = connect(";scan.threads=4")) {
      List<ResultSet> unread = new ArrayList<>();
      for (int i = 0; i <= Runtime.getRuntime().availableProcessors(); i++) {
        ResultSet rs = c.createStatement().executeQuery("SELECT * FROM " + DELTA);
        assertTrue(rs.next());
        unread.add(rs);
      }
      awaitScanThreadsIdle();
      assertEquals(expectedIds(ICEBERG).size(), QueryRows.rows(c, "SELECT id FROM " + ICEBERG).size());
      for (ResultSet rs : unread) {
        assertTrue(rs.next());
        rs.getStatement().close();
      }
      assertEquals(0, c.unwrap(LakehouseConnection.class).allocatedBytes());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {DELTA, ICEBERG})
  void cancellingStopsTheScanAndFreesIt(String table) throws Exception {
    try (Connection c = connect(";scan.threads=4")) {
      assertCancelStopsAndFrees(c, "SELECT * FROM " + table);
      // the connection goes on
      assertEquals(expectedIds(table).size(), QueryRows.rows(c, "SELECT id FROM " + table).size());
    }
  }

  /**
   * A cancel while the query runs, from another thread: how the server ends a query that outlasts
   * its timeout (the embedded driver has no timer of its own).
   */
  @Test
  void aCancelWhileTheQueryRunsStopsTheScansAndFreesThem() throws Exception {
    String endless = "SELECT COUNT(*) FROM \"lineitem_iceberg\" a CROSS JOIN \"lineitem_iceberg\" b";
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try (Connection c = DriverManager.getConnection(CorpusWarehouse.url() + ";scan.threads=4;batchSize=256");
        Statement statement = c.createStatement()) {
      timer.schedule(() -> {
        statement.cancel();
        return null;
      }, 500, TimeUnit.MILLISECONDS);
      long start = System.nanoTime();
      SQLException e = assertThrows(SQLException.class, () -> statement.executeQuery(endless).next());
      assertEquals("57014", e.getSQLState(), e.toString());
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "the cancel took too long to act");
      assertEquals(0, c.unwrap(LakehouseConnection.class).allocatedBytes());
      awaitScanThreadsIdle();
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void theMemoryLimitHoldsWithParallelDecoding() throws Exception {
    // rows in task order, and an aggregate that takes batches in any order
    Map<String, String> queries = Map.of(
        "SELECT * FROM \"lineitem_iceberg\"", "1m",
        "SELECT COUNT(*), MAX(\"l_comment\") FROM \"lineitem_iceberg\"", "256k");
    for (Map.Entry<String, String> query : queries.entrySet()) {
      String url = CorpusWarehouse.url() + ";scan.threads=4;memoryLimit=" + query.getValue();
      try (Connection c = DriverManager.getConnection(url)) {
        SQLException e = assertThrows(SQLException.class, () -> drain(c, query.getKey()));
        assertEquals("53200", e.getSQLState(), e.toString());
        assertTrue(e.getMessage().contains("memory limit of") && e.getMessage().contains("memoryLimit"), e.getMessage());
        assertEquals(0, c.unwrap(LakehouseConnection.class).allocatedBytes());
        awaitScanThreadsIdle();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-2", "two", ""})
  void scanThreadsMustBeAPositiveNumber(String value) {
    SQLException e = assertThrows(SQLException.class, () -> connect(";scan.threads=" + value).close());
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().contains("scan.threads must be a positive integer"), e.getMessage());
  }

  /**
   * The data file holding a table's last rows (in scan order) is corrupt: with any number of
   * threads the rows before it come and then the same error, naming the file.
   */
  @ParameterizedTest
  @ValueSource(strings = {"delta", "iceberg"})
  void aCorruptLaterFileFailsTheSameWay(String format, @TempDir Path copies) throws Exception {
    String table = format + "_parallel";
    Path corrupt;
    try (Connection c = connect(";scan.threads=1")) {
      List<String> ids = QueryRows.rows(c, "SELECT id FROM " + table);
      Path original = warehouse.resolve(table).toRealPath();
      corrupt = copies.resolve(table).resolve(original.relativize(fileWithUpperBound(c, table, ids.get(ids.size() - 1))).toString());
    }
    TableCopies.copyTree(warehouse.resolve(table), copies.resolve(table));
    Files.writeString(corrupt, "this is not a parquet file");
    String url = "jdbc:lakehouse:" + copies + ";relocate=true";
    List<String> outcomes = new ArrayList<>();
    for (int threads : new int[] {1, 4}) {
      try (Connection c = DriverManager.getConnection(url + ";scan.threads=" + threads)) {
        QueryRows.RowsThenError read = QueryRows.rowsThenError(c, "SELECT * FROM " + table);
        SQLException e = read.error();
        assertTrue(e.getMessage().contains(corrupt.getFileName().toString()), e.getMessage());
        assertTrue(read.rows() > 0, "rows before the corrupt file");
        outcomes.add(read.rows() + " rows, then " + e.getSQLState() + ": " + e.getMessage());
        assertEquals(0, c.unwrap(LakehouseConnection.class).allocatedBytes());
      }
    }
    assertEquals(outcomes.get(0), outcomes.get(1));
    awaitScanThreadsIdle();
  }

  /**
   * The second file (in scan order) is corrupt, and the files after it have decoded batches ahead
   * by the time the query reaches it: the failure frees them, although the failed result set is
   * left open (a scan whose first row fails has no result set to close at all).
   */
  @Test
  void aFailureFreesTheBatchesDecodedAhead(@TempDir Path copies) throws Exception {
    Path corrupt;
    try (Connection c = connect(";scan.threads=1")) {
      List<String> ids = QueryRows.rows(c, "SELECT id FROM " + DELTA);
      int perFile = ids.size() / FILES;
      Path original = warehouse.resolve(DELTA).toRealPath();
      corrupt = copies.resolve(DELTA).resolve(
          original.relativize(fileWithUpperBound(c, DELTA, ids.get(2 * perFile - 1))).toString());
    }
    TableCopies.copyTree(warehouse.resolve(DELTA), copies.resolve(DELTA));
    Files.writeString(corrupt, "this is not a parquet file");
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + copies + ";batchSize=7;scan.threads=4")) {
      ResultSet rs = c.createStatement().executeQuery("SELECT * FROM " + DELTA);
      assertTrue(rs.next());
      Thread.sleep(500); // the files after the corrupt one decode ahead meanwhile
      SQLException e = assertThrows(SQLException.class, () -> {
        while (rs.next()) {
          rs.getObject(1);
        }
      });
      assertTrue(e.getMessage().contains(corrupt.getFileName().toString()), e.getMessage());
      assertEquals(0, c.unwrap(LakehouseConnection.class).allocatedBytes(), e::toString);
      awaitScanThreadsIdle();
    }
  }

  /** Waits until every decode thread is idle in its pool (or gone). */
  /**
   * Cancelling {@code sql} after its first row ends the rows with SQLState 57014, frees all the
   * connection's memory and leaves no scan thread busy.
   */
  static void assertCancelStopsAndFrees(Connection c, String sql) throws Exception {
    Statement statement = c.createStatement();
    ResultSet rs = statement.executeQuery(sql);
    assertTrue(rs.next());
    statement.cancel();
    SQLException e = assertThrows(SQLException.class, () -> {
      while (rs.next()) {
        rs.getObject(1);
      }
    });
    assertEquals("57014", e.getSQLState(), e.toString());
    statement.close();
    assertEquals(0, c.unwrap(LakehouseConnection.class).allocatedBytes());
    awaitScanThreadsIdle();
  }

  static void awaitScanThreadsIdle() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      List<String> busy = new ArrayList<>();
      for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
        if (thread.getKey().getName().startsWith("lakehouse-scan-")
            && Arrays.stream(thread.getValue()).noneMatch(frame -> frame.getMethodName().equals("getTask"))) {
          busy.add(thread.getKey().getName() + Arrays.toString(thread.getValue()));
        }
      }
      if (busy.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        fail("decode threads still at work: " + busy);
      }
      Thread.sleep(10);
    }
  }

  private static List<Long> expectedIds(String table) {
    List<Long> ids = new ArrayList<>();
    for (long id = 0; id < FILES * ROWS_PER_FILE; id++) {
      boolean deleted = id % 5 == 1 || (table.equals(ICEBERG) && (id == 7 || id == 250 || id == 473));
      if (!deleted) {
        ids.add(id);
      }
    }
    return ids;
  }

  private static Connection connect(String properties) throws SQLException {
    return DriverManager.getConnection("jdbc:lakehouse:" + warehouse + ";batchSize=7" + properties);
  }

  private static String statistics(Connection c) throws SQLException {
    return c.unwrap(LakehouseConnection.class).lastQueryStatistics().toString();
  }

  private static void drain(Connection c, String sql) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        rs.getObject(1);
      }
    }
  }

  /** The data file whose statistics say its largest id is {@code id}. */
  private static Path fileWithUpperBound(Connection c, String table, String id) throws SQLException, IOException {
    try (ResultSet rs = c.createStatement().executeQuery("SELECT \"path\", \"upper_bounds\" FROM \"" + table + "$files\"")) {
      while (rs.next()) {
        if (id.equals(String.valueOf(((Map<?, ?>) rs.getObject(2)).get("id")))) {
          String path = rs.getString(1);
          return Path.of(path.startsWith("file:") ? java.net.URI.create(path).getPath() : path).toRealPath();
        }
      }
    }
    throw new AssertionError("no file of " + table + " ends at id " + id);
  }
}
