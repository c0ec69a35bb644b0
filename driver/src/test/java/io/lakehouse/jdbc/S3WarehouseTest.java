package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.io.S3ProxyServer;
import io.lakehouse.jdbc.corpus.CorpusWarehouse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A warehouse in an S3-compatible store (S3Proxy on 127.0.0.1): corpus tables uploaded under
 * {@code s3://lake/wh/} read through {@code jdbc:lakehouse:s3://...} give the same rows as the same
 * tables read from the local directory; time travel works there; bad credentials, a missing
 * bucket and a missing table give clear errors.
 */
class S3WarehouseTest {

  private static final String BUCKET = "lake";
  private static final List<String> DELTA = List.of("dat-basic_append", "dat-basic_partitioned", "basic-dv-with-checkpoint");
  private static final List<String> ICEBERG =
      List.of(
          "iceberg_v2_delete_positional", "iceberg_non_partitioned",
          "iceberg_v2_positional_not_all_data_files_have_delete_files",
          // several row groups per file: the next one is fetched while one decodes
          "iceberg_lineitem_multiblock", "dremio_multi_rowgroup_orders_with_deletes");
  /** A table in a schema directory: {@code s3://lake/wh/sales/<it>}. */
  private static final String IN_SCHEMA = "dat-basic_append";

  private static S3ProxyServer s3;

  @BeforeAll
  static void upload() {
    s3 = S3ProxyServer.shared();
    s3.createBucket(BUCKET);
    Path tables = CorpusWarehouse.shared().resolve("tables");
    for (String table : DELTA) {
      s3.upload(tables.resolve("delta").resolve(table).resolve("table"), BUCKET, "wh/" + table);
    }
    for (String table : ICEBERG) {
      s3.upload(tables.resolve("iceberg").resolve(table).resolve("table"), BUCKET, "wh/" + table);
    }
    s3.upload(tables.resolve("delta").resolve(IN_SCHEMA).resolve("table"), BUCKET, "wh/sales/" + IN_SCHEMA);
  }

  private static String url(String warehouse) {
    return "jdbc:lakehouse:" + warehouse + ";relocate=true" + s3.urlProperties();
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(url("s3://" + BUCKET + "/wh"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dat-basic_append", "dat-basic_partitioned", "basic-dv-with-checkpoint",
        "iceberg_v2_delete_positional", "iceberg_non_partitioned",
        "iceberg_v2_positional_not_all_data_files_have_delete_files",
        "iceberg_lineitem_multiblock", "dremio_multi_rowgroup_orders_with_deletes"
      })
  void tableReadsAsFromTheLocalDirectory(String table) throws SQLException {
    String sql = "SELECT * FROM \"" + table + "\"";
    List<String> remote;
    try (Connection c = connect()) {
      remote = rows(c, sql);
    }
    List<String> local;
    try (Connection c = DriverManager.getConnection(CorpusWarehouse.url())) {
      local = rows(c, sql);
    }
    assertFalse(local.isEmpty() && !table.contains("delete_all"), "the local read of " + table + " is empty");
    assertEquals(local, remote);
  }

  @Test
  void schemasAndTablesAreListedFromPrefixes() throws SQLException {
    try (Connection c = connect()) {
      Map<String, String> remarks = new TreeMap<>();
      try (ResultSet rs = c.getMetaData().getTables(null, null, "%", null)) {
        while (rs.next()) {
          remarks.put(rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME"), rs.getString("REMARKS"));
        }
      }
      assertEquals("Delta table at s3://lake/wh/dat-basic_append", remarks.get("default.dat-basic_append"));
      assertEquals(
          "Iceberg table at s3://lake/wh/iceberg_non_partitioned", remarks.get("default.iceberg_non_partitioned"));
      assertEquals("Delta table at s3://lake/wh/sales/dat-basic_append", remarks.get("sales.dat-basic_append"));
      assertEquals(
          rows(c, "SELECT * FROM \"dat-basic_append\""), rows(c, "SELECT * FROM sales.\"dat-basic_append\""));
    }
  }

  @Test
  void s3aSchemeReadsTheSameTables() throws SQLException {
    try (Connection c = DriverManager.getConnection(url("s3a://" + BUCKET + "/wh/"));
        Connection s3c = connect()) {
      String sql = "SELECT * FROM \"iceberg_v2_delete_positional\"";
      assertEquals(rows(s3c, sql), rows(c, sql));
    }
  }

  @Test
  void deltaTimeTravelByVersion() throws SQLException {
    String v0 = "SELECT * FROM \"dat-basic_append\" FOR VERSION AS OF 0";
    try (Connection remote = connect();
        Connection local = DriverManager.getConnection(CorpusWarehouse.url())) {
      List<String> rows = rows(remote, v0);
      assertEquals(rows(local, v0), rows);
      assertTrue(rows.size() < rows(remote, "SELECT * FROM \"dat-basic_append\"").size());
      SQLException e = assertThrows(SQLException.class, () -> rows(remote, "SELECT * FROM \"dat-basic_append\" FOR VERSION AS OF 7"));
      assertTrue(e.getMessage().contains("has no version 7"), e.getMessage());
    }
  }

  @Test
  void icebergTimeTravelBySnapshot() throws SQLException {
    String table = "\"iceberg_v2_delete_positional\"";
    try (Connection remote = connect();
        Connection local = DriverManager.getConnection(CorpusWarehouse.url())) {
      assertEquals(2, rows(remote, "SELECT version FROM \"iceberg_v2_delete_positional$snapshots\"").size());
      List<String> first = rows(remote, "SELECT version FROM \"iceberg_v2_delete_positional$snapshots\" WHERE parent IS NULL");
      assertEquals(1, first.size());
      String atFirst = "SELECT * FROM " + table + " FOR VERSION AS OF " + first.get(0);
      assertEquals(rows(local, atFirst), rows(remote, atFirst));
      assertEquals(3, rows(remote, atFirst).size());
      assertEquals(2, rows(remote, "SELECT * FROM " + table).size());
    }
  }

  @Test
  void wrongSecretIsRefusedNamingTheEndpointAndBucket() {
    String url = "jdbc:lakehouse:s3://" + BUCKET + "/wh;s3.endpoint=" + s3.endpoint()
        + ";s3.pathStyleAccess=true;s3.region=us-east-1;s3.accessKeyId=" + S3ProxyServer.ACCESS_KEY
        + ";s3.secretAccessKey=wrong";
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url));
    assertEquals("28000", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains(s3.endpoint()), e.getMessage());
    assertTrue(e.getMessage().contains("refused the credentials"), e.getMessage());
    assertTrue(e.getMessage().contains("'" + BUCKET + "'"), e.getMessage());
  }

  @Test
  void unknownKeyIsRefused() {
    String url = "jdbc:lakehouse:s3://" + BUCKET + "/wh;s3.endpoint=" + s3.endpoint()
        + ";s3.pathStyleAccess=true;s3.accessKeyId=nobody;s3.secretAccessKey=nothing";
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url));
    assertEquals("28000", e.getSQLState(), e.getMessage());
  }

  @Test
  void missingBucketIsNamed() {
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url("s3://no-such-bucket/wh")));
    assertEquals("42704", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains("Bucket 'no-such-bucket' does not exist at " + s3.endpoint()), e.getMessage());
  }

  @Test
  void emptyPrefixIsNamed() {
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url("s3://lake/nothing-here")));
    assertTrue(e.getMessage().contains("s3://lake/nothing-here holds nothing"), e.getMessage());
  }

  @Test
  void unreachableEndpointIsNamed() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + port;
    String url = "jdbc:lakehouse:s3://lake/wh;s3.endpoint=" + endpoint + ";s3.pathStyleAccess=true;s3.accessKeyId=a;s3.secretAccessKey=b";
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url));
    assertEquals("08001", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains("Cannot reach S3 at " + endpoint), e.getMessage());
  }

  @Test
  void missingTableIsNamed() throws SQLException {
    try (Connection c = connect()) {
      SQLException e = assertThrows(SQLException.class, () -> rows(c, "SELECT * FROM nope"));
      assertTrue(e.getMessage().contains("'NOPE' not found") || e.getMessage().contains("'nope' not found"), e.getMessage());
    }
  }

  @Test
  void badS3PropertiesAreRejected() {
    SQLException e = assertThrows(
        SQLException.class,
        () -> DriverManager.getConnection("jdbc:lakehouse:s3://lake/wh;s3.endpoint=127.0.0.1:9000"));
    assertTrue(e.getMessage().contains("must be an http:// or https:// URI"), e.getMessage());
    e = assertThrows(
        SQLException.class,
        () -> DriverManager.getConnection("jdbc:lakehouse:s3://lake/wh;s3.accessKeyId=x"));
    assertTrue(e.getMessage().contains("both an access key id and a secret access key"), e.getMessage());
  }

  /** The rows of a query, each as its values' text joined by '|', sorted. */
  static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
    }
    Collections.sort(rows);
    return rows;
  }
}
