package io.lakehouse.jdbc;

import static io.lakehouse.jdbc.QueryRows.column;
import static io.lakehouse.jdbc.QueryRows.qualified;
import static io.lakehouse.jdbc.QueryRows.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StructType;
import io.lakehouse.engine.io.S3Requests;
import io.lakehouse.engine.write.DeltaWriter;
import io.lakehouse.engine.write.IcebergWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several catalogs with a REST catalog among them: one query joins a Delta table in a local
 * directory ({@code lake}) with an Iceberg table of a REST catalog ({@code shop}: iceberg-core's
 * reference server, see {@link RestCatalogServer}) whose files lie in S3 (S3Proxy), both declared
 * in one catalogs file. The connection has no S3 settings: the REST catalog's tables are read with
 * what the server vends. The answer is checked against the join computed from what the writers
 * (Delta Kernel, iceberg-core) wrote. The same catalogs declared by properties, and the REST
 * catalog as the URL's own beside a declared directory, give the same answer.
 */
class SeveralCatalogsRestTest {

  private static final String BUCKET = "several-catalogs-rest";
  private static final String SECRET_MARK = "t0ken-never-shown";

  @TempDir static Path root;
  private static RestCatalogServer server;
  private static Path catalogsFile;

  /** order id, customer id, amount; customers 7 and 8 have orders but are not in the catalog. */
  private static final List<List<Object>> ORDERS = new ArrayList<>();
  /** customer id, name */
  private static final List<List<Object>> CUSTOMERS = new ArrayList<>();

  @BeforeAll
  static void writeCatalogs() throws Exception {
    for (long id = 0; id < 40; id++) {
      ORDERS.add(Arrays.asList(id, id % 9, id * 10 + 3));
    }
    for (long id = 0; id < 7; id++) {
      CUSTOMERS.add(Arrays.asList(id, "customer-" + id));
    }

    // lake: a local directory of Delta tables
    StructType orders = new StructType()
        .add("order_id", LongType.LONG).add("customer_id", LongType.LONG).add("amount", LongType.LONG);
    DeltaWriter.builder(root.resolve("lake/sales/orders").toString(), orders).create(ORDERS);

    // shop: a REST catalog whose tables iceberg-core wrote to S3
    server = RestCatalogServer.overJdbcCatalog(root, BUCKET);
    server.catalog().createNamespace(Namespace.of("crm"));
    Schema customers = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "name", Types.StringType.get()));
    Table table = server.catalog().createTable(TableIdentifier.of("crm", "customers"), customers);
    assertTrue(table.location().startsWith("s3://" + BUCKET + "/"), table.location());
    IcebergWriter.of(table).append(CUSTOMERS);

    Files.createDirectories(root.resolve("wh"));
    catalogsFile = Files.createDirectories(root.resolve("conf")).resolve("catalogs.properties");
    Files.writeString(catalogsFile, String.join("\n",
        "# a local directory of Delta tables, relative to this file",
        "catalog.lake.type=directory",
        "catalog.lake.location=../lake",
        "",
        "# an Iceberg REST catalog; its tables' files are read with the credentials it vends",
        "catalog.shop.type=rest",
        "catalog.shop.uri=" + server.uri(),
        "catalog.shop.warehouse=" + server.warehouse(),
        "catalog.shop.token=" + RestCatalogServer.TOKEN,
        ""));
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static String url() {
    return "jdbc:lakehouse:" + root.resolve("wh");
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(url() + ";catalogs=" + catalogsFile);
  }

  /** The same catalogs as connection properties, with the given way to sign in to the REST catalog. */
  private static Properties properties(String authKey, String authValue) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("catalog.lake.type", "directory");
    settings.put("catalog.lake.location", root.resolve("lake").toString());
    settings.put("catalog.shop.type", "rest");
    settings.put("catalog.shop.uri", server.uri());
    settings.put("catalog.shop.warehouse", server.warehouse());
    settings.put("catalog.shop." + authKey, authValue);
    Properties properties = new Properties();
    settings.forEach(properties::setProperty);
    return properties;
  }

  /** The join, computed from what the writers wrote. */
  private static List<String> expectedJoin() {
    return QueryRows.expectedJoin(CUSTOMERS, ORDERS);
  }

  private static final String JOIN = "SELECT c.name, sum(o.amount) FROM lake.sales.orders o"
      + " JOIN shop.crm.customers c ON o.customer_id = c.id GROUP BY c.name ORDER BY c.name";

  @Test
  void oneQueryJoinsADeltaDirectoryWithARestCatalogInS3() throws SQLException {
    List<String> expected = expectedJoin();
    assertEquals(7, expected.size());
    try (Connection c = connect()) {
      assertEquals(sorted(ORDERS), sorted(QueryRows.rows(c, "SELECT order_id, customer_id, amount FROM lake.sales.orders")));
      assertEquals(sorted(CUSTOMERS), sorted(QueryRows.rows(c, "SELECT id, name FROM shop.crm.customers")));
      assertEquals(expected, QueryRows.rows(c, JOIN));

      // the connection names no S3 endpoint or keys: the customers came from S3Proxy, where the catalog said
      S3Requests requests = c.unwrap(LakehouseConnection.class).s3Requests();
      assertFalse(requests.matching(r -> r.key() != null && r.key().endsWith(".parquet")).isEmpty());
      assertTrue(requests.all().stream().allMatch(r -> BUCKET.equals(r.bucket()) && r.status() / 100 == 2),
          requests.all().toString());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"token", "credential"})
  void propertiesDeclareTheSameCatalogsWithATokenOrACredential(String authKey) throws SQLException {
    String auth = authKey.equals("token") ? RestCatalogServer.TOKEN : RestCatalogServer.CREDENTIAL;
    try (Connection c = DriverManager.getConnection(url(), properties(authKey, auth))) {
      assertEquals(expectedJoin(), QueryRows.rows(c, JOIN));
    }
  }

  @Test
  void theUrlsOwnRestCatalogJoinsADeclaredDirectory() throws SQLException {
    String url = "jdbc:lakehouse:" + server.warehouse() + ";iceberg.catalog=rest;iceberg.uri=" + server.uri()
        + ";iceberg.token=" + RestCatalogServer.TOKEN + ";defaultCatalog=shop"
        + ";catalog.lake.type=directory;catalog.lake.location=" + root.resolve("lake");
    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals("shop", c.getCatalog());
      assertEquals(List.of("lake", "shop"), column(c.getMetaData().getCatalogs(), "TABLE_CAT"));
      assertEquals(expectedJoin(), QueryRows.rows(c, JOIN));
      assertEquals(List.of("7"), QueryRows.rows(c, "SELECT count(*) FROM crm.customers"));
    }
  }

  @Test
  void theRestCatalogsTablesAreListedUnderItsName() throws SQLException {
    try (Connection c = connect()) {
      DatabaseMetaData metaData = c.getMetaData();
      assertEquals(List.of("lake", "shop", "warehouse"), column(metaData.getCatalogs(), "TABLE_CAT"));
      assertEquals(List.of("shop.crm"), qualified(metaData.getSchemas("shop", null), "TABLE_CATALOG", "TABLE_SCHEM"));
      assertEquals(
          List.of("lake.sales.orders", "shop.crm.customers"),
          qualified(metaData.getTables(null, null, "%", null), "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME"));
      try (ResultSet rs = metaData.getTables("shop", "crm", "customers", null)) {
        assertTrue(rs.next());
        assertEquals("shop", rs.getString("TABLE_CAT"));
        assertEquals("Iceberg table crm.customers of REST catalog 'shop'", rs.getString("REMARKS"));
        assertFalse(rs.next());
      }
      assertEquals(
          List.of("shop.customers.id", "shop.customers.name"),
          qualified(metaData.getColumns("shop", "crm", "customers", "%"), "TABLE_CAT", "TABLE_NAME", "COLUMN_NAME"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"token", "credential"})
  void aWrongTokenOrCredentialIs28000NamingTheCatalogButNotTheSecret(String authKey) {
    String wrong = authKey.equals("token") ? SECRET_MARK : RestCatalogServer.CLIENT_ID + ":" + SECRET_MARK;
    SQLException e = assertThrows(
        SQLException.class, () -> DriverManager.getConnection(url(), properties(authKey, wrong)).close());
    assertEquals("28000", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().startsWith("Catalog 'shop': Access denied by the Iceberg REST catalog 'shop' at "
        + server.uri()), e.getMessage());
    assertTrue(e.getMessage().contains("catalog.shop.credential") && e.getMessage().contains("catalog.shop.token"),
        e.getMessage());
    assertFalse(e.getMessage().contains(SECRET_MARK), e.getMessage());
  }
}
