package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.ScanStatistics;
import io.lakehouse.engine.write.DeltaWriter;
import io.lakehouse.engine.write.IcebergWriter;
import io.lakehouse.jdbc.corpus.CorpusWarehouse;
import java.io.RandomAccessFile;
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
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One data file decoded on several threads: with {@code scan.threads} above 1 a file of at least
 * two {@code scan.splitSize}s is cut into parts by byte range, and the parts decode at once. Tables
 * of one file of 3000 ids in row groups of about 100 rows, sorted by id: an Iceberg one (cut where
 * its row groups begin, from the manifest's split offsets) with position deletes in many row
 * groups and all of row group 10, and a Delta one (cut by size, so inside row groups) after a
 * copy-on-write delete; and Impala's one-file Iceberg table of 200 row groups with 2114 position
 * deletes. Whatever the threads, the rows come in the same order, each row group is read once, the
 * statistics are those of a one-thread scan, and errors are the same; closing early and cancelling
 * free every part.
 */
class FileSplitsTest {

  private static final int ROWS = 3000;
  private static final String DELTA = "delta_one_file";
  private static final String ICEBERG = "iceberg_one_file";
  private static final String SPLIT = ";scan.splitSize=2k";

  @TempDir static Path warehouse;

  @BeforeAll
  static void writeTables() {
    List<List<Object>> rows = new ArrayList<>();
    for (long id = 0; id < ROWS; id++) {
      rows.add(Arrays.asList(id, "s" + id, id % 5, id / 3.0));
    }
    StructType delta = new StructType().add("id", LongType.LONG).add("s", StringType.STRING)
        .add("g", LongType.LONG).add("d", DoubleType.DOUBLE);
    // parquet-mr closes a row group once it holds this many bytes
    DeltaWriter.builder(warehouse.resolve(DELTA).toString(), delta)
        .storage(Storage.create(Map.of("parquet.block.size", "2048")))
        .create(rows)
        .delete(new Predicate("=", new Column("g"), Literal.ofLong(1)));
    Schema iceberg = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "s", Types.StringType.get()),
        Types.NestedField.optional(3, "g", Types.LongType.get()),
        Types.NestedField.optional(4, "d", Types.DoubleType.get()));
    IcebergWriter writer = IcebergWriter.builder(warehouse.resolve(ICEBERG).toString(), iceberg)
        .formatVersion(2)
        .property(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, "1")
        .property(TableProperties.PARQUET_ROW_GROUP_CHECK_MIN_RECORD_COUNT, "100")
        .property(TableProperties.PARQUET_ROW_GROUP_CHECK_MAX_RECORD_COUNT, "100")
        .create();
    writer.append(rows);
    Object[] deleted = LongStream.range(0, ROWS).filter(FileSplitsTest::deletedInIceberg).boxed().toArray();
    writer.deleteWhere(Expressions.in("id", deleted));
  }

  private static boolean deletedInIceberg(long id) {
    return id % 7 == 3 || (id >= 1000 && id < 1100);
  }

  /** The ids in {@code [from, to)} the Iceberg table's deletes leave, as the query gives them. */
  private static List<String> icebergIds(long from, long to) {
    return LongStream.range(from, to).filter(id -> !deletedInIceberg(id)).mapToObj(String::valueOf).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {DELTA, ICEBERG, "iceberg_lineitem_multiblock"})
  void sameRowsInTheSameOrderWhateverTheThreads(String table) throws SQLException {
    boolean corpus = !table.endsWith("one_file");
    String id = corpus ? "l_orderkey" : "id";
    String s = corpus ? "l_comment" : "s";
    List<String> queries = List.of(
        "SELECT * FROM " + table,
        "SELECT " + id + ", " + s + " FROM " + table + " WHERE MOD(" + id + ", 7) = 4",
        // statistics skip most row groups
        "SELECT " + id + ", " + s + " FROM " + table + " WHERE " + id + " >= 1234 AND " + id + " < 1789",
        // an ungrouped aggregate takes the parts' batches in any order
        "SELECT COUNT(*), SUM(" + id + "), MIN(" + s + "), MAX(" + s + ") FROM " + table,
        "SELECT MOD(" + id + ", 3), COUNT(*), SUM(" + id + ") FROM " + table + " GROUP BY MOD(" + id + ", 3)");
    // Impala's file has no split offsets and row groups of 6.6 KB: parts of 3 row groups or so
    String split = corpus ? ";scan.splitSize=20k" : SPLIT;
    try (Connection one = connect(table, ";scan.threads=1" + split);
        Connection two = connect(table, ";scan.threads=2" + split);
        Connection four = connect(table, ";scan.threads=4" + split)) {
      for (String sql : queries) {
        List<String> sequential = QueryRows.rows(one, sql);
        String read = statistics(one).toString();
        assertEquals(sequential, QueryRows.rows(two, sql), sql);
        assertEquals(read, statistics(two).toString(), sql);
        assertEquals(sequential, QueryRows.rows(four, sql), sql);
        assertEquals(read, statistics(four).toString(), sql);
        assertTrue(read.contains("opened=1 "), read);
      }
    }
  }

  /** The answers the writers' rows and deletes give, and the row groups read to give them. */
  @Test
  void eachRowGroupIsReadOrSkippedOnce() throws SQLException {
    try (Connection c = connect(ICEBERG, ";scan.threads=4" + SPLIT)) {
      List<String> ids = QueryRows.rows(c, "SELECT id FROM " + ICEBERG);
      assertEquals(icebergIds(0, ROWS), ids);
      ScanStatistics read = statistics(c);
      // row group 10 is all deleted: the page index and the deletes leave none of its pages
      assertEquals(29, read.rowGroupsRead(), read::toString);
      assertEquals(1, read.rowGroupsSkipped(), read::toString);
      assertEquals(ROWS - 100, read.rowsDecoded(), read::toString);
      String sql = "SELECT id FROM " + ICEBERG + " WHERE id >= 1234 AND id < 1789";
      List<String> kept = QueryRows.rows(c, sql);
      assertEquals(icebergIds(1234, 1789), kept);
      read = statistics(c);
      assertEquals(6, read.rowGroupsRead(), read::toString);
      assertEquals(24, read.rowGroupsSkipped(), read::toString);
      // EXPLAIN counts the file and its row groups once, as the query read them
      String plan = QueryRows.rows(c, "EXPLAIN PLAN FOR " + sql).get(0);
      assertTrue(plan.contains("files=[1/1], rowGroups=[6/30]"), plan);
    }
    try (Connection c = connect(DELTA, ";scan.threads=4" + SPLIT)) {
      List<String> ids = QueryRows.rows(c, "SELECT id FROM " + DELTA);
      assertEquals(LongStream.range(0, ROWS).filter(id -> id % 5 != 1).mapToObj(String::valueOf).toList(), ids);
      ScanStatistics read = statistics(c);
      assertEquals(ROWS * 4 / 5, read.rowsDecoded(), read::toString);
      assertTrue(read.rowGroupsRead() >= 10, read::toString);
    }
  }

  /**
   * The parts really decode at once: after the first row, each part open has decoded its batches
   * ahead, where the whole file would have decoded a few batches only.
   */
  @ParameterizedTest
  @ValueSource(strings = {DELTA, ICEBERG})
  void aOneFileTableDecodesOnSeveralThreads(String table) throws Exception {
    long[] decodedAhead = new long[2];
    String[] settings = {"", SPLIT};
    for (int i = 0; i < 2; i++) {
      try (Connection c = connect(table, ";scan.threads=4" + settings[i]);
          Statement statement = c.createStatement();
          ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
        assertTrue(rs.next());
        ParallelScanTest.awaitScanThreadsIdle();
        decodedAhead[i] = statistics(c).rowsDecoded();
      }
    }
    // batches of 16 rows: the whole file decodes the batch read and 3 ahead; four parts 4 + 3 × 3
    assertTrue(decodedAhead[0] <= 5 * 16, Arrays.toString(decodedAhead));
    assertTrue(decodedAhead[1] >= 10 * 16, Arrays.toString(decodedAhead));
  }

  @ParameterizedTest
  @ValueSource(strings = {DELTA, ICEBERG})
  void closingEarlyFreesEveryPart(String table) throws Exception {
    try (Connection c = connect(table, ";scan.threads=4" + SPLIT)) {
      LakehouseConnection lakehouse = c.unwrap(LakehouseConnection.class);
      try (Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
        for (int i = 0; i < 3; i++) {
          assertTrue(rs.next());
        }
        assertTrue(lakehouse.allocatedBytes() > 0, "parts in progress hold batches");
      }
      assertEquals(0, lakehouse.allocatedBytes());
      ParallelScanTest.awaitScanThreadsIdle();
      // a limit the scan applies reads the file whole, on the calling thread
      assertEquals(5, QueryRows.rows(c, "SELECT * FROM " + table + " LIMIT 5").size());
      assertTrue(statistics(c).toString().contains("opened=1 "), statistics(c)::toString);
      assertTrue(statistics(c).rowsDecoded() <= 16, statistics(c)::toString);
      assertEquals(0, lakehouse.allocatedBytes());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {DELTA, ICEBERG})
  void cancellingStopsEveryPart(String table) throws Exception {
    try (Connection c = connect(table, ";scan.threads=4" + SPLIT)) {
      ParallelScanTest.assertCancelStopsAndFrees(c, "SELECT * FROM " + table);
    }
  }

  /**
   * A row group in the middle of the file is corrupt (its first page header overwritten): with
   * any number of threads the rows of the row groups before it come, then the same error naming
   * the file.
   */
  @Test
  void aCorruptRowGroupFailsAsInAOneThreadScan(@TempDir Path copies) throws Exception {
    TableCopies.copyTree(warehouse.resolve(ICEBERG), copies.resolve(ICEBERG));
    Path data;
    try (Stream<Path> files = Files.walk(copies.resolve(ICEBERG).resolve("data"))) {
      // the data file, not the position delete file beside it
      data = files.filter(p -> p.toString().endsWith(".parquet"))
          .max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
    }
    List<BlockMetaData> rowGroups;
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
        new org.apache.hadoop.fs.Path(data.toUri()), new org.apache.hadoop.conf.Configuration()))) {
      rowGroups = reader.getRowGroups();
    }
    assertEquals(30, rowGroups.size());
    try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
      file.seek(rowGroups.get(15).getStartingPos());
      byte[] garbage = new byte[64];
      Arrays.fill(garbage, (byte) 0xff);
      file.write(garbage);
    }
    String url = "jdbc:lakehouse:" + copies + ";relocate=true;batchSize=16" + SPLIT;
    long before = icebergIds(0, 1500).size();
    List<String> outcomes = new ArrayList<>();
    for (int threads : new int[] {1, 4}) {
      try (Connection c = DriverManager.getConnection(url + ";scan.threads=" + threads)) {
        QueryRows.RowsThenError read = QueryRows.rowsThenError(c, "SELECT * FROM " + ICEBERG);
        SQLException e = read.error();
        assertTrue(e.getMessage().contains(data.getFileName().toString()), e.getMessage());
        // the result set may hold back the last row when fetching the next fails
        assertTrue(read.rows() == before || read.rows() == before - 1, read.rows() + " rows, then " + e);
        outcomes.add(read.rows() + " rows, then " + e.getSQLState() + ": " + e.getMessage());
        assertEquals(0, c.unwrap(LakehouseConnection.class).allocatedBytes());
      }
    }
    assertEquals(outcomes.get(0), outcomes.get(1));
    ParallelScanTest.awaitScanThreadsIdle();
  }

  /** A file that is not Parquet at all: every part fails to open, and the query sees one error. */
  @Test
  void aFileThatIsNotParquetFailsOnce(@TempDir Path copies) throws Exception {
    TableCopies.copyTree(warehouse.resolve(DELTA), copies.resolve(DELTA));
    Path data;
    // the live file, not the one the copy-on-write delete replaced
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + copies);
        ResultSet rs = c.createStatement().executeQuery("SELECT \"path\" FROM \"" + DELTA + "$files\"")) {
      assertTrue(rs.next());
      String path = rs.getString(1);
      data = Path.of(path.startsWith("file:") ? java.net.URI.create(path).getPath() : path);
      assertTrue(!rs.next(), "one data file");
    }
    Files.writeString(data, "this is not a parquet file");
    List<String> outcomes = new ArrayList<>();
    for (int threads : new int[] {1, 4}) {
      try (Connection c = DriverManager.getConnection(
          "jdbc:lakehouse:" + copies + ";batchSize=16" + SPLIT + ";scan.threads=" + threads)) {
        for (String sql : List.of("SELECT * FROM " + DELTA, "SELECT COUNT(*), SUM(id) FROM " + DELTA)) {
          SQLException e = assertThrows(SQLException.class, () -> QueryRows.rows(c, sql));
          assertTrue(e.getMessage().contains(data.getFileName().toString()), e.getMessage());
          assertEquals(0, e.getSuppressed().length, e::toString);
          outcomes.add(e.getSQLState() + ": " + e.getMessage());
        }
        assertEquals(0, c.unwrap(LakehouseConnection.class).allocatedBytes());
      }
    }
    assertEquals(outcomes.subList(0, 2), outcomes.subList(2, 4));
    ParallelScanTest.awaitScanThreadsIdle();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "big", "1t"})
  void splitSizeMustBeAPositiveSize(String value) {
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:lakehouse:" + warehouse + ";scan.splitSize=" + value).close());
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().contains("scan.splitSize must be a positive size"), e.getMessage());
  }

  private static Connection connect(String table, String properties) throws SQLException {
    String base = table.endsWith("one_file") ? "jdbc:lakehouse:" + warehouse : CorpusWarehouse.url();
    return DriverManager.getConnection(base + ";batchSize=16" + properties);
  }

  private static ScanStatistics statistics(Connection c) throws SQLException {
    return c.unwrap(LakehouseConnection.class).lastQueryStatistics();
  }
}
