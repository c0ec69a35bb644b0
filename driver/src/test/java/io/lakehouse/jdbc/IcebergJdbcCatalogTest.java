package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.io.S3ProxyServer;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.write.IcebergWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An Iceberg JDBC catalog on SQLite, written by iceberg-core's {@link JdbcCatalog} (through the
 * storage's S3 file IO for tables in S3): namespaces are schemas, tables are read with time
 * travel, and a commit made after the connection opened is seen by its next query; tables in a
 * local directory or in S3 (S3Proxy).
 */
class IcebergJdbcCatalogTest {

  private static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "region", Types.StringType.get()));

  @TempDir Path dir;

  private static List<List<Object>> rows(long from, long to) {
    List<List<Object>> rows = new ArrayList<>();
    for (long i = from; i < to; i++) {
      rows.add(Arrays.asList(i, "r" + (i % 3)));
    }
    return rows;
  }

  @org.junit.jupiter.api.Test
  void catalogTablesAreReadAndNewCommitsSeen() throws SQLException {
    String database = "jdbc:sqlite:" + dir.resolve("catalog.db");
    String warehouse = dir.resolve("wh").toString();
    Storage storage = Storage.local();
    try (JdbcCatalog writerCatalog = new JdbcCatalog(props -> storage.fileIO(), null, true)) {
      writerCatalog.initialize("shop", Map.of("uri", database, "warehouse", warehouse));
      writerCatalog.createNamespace(Namespace.of("sales"));
      writerCatalog.createNamespace(Namespace.of("hr"));
      Table orders = writerCatalog.createTable(TableIdentifier.of("sales", "orders"), SCHEMA);
      long first = IcebergWriter.of(orders).append(rows(0, 5));
      IcebergWriter.of(writerCatalog.loadTable(TableIdentifier.of("sales", "orders"))).append(rows(5, 10));
      writerCatalog.createTable(TableIdentifier.of("hr", "people"), SCHEMA);

      String url = "jdbc:lakehouse:" + warehouse + ";iceberg.catalog=jdbc;iceberg.uri=" + database
          + ";iceberg.catalogName=shop";
      try (Connection c = DriverManager.getConnection(url)) {
        assertEquals(
            List.of(
                "hr.people: Iceberg table hr.people of JDBC catalog 'shop'",
                "sales.orders: Iceberg table sales.orders of JDBC catalog 'shop'"),
            QueryRows.tablesWithRemarks(c));
        assertEquals(List.of("10"), S3WarehouseTest.rows(c, "SELECT count(*) FROM sales.orders"));
        assertEquals(List.of("5"), S3WarehouseTest.rows(c, "SELECT count(*) FROM sales.orders FOR VERSION AS OF " + first));
        assertEquals(List.of("0"), S3WarehouseTest.rows(c, "SELECT count(*) FROM hr.people"));

        IcebergWriter.of(writerCatalog.loadTable(TableIdentifier.of("sales", "orders"))).append(rows(10, 12));
        assertEquals(List.of("12"), S3WarehouseTest.rows(c, "SELECT count(*) FROM sales.orders"));
        assertEquals(List.of("11|r2"), S3WarehouseTest.rows(c, "SELECT id, region FROM sales.orders WHERE id = 11"));
      }
    } finally {
      storage.close();
    }
  }

  @org.junit.jupiter.api.Test
  void catalogTablesInS3AreRead() throws SQLException {
    S3ProxyServer s3 = S3ProxyServer.shared();
    s3.createBucket("jdbc-catalog");
    String database = "jdbc:sqlite:" + dir.resolve("s3-catalog.db");
    String warehouse = "s3://jdbc-catalog/wh-" + System.nanoTime();
    try (Storage storage = Storage.create(Map.of(), s3.settings());
        JdbcCatalog writerCatalog =
            new JdbcCatalog(props -> storage.fileIO(), null, true)) {
      writerCatalog.initialize("lake", Map.of("uri", database, "warehouse", warehouse));
      writerCatalog.createNamespace(Namespace.of("sales"));
      Table orders = writerCatalog.createTable(TableIdentifier.of("sales", "orders"), SCHEMA);
      assertTrue(orders.location().startsWith(warehouse), orders.location());
      long first = IcebergWriter.of(orders).append(rows(0, 5));
      IcebergWriter.of(writerCatalog.loadTable(TableIdentifier.of("sales", "orders"))).append(rows(5, 9));

      String url = "jdbc:lakehouse:" + warehouse + ";iceberg.catalog=jdbc;iceberg.uri=" + database
          + ";iceberg.catalogName=lake" + s3.urlProperties();
      try (Connection c = DriverManager.getConnection(url)) {
        assertEquals(List.of("9"), S3WarehouseTest.rows(c, "SELECT count(*) FROM sales.orders"));
        assertEquals(List.of("5"), S3WarehouseTest.rows(c, "SELECT count(*) FROM orders FOR VERSION AS OF " + first));
        assertEquals(List.of("7|r1"), S3WarehouseTest.rows(c, "SELECT id, region FROM orders WHERE id = 7"));
        io.lakehouse.engine.io.S3Requests requests = c.unwrap(LakehouseConnection.class).s3Requests();
        assertTrue(requests.matching(r -> r.key() != null && r.key().endsWith(".parquet")).size() > 0);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"iceberg.catalog=rest", "iceberg.catalog=jdbc", "iceberg.uri=jdbc:sqlite:x.db"})
  void badCatalogSettingsAreRejected(String setting) {
    SQLException e = assertThrows(
        SQLException.class, () -> DriverManager.getConnection("jdbc:lakehouse:" + dir + ";" + setting));
    assertTrue(e.getMessage().contains("iceberg."), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc:sqlite:/no/such/dir/catalog.db"})
  void unreachableCatalogIsNamed(String uri) {
    SQLException e = assertThrows(
        SQLException.class,
        () -> DriverManager.getConnection("jdbc:lakehouse:" + dir + ";iceberg.catalog=jdbc;iceberg.uri=" + uri));
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().contains("Cannot read the Iceberg JDBC catalog 'default' at " + uri), e.getMessage());
  }
}
