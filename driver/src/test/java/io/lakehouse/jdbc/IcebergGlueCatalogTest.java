package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StructType;
import io.lakehouse.engine.catalog.GlueCredentialsProvider;
import io.lakehouse.engine.io.S3Requests;
import io.lakehouse.engine.write.DeltaWriter;
import io.lakehouse.engine.write.IcebergWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.aws.glue.GlueCatalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The AWS Glue Data Catalog, emulated by moto's server (see {@link MotoServer}), whose tables
 * iceberg-aws's own {@link GlueCatalog} created and wrote (with iceberg-data's Parquet writers) to
 * S3 at the same endpoint. Glue databases are schemas; tables are read in full, filtered and with
 * time travel; a commit made after connecting is seen; one query joins a Glue table with a Delta
 * table of a local directory declared beside it; an unreachable endpoint and unknown or dropped
 * tables give clear errors. Every test is skipped, saying why, when {@code moto_server} is not on
 * the PATH.
 */
class IcebergGlueCatalogTest {

  private static final String BUCKET = "glue-lake";
  private static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "region", Types.StringType.get()));
  private static final TableIdentifier ORDERS = TableIdentifier.of("sales", "orders");
  private static final TableIdentifier EVENTS = TableIdentifier.of("sales", "events");
  private static final TableIdentifier CUSTOMERS = TableIdentifier.of("crm", "customers");

  @TempDir static Path dir;

  private static MotoServer moto;
  private static GlueCatalog writer;
  private static long firstOrdersSnapshot;
  /** order id, customer id, amount; customers 7 and 8 have orders but are not in the catalog. */
  private static final List<List<Object>> ORDER_ROWS = new ArrayList<>();
  /** customer id, name */
  private static final List<List<Object>> CUSTOMER_ROWS = new ArrayList<>();

  @BeforeAll
  static void writeTables() throws Exception {
    if (!MotoServer.installed()) {
      return;
    }
    moto = MotoServer.start(dir);
    try (S3Client s3 = S3Client.builder()
        .endpointOverride(URI.create(moto.endpoint()))
        .forcePathStyle(true)
        .region(Region.of(MotoServer.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY)))
        .httpClient(Apache5HttpClient.create())
        .build()) {
      s3.createBucket(b -> b.bucket(BUCKET));
    }

    writer = new GlueCatalog();
    writer.initialize("writer", writerProperties());
    writer.createNamespace(Namespace.of("sales"));
    writer.createNamespace(Namespace.of("crm"));
    Table orders = writer.createTable(ORDERS, SCHEMA);
    assertTrue(orders.location().startsWith("s3://" + BUCKET + "/"), orders.location());
    firstOrdersSnapshot = IcebergWriter.of(orders).append(rows(0, 5));
    IcebergWriter.of(writer.loadTable(ORDERS)).append(rows(5, 10));
    IcebergWriter.of(writer.createTable(EVENTS, SCHEMA)).append(rows(100, 103));

    for (long id = 0; id < 40; id++) {
      ORDER_ROWS.add(Arrays.asList(id, id % 9, id * 10 + 3));
    }
    for (long id = 0; id < 7; id++) {
      CUSTOMER_ROWS.add(Arrays.asList(id, "customer-" + id));
    }
    Schema customers = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "name", Types.StringType.get()));
    IcebergWriter.of(writer.createTable(CUSTOMERS, customers)).append(CUSTOMER_ROWS);
    StructType deltaOrders = new StructType()
        .add("order_id", LongType.LONG).add("customer_id", LongType.LONG).add("amount", LongType.LONG);
    DeltaWriter.builder(dir.resolve("lake/sales/orders").toString(), deltaOrders).create(ORDER_ROWS);
  }

  @BeforeEach
  void needsMoto() {
    assumeTrue(moto != null, MotoServer.MISSING);
  }

  /** iceberg-aws's own settings for a Glue catalog at moto whose tables lie in moto's S3. */
  private static Map<String, String> writerProperties() {
    Map<String, String> properties = new HashMap<>();
    properties.put("warehouse", "s3://" + BUCKET + "/warehouse");
    properties.put("glue.endpoint", moto.endpoint());
    properties.put("client.region", MotoServer.REGION);
    properties.put("client.credentials-provider", GlueCredentialsProvider.class.getName());
    properties.put("client.credentials-provider.access-key-id", MotoServer.ACCESS_KEY_ID);
    properties.put("client.credentials-provider.secret-access-key", MotoServer.SECRET_ACCESS_KEY);
    properties.put("http-client.type", "urlconnection");
    properties.put("s3.endpoint", moto.endpoint());
    properties.put("s3.path-style-access", "true");
    properties.put("s3.access-key-id", MotoServer.ACCESS_KEY_ID);
    properties.put("s3.secret-access-key", MotoServer.SECRET_ACCESS_KEY);
    return properties;
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (writer != null) {
        writer.close();
      }
    } finally {
      if (moto != null) {
        moto.close();
      }
    }
  }

  private static List<List<Object>> rows(long from, long to) {
    List<List<Object>> rows = new ArrayList<>();
    for (long i = from; i < to; i++) {
      rows.add(Arrays.asList(i, "r" + (i % 3)));
    }
    return rows;
  }

  /** Where S3 is and its keys, which the Glue requests are signed with too. */
  private static String s3Settings(String prefix) {
    return ";" + prefix + "s3.endpoint=" + moto.endpoint() + ";" + prefix + "s3.region=" + MotoServer.REGION
        + ";" + prefix + "s3.pathStyleAccess=true;" + prefix + "s3.accessKeyId=" + MotoServer.ACCESS_KEY_ID
        + ";" + prefix + "s3.secretAccessKey=" + MotoServer.SECRET_ACCESS_KEY;
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:lakehouse:s3://" + BUCKET + "/warehouse;iceberg.catalog=glue;iceberg.catalogName=glue"
            + ";iceberg.glue.endpoint=" + moto.endpoint() + ";iceberg.glue.region=" + MotoServer.REGION
            + s3Settings(""));
  }

  @Test
  void databasesAreSchemasAndTablesAreListed() throws SQLException {
    try (Connection c = connect()) {
      assertEquals(List.of("crm", "sales"), QueryRows.schemas(c));
      assertEquals(
          List.of(
              "crm.customers: Iceberg table crm.customers of AWS Glue catalog 'glue'",
              "sales.events: Iceberg table sales.events of AWS Glue catalog 'glue'",
              "sales.orders: Iceberg table sales.orders of AWS Glue catalog 'glue'"),
          QueryRows.tablesWithRemarks(c));
    }
  }

  @Test
  void tablesAreReadFilteredAndTimeTravelledAndNewCommitsAreSeen() throws SQLException {
    try (Connection c = connect()) {
      List<String> all = new ArrayList<>();
      for (List<Object> row : rows(0, 10)) {
        all.add(row.get(0) + "|" + row.get(1));
      }
      all.sort(null);
      assertEquals(all, S3WarehouseTest.rows(c, "SELECT id, region FROM sales.orders"));
      assertEquals(List.of("4|r1", "7|r1"),
          S3WarehouseTest.rows(c, "SELECT id, region FROM sales.orders WHERE region = 'r1' AND id BETWEEN 3 AND 8"));
      assertEquals(List.of("5"),
          S3WarehouseTest.rows(c, "SELECT count(*) FROM sales.orders FOR VERSION AS OF " + firstOrdersSnapshot));
      // metadata and data files were read through the connection's storage, from moto's S3
      S3Requests requests = c.unwrap(LakehouseConnection.class).s3Requests();
      assertFalse(requests.matching(r -> r.key() != null && r.key().endsWith(".metadata.json")).isEmpty());
      assertFalse(requests.matching(r -> r.key() != null && r.key().endsWith(".parquet")).isEmpty());
      assertTrue(requests.all().stream().allMatch(r -> BUCKET.equals(r.bucket()) && r.status() / 100 == 2),
          requests.all().toString());

      assertEquals(List.of("3"), S3WarehouseTest.rows(c, "SELECT count(*) FROM sales.events"));
      IcebergWriter.of(writer.loadTable(EVENTS)).append(rows(103, 105));
      assertEquals(List.of("5"), S3WarehouseTest.rows(c, "SELECT count(*) FROM sales.events"));
      assertEquals(List.of("104|r2"), S3WarehouseTest.rows(c, "SELECT id, region FROM sales.events WHERE id = 104"));
    }
  }

  @Test
  void oneQueryJoinsAGlueTableWithADeltaDirectoryDeclaredInACatalogsFile() throws Exception {
    Path catalogsFile = Files.createDirectories(dir.resolve("conf")).resolve("catalogs.properties");
    String prefix = "catalog.aws.";
    Files.writeString(catalogsFile, String.join("\n",
        "catalog.lake.type=directory",
        "catalog.lake.location=../lake",
        "catalog.aws.type=glue",
        prefix + "glue.endpoint=" + moto.endpoint(),
        prefix + "glue.region=" + MotoServer.REGION,
        prefix + "warehouse=s3://" + BUCKET + "/warehouse",
        s3Settings(prefix).substring(1).replace(";", "\n"),
        ""));
    Files.createDirectories(dir.resolve("wh"));
    String join = "SELECT c.name, sum(o.amount) FROM lake.sales.orders o"
        + " JOIN aws.crm.customers c ON o.customer_id = c.id GROUP BY c.name ORDER BY c.name";
    List<String> expected = QueryRows.expectedJoin(CUSTOMER_ROWS, ORDER_ROWS);
    assertEquals(7, expected.size());
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + dir.resolve("wh") + ";catalogs=" + catalogsFile)) {
      assertEquals(expected, QueryRows.rows(c, join));
      try (ResultSet rs = c.getMetaData().getTables("aws", "crm", "customers", null)) {
        assertTrue(rs.next());
        assertEquals("Iceberg table crm.customers of AWS Glue catalog 'aws'", rs.getString("REMARKS"));
      }
    }
  }

  @Test
  void unreachableEndpointIs08001NamingItButNoSecret() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + port;
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
        "jdbc:lakehouse:;iceberg.catalog=glue;iceberg.glue.endpoint=" + endpoint + ";iceberg.glue.region="
            + MotoServer.REGION + ";s3.accessKeyId=" + MotoServer.ACCESS_KEY_ID + ";s3.secretAccessKey="
            + MotoServer.SECRET_ACCESS_KEY).close());
    assertEquals("08001", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains("Cannot reach the AWS Glue catalog 'default' at " + endpoint)
        && e.getMessage().contains("iceberg.glue.endpoint"), e.getMessage());
    assertFalse(e.getMessage().contains(MotoServer.SECRET_ACCESS_KEY), e.getMessage());

    Path catalogsFile = Files.createDirectories(dir.resolve("unreachable")).resolve("catalogs.properties");
    Files.writeString(catalogsFile, String.join("\n",
        "catalog.aws.type=glue",
        "catalog.aws.glue.endpoint=" + endpoint,
        "catalog.aws.glue.region=" + MotoServer.REGION,
        "catalog.aws.s3.accessKeyId=" + MotoServer.ACCESS_KEY_ID,
        "catalog.aws.s3.secretAccessKey=" + MotoServer.SECRET_ACCESS_KEY,
        ""));
    Files.createDirectories(dir.resolve("wh"));
    SQLException declared = assertThrows(SQLException.class, () -> DriverManager.getConnection(
        "jdbc:lakehouse:" + dir.resolve("wh") + ";catalogs=" + catalogsFile).close());
    assertEquals("08001", declared.getSQLState(), declared.getMessage());
    assertTrue(declared.getMessage().startsWith("Catalog 'aws': Cannot reach the AWS Glue catalog 'aws' at " + endpoint)
        && declared.getMessage().contains("catalog.aws.glue.endpoint"), declared.getMessage());
    assertFalse(declared.getMessage().contains(MotoServer.SECRET_ACCESS_KEY), declared.getMessage());
  }

  @Test
  void unknownAndDroppedTablesAreNamed() throws SQLException {
    TableIdentifier temporary = TableIdentifier.of("crm", "temporary");
    writer.createTable(temporary, SCHEMA);
    try (Connection c = connect()) {
      SQLException unknown = assertThrows(SQLException.class, () -> S3WarehouseTest.rows(c, "SELECT * FROM sales.nope"));
      assertTrue(unknown.getMessage().contains("'nope' not found") || unknown.getMessage().contains("'NOPE' not found"),
          unknown.getMessage());
      // listed when the schema is first used, then dropped before it is read
      assertEquals(List.of("7"), S3WarehouseTest.rows(c, "SELECT count(*) FROM crm.customers"));
      writer.dropTable(temporary, false);
      SQLException dropped = assertThrows(SQLException.class, () -> S3WarehouseTest.rows(c, "SELECT * FROM crm.temporary"));
      assertEquals("42704", dropped.getSQLState(), dropped.getMessage());
      assertTrue(dropped.getMessage().contains("Table crm.temporary is no longer in the AWS Glue catalog 'glue'"),
          dropped.getMessage());
    } finally {
      writer.dropTable(temporary, false);
    }
  }

  @Test
  void glueKeysWithoutAGlueCatalogAreRejected() {
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
        "jdbc:lakehouse:" + dir + ";iceberg.glue.region=" + MotoServer.REGION));
    assertEquals("08001", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains("iceberg.glue.region only has a meaning with iceberg.catalog=glue"), e.getMessage());
  }
}
