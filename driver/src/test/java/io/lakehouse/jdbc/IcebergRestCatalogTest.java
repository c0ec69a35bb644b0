package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.io.S3ProxyServer;
import io.lakehouse.engine.io.S3Requests;
import io.lakehouse.engine.write.IcebergWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An Iceberg REST catalog: iceberg-core's reference server on 127.0.0.1 (see {@link
 * RestCatalogServer}) over a JDBC catalog whose tables iceberg-core wrote to S3Proxy. The
 * connections name no S3 endpoint or keys: they read with what the server vends per table.
 * Namespaces (nested ones too) are schemas; tables are read in full, filtered and with time travel;
 * a commit made after connecting is seen; bad credentials, an unreachable server and unknown or
 * dropped tables give clear errors.
 */
class IcebergRestCatalogTest {

  private static final String BUCKET = "rest-catalog";
  private static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "region", Types.StringType.get()));
  private static final TableIdentifier ORDERS = TableIdentifier.of("sales", "orders");

  @TempDir static Path dir;

  private static JdbcCatalog served;
  private static RestCatalogServer server;
  private static String warehouse;
  private static long firstOrdersSnapshot;

  @BeforeAll
  static void startServer() throws Exception {
    server = RestCatalogServer.overJdbcCatalog(dir, BUCKET);
    served = server.catalog();
    warehouse = server.warehouse();
    served.createNamespace(Namespace.of("sales"));
    served.createNamespace(Namespace.of("sales", "eu"));
    served.createNamespace(Namespace.of("hr"));
    Table orders = served.createTable(ORDERS, SCHEMA);
    firstOrdersSnapshot = IcebergWriter.of(orders).append(rows(0, 5));
    IcebergWriter.of(served.loadTable(ORDERS)).append(rows(5, 10));
    Table refunds = served.createTable(TableIdentifier.of(Namespace.of("sales", "eu"), "refunds"), SCHEMA);
    IcebergWriter.of(refunds).append(rows(100, 103));
    served.createTable(TableIdentifier.of("hr", "people"), SCHEMA);
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void vendAsUsual() {
    server.vending(RestCatalogServer.Vending.CONFIG);
  }

  private static List<List<Object>> rows(long from, long to) {
    List<List<Object>> rows = new ArrayList<>();
    for (long i = from; i < to; i++) {
      rows.add(Arrays.asList(i, "r" + (i % 3)));
    }
    return rows;
  }

  /** A connection to the REST catalog with no S3 settings of its own. */
  private static Connection connect(String auth) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:lakehouse:" + warehouse + ";iceberg.catalog=rest;iceberg.catalogName=shop;iceberg.uri=" + server.uri()
            + auth);
  }

  @Test
  void namespacesAreSchemasAndTablesAreReadWithVendedCredentials() throws Exception {
    try (Connection c = connect(";iceberg.token=" + RestCatalogServer.TOKEN)) {
      assertEquals(List.of("hr", "sales", "sales.eu"), QueryRows.schemas(c));
      assertEquals(
          List.of(
              "hr.people: Iceberg table hr.people of REST catalog 'shop'",
              "sales.eu.refunds: Iceberg table sales.eu.refunds of REST catalog 'shop'",
              "sales.orders: Iceberg table sales.orders of REST catalog 'shop'"),
          QueryRows.tablesWithRemarks(c));

      S3Requests requests = c.unwrap(LakehouseConnection.class).s3Requests();
      List<String> all = new ArrayList<>();
      for (List<Object> row : rows(0, 10)) {
        all.add(row.get(0) + "|" + row.get(1));
      }
      all.sort(null);
      assertEquals(all, S3WarehouseTest.rows(c, "SELECT id, region FROM sales.orders"));
      assertEquals(List.of("4|r1", "7|r1"), S3WarehouseTest.rows(c, "SELECT id, region FROM sales.orders WHERE region = 'r1' AND id BETWEEN 3 AND 8"));
      assertEquals(List.of("5"), S3WarehouseTest.rows(c, "SELECT count(*) FROM sales.orders FOR VERSION AS OF " + firstOrdersSnapshot));
      assertEquals(List.of("100|r1", "101|r2", "102|r0"), S3WarehouseTest.rows(c, "SELECT id, region FROM \"sales.eu\".refunds"));
      assertEquals(List.of("0"), S3WarehouseTest.rows(c, "SELECT count(*) FROM hr.people"));
      // the connection has no endpoint of its own: these went to S3Proxy, where the server said
      List<S3Requests.Request> parquet = requests.matching(r -> r.key() != null && r.key().endsWith(".parquet"));
      assertFalse(parquet.isEmpty());
      assertTrue(requests.all().stream().allMatch(r -> BUCKET.equals(r.bucket()) && r.status() / 100 == 2), requests.all().toString());

      IcebergWriter.of(served.loadTable(ORDERS)).append(rows(10, 12));
      assertEquals(List.of("12"), S3WarehouseTest.rows(c, "SELECT count(*) FROM sales.orders"));
      assertEquals(List.of("11|r2"), S3WarehouseTest.rows(c, "SELECT id, region FROM sales.orders WHERE id = 11"));
      assertEquals(List.of("5"), S3WarehouseTest.rows(c, "SELECT count(*) FROM sales.orders FOR VERSION AS OF " + firstOrdersSnapshot));
    }
  }

  @Test
  void storageCredentialsForTheBucketAreUsed() throws SQLException {
    server.vending(RestCatalogServer.Vending.STORAGE_CREDENTIALS);
    try (Connection c = connect(";iceberg.token=" + RestCatalogServer.TOKEN)) {
      assertEquals(List.of("100|r1", "101|r2", "102|r0"), S3WarehouseTest.rows(c, "SELECT id, region FROM \"sales.eu\".refunds"));
    }
  }

  @Test
  void whatIsNotVendedComesFromTheConnection() throws SQLException {
    server.vending(RestCatalogServer.Vending.KEYS_ONLY);
    S3ProxyServer s3 = S3ProxyServer.shared();
    String place = ";s3.endpoint=" + s3.endpoint() + ";s3.region=" + S3ProxyServer.REGION + ";s3.pathStyleAccess=true";
    try (Connection c = connect(";iceberg.token=" + RestCatalogServer.TOKEN + place)) {
      assertEquals(List.of("100|r1", "101|r2", "102|r0"), S3WarehouseTest.rows(c, "SELECT id, region FROM \"sales.eu\".refunds"));
    }
  }

  @Test
  void readsUseTheVendedKeys() throws SQLException {
    server.vending(RestCatalogServer.Vending.WRONG_SECRET);
    try (Connection c = connect(";iceberg.token=" + RestCatalogServer.TOKEN)) {
      SQLException e = assertThrows(SQLException.class, () -> S3WarehouseTest.rows(c, "SELECT id FROM sales.orders WHERE id = 3"));
      assertEquals("28000", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("credentials the catalog hands out"), e.getMessage());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      ";iceberg.credential=" + RestCatalogServer.CREDENTIAL,
      ";iceberg.token=" + RestCatalogServer.TOKEN,
      ";iceberg.rest.token=" + RestCatalogServer.TOKEN})
  void credentialsAreAccepted(String auth) throws SQLException {
    try (Connection c = connect(auth)) {
      assertEquals(List.of("3"), S3WarehouseTest.rows(c, "SELECT count(*) FROM \"sales.eu\".refunds"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      ";iceberg.token=not-the-token",
      ";iceberg.credential=" + RestCatalogServer.CLIENT_ID + ":not-the-secret",
      ";iceberg.credential=someone-else:" + RestCatalogServer.CLIENT_SECRET})
  void refusedCredentialsAre28000(String auth) {
    SQLException e = assertThrows(SQLException.class, () -> connect(auth).close());
    assertEquals("28000", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains("Access denied by the Iceberg REST catalog 'shop' at " + server.uri()), e.getMessage());
  }

  @Test
  void unreachableCatalogIs08001() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String uri = "http://127.0.0.1:" + port;
    SQLException e = assertThrows(
        SQLException.class,
        () -> DriverManager.getConnection("jdbc:lakehouse:;iceberg.catalog=rest;iceberg.uri=" + uri).close());
    assertEquals("08001", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains("Cannot reach the Iceberg REST catalog 'default' at " + uri), e.getMessage());
  }

  @Test
  void unknownAndDroppedTablesAreNamed() throws SQLException {
    TableIdentifier temporary = TableIdentifier.of("hr", "temporary");
    served.createTable(temporary, SCHEMA);
    try (Connection c = connect(";iceberg.token=" + RestCatalogServer.TOKEN)) {
      SQLException unknown = assertThrows(SQLException.class, () -> S3WarehouseTest.rows(c, "SELECT * FROM sales.nope"));
      assertTrue(unknown.getMessage().contains("'nope' not found") || unknown.getMessage().contains("'NOPE' not found"), unknown.getMessage());
      // listed when the schema is first used, then dropped before it is read
      assertEquals(List.of("0"), S3WarehouseTest.rows(c, "SELECT count(*) FROM hr.people"));
      served.dropTable(temporary);
      SQLException dropped = assertThrows(SQLException.class, () -> S3WarehouseTest.rows(c, "SELECT * FROM hr.temporary"));
      assertEquals("42704", dropped.getSQLState(), dropped.getMessage());
      assertTrue(dropped.getMessage().contains("Table hr.temporary is no longer in the Iceberg REST catalog 'shop'"), dropped.getMessage());
    } finally {
      served.dropTable(temporary);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      ";iceberg.catalog=rest",
      ";iceberg.catalog=rest;iceberg.uri=http://127.0.0.1:1;iceberg.token=t;iceberg.credential=a:b",
      ";iceberg.token=t",
      ";iceberg.catalog=jdbc;iceberg.uri=jdbc:sqlite:x.db;iceberg.rest.scope=all"})
  void badRestSettingsAreRejected(String settings) {
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:lakehouse:" + dir + settings));
    assertEquals("08001", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains("iceberg."), e.getMessage());
  }
}
