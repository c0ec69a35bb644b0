package io.lakehouse.server.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.hadoop.HadoopTables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generates the sample warehouse once and queries it through the JDBC driver. */
class SampleWarehouseTest {

  @TempDir static Path dir;
  private static Connection connection;

  @BeforeAll
  static void generate() throws IOException, SQLException {
    SampleWarehouse.generate(dir.resolve("warehouse"));
    connection = DriverManager.getConnection("jdbc:lakehouse:" + dir.resolve("warehouse"));
  }

  @AfterAll
  static void close() throws SQLException {
    connection.close();
  }

  private static List<List<Object>> query(Connection c, String sql) throws SQLException {
    try (Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<List<Object>> rows = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  private static List<List<Object>> query(String sql) throws SQLException {
    return query(connection, sql);
  }

  private static long count(String sql) throws SQLException {
    return ((Number) query(sql).get(0).get(0)).longValue();
  }

  /** {@code group value → count} of a two-column GROUP BY query. */
  private static Map<String, Long> counts(String sql) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (List<Object> row : query(sql)) {
      counts.put(String.valueOf(row.get(0)), ((Number) row.get(1)).longValue());
    }
    return counts;
  }

  @Test
  void ordersHaveThreeVersions() throws SQLException {
    int all = SampleWarehouse.JANUARY_ORDERS + SampleWarehouse.FEBRUARY_ORDERS;
    assertEquals(SampleWarehouse.JANUARY_ORDERS, count("SELECT COUNT(*) FROM orders FOR VERSION AS OF 0"));
    Map<String, Long> beforeDelete =
        counts("SELECT status, COUNT(*) FROM orders FOR VERSION AS OF 1 GROUP BY status ORDER BY status");
    assertEquals(all, beforeDelete.values().stream().mapToLong(Long::longValue).sum());
    assertTrue(beforeDelete.get("cancelled") > 100, beforeDelete::toString);

    Map<String, Long> latest = counts("SELECT status, COUNT(*) FROM orders GROUP BY status ORDER BY status");
    Map<String, Long> expected = new LinkedHashMap<>(beforeDelete);
    expected.remove("cancelled");
    assertEquals(expected, latest, "version 2 deleted exactly the cancelled orders");
    assertEquals(latest, counts("SELECT status, COUNT(*) FROM orders FOR VERSION AS OF 2 GROUP BY status ORDER BY status"));
    SQLException e = assertThrows(SQLException.class, () -> query("SELECT * FROM orders FOR VERSION AS OF 3"));
    assertTrue(e.getMessage().contains("versions 0–2 exist"), e.getMessage());
  }

  @Test
  void pageViewsArePartitionedByDate() throws IOException, SQLException {
    assertEquals(31 * SampleWarehouse.PAGE_VIEWS_PER_DAY, count("SELECT COUNT(*) FROM page_views"));
    assertEquals(31, count("SELECT COUNT(DISTINCT view_date) FROM page_views"));
    assertEquals(15, count("SELECT COUNT(DISTINCT view_date) FROM page_views FOR VERSION AS OF 0"));
    assertEquals(Map.of("2024-03-31", (long) SampleWarehouse.PAGE_VIEWS_PER_DAY),
        counts("SELECT CAST(view_date AS VARCHAR), COUNT(*) FROM page_views WHERE view_date > DATE '2024-03-30'"
            + " GROUP BY view_date"));
    try (Stream<Path> partitions = Files.list(dir.resolve("warehouse/page_views"))) {
      assertEquals(31, partitions.filter(p -> p.getFileName().toString().startsWith("view_date=")).count());
    }
  }

  @Test
  void paymentsHaveATagABranchAndBothKindsOfDeletes() throws SQLException {
    Table table = new HadoopTables(new Configuration()).load(dir.resolve("warehouse/payments").toString());
    List<Snapshot> snapshots = new ArrayList<>();
    table.snapshots().forEach(snapshots::add);
    assertEquals(List.of("append", "append", "delete", "delete", "append"),
        snapshots.stream().map(Snapshot::operation).toList());
    assertEquals("2", snapshots.get(2).summary().get("added-position-delete-files"), "one per data file");
    assertEquals("1", snapshots.get(3).summary().get("added-equality-delete-files"));
    long bothAppends = snapshots.get(1).snapshotId();

    int payments = 2 * SampleWarehouse.PAYMENTS_PER_APPEND;
    assertEquals(SampleWarehouse.PAYMENTS_PER_APPEND, count("SELECT COUNT(*) FROM payments FOR VERSION AS OF 'first'"));
    assertEquals(payments, count("SELECT COUNT(*) FROM payments FOR VERSION AS OF " + bothAppends));
    Map<String, Long> methods = counts("SELECT payment_method, COUNT(*) FROM payments FOR VERSION AS OF " + bothAppends
        + " GROUP BY payment_method");
    Map<String, Long> erased = counts("SELECT payment_method, COUNT(*) FROM payments FOR VERSION AS OF " + bothAppends
        + " WHERE payment_id IN (7, 42, 1999) GROUP BY payment_method");
    assertEquals(SampleWarehouse.ERASED_PAYMENT_IDS.size(), erased.values().stream().mapToLong(Long::longValue).sum());
    long erasedOtherThanVouchers = erased.entrySet().stream()
        .filter(entry -> !entry.getKey().equals("voucher")).mapToLong(Map.Entry::getValue).sum();

    long main = payments - methods.get("voucher") - erasedOtherThanVouchers;
    assertEquals(main, count("SELECT COUNT(*) FROM payments"));
    assertFalse(counts("SELECT payment_method, COUNT(*) FROM payments GROUP BY payment_method").containsKey("voucher"));
    assertEquals(0, count("SELECT COUNT(*) FROM payments WHERE payment_id IN (7, 42, 1999)"));

    assertEquals(main + SampleWarehouse.REFUNDS, count("SELECT COUNT(*) FROM payments FOR VERSION AS OF 'audit'"));
    assertTrue(((BigDecimal) query("SELECT MIN(amount) FROM payments FOR VERSION AS OF 'audit'").get(0).get(0)).signum() < 0);
    assertTrue(((BigDecimal) query("SELECT MIN(amount) FROM payments").get(0).get(0)).signum() > 0, "refunds are on audit only");
  }

  @Test
  void sensorReadingsHaveAHiddenDayPartition() throws IOException, SQLException {
    int perDay = 24 * SampleWarehouse.SENSORS;
    assertEquals(SampleWarehouse.SENSOR_DAYS * perDay, count("SELECT COUNT(*) FROM sensor_readings"));
    List<List<Object>> days = query(
        "SELECT CAST(ts AS DATE), COUNT(*) FROM sensor_readings GROUP BY CAST(ts AS DATE) ORDER BY 1");
    assertEquals(SampleWarehouse.SENSOR_DAYS, days.size());
    assertTrue(days.stream().allMatch(day -> ((Number) day.get(1)).longValue() == perDay), days::toString);
    try (Stream<Path> partitions = Files.list(dir.resolve("warehouse/sensor_readings/data"))) {
      assertEquals(SampleWarehouse.SENSOR_DAYS, partitions.filter(p -> p.getFileName().toString().startsWith("ts_day=")).count());
    }
  }

  @Test
  void everyTourQueryReturnsRows() throws IOException, SQLException {
    String tour;
    try (InputStream in = SampleWarehouse.class.getResourceAsStream("tour.sql")) {
      tour = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> statements = Stream.of(tour.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    assertEquals(6, statements.size());
    for (String sql : statements) {
      assertFalse(query(sql).isEmpty(), sql);
    }
  }

  @Test
  void generatingAgainGivesTheSameRows() throws IOException, SQLException {
    SampleWarehouse.generate(dir.resolve("again"));
    String[] queries = {
      "SELECT * FROM orders ORDER BY order_id",
      "SELECT * FROM orders FOR VERSION AS OF 1 ORDER BY order_id",
      "SELECT * FROM page_views ORDER BY view_date, user_id, page, duration_ms",
      "SELECT * FROM payments FOR VERSION AS OF 'audit' ORDER BY payment_id",
      "SELECT * FROM sensor_readings ORDER BY ts, sensor_id"
    };
    try (Connection again = DriverManager.getConnection("jdbc:lakehouse:" + dir.resolve("again"))) {
      for (String sql : queries) {
        assertEquals(query(sql), query(again, sql), sql);
      }
    }
  }

  @Test
  void refusesADirectoryThatIsNotEmpty() {
    IOException e = assertThrows(IOException.class, () -> SampleWarehouse.generate(dir.resolve("warehouse")));
    assertTrue(e.getMessage().contains("it is not empty"), e.getMessage());
  }
}
