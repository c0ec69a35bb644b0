package io.lakehouse.jdbc;

import static io.lakehouse.jdbc.QueryRows.column;
import static io.lakehouse.jdbc.QueryRows.qualified;
import static io.lakehouse.jdbc.QueryRows.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.lakehouse.engine.io.S3ProxyServer;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.write.DeltaWriter;
import io.lakehouse.engine.write.IcebergWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import schemacrawler.schemacrawler.LoadOptionsBuilder;
import schemacrawler.schemacrawler.SchemaCrawlerOptions;
import schemacrawler.schemacrawler.SchemaCrawlerOptionsBuilder;
import schemacrawler.schemacrawler.SchemaInfoLevelBuilder;
import schemacrawler.tools.utility.SchemaCrawlerUtility;
import us.fatehi.utility.datasource.DatabaseConnectionSources;

/**
 * Several catalogs in one connection: the URL's warehouse directory ({@code warehouse}), a local
 * directory warehouse of Delta tables ({@code lake}), an Iceberg JDBC catalog on SQLite whose
 * tables lie in S3 (S3Proxy) and which alone has S3 settings ({@code shop}), and an Iceberg Hadoop
 * catalog ({@code hdp}), all written by Delta Kernel and iceberg-core. Declared by a catalogs file
 * with paths relative to it, or by connection properties.
 */
class SeveralCatalogsTest {

  private static final String BUCKET = "several-catalogs";
  private static final String SECRET_MARK = "s3cr3t-never-shown";

  @TempDir static Path root;
  private static S3ProxyServer s3;
  private static String shopWarehouse;
  private static Path catalogsFile;

  /** What the writers wrote: order id → customer id, amount; customer id → name. */
  private static final List<List<Object>> ORDERS_V0 = new ArrayList<>();
  private static final List<List<Object>> ORDERS_V1 = new ArrayList<>();
  private static final List<List<Object>> CUSTOMERS_FIRST = new ArrayList<>();
  private static final List<List<Object>> CUSTOMERS_SECOND = new ArrayList<>();
  private static long firstCustomersSnapshot;

  @BeforeAll
  static void writeCatalogs() throws IOException {
    for (long id = 0; id < 30; id++) {
      (id < 20 ? ORDERS_V0 : ORDERS_V1).add(Arrays.asList(id, id % 7, id * 10 + 1));
    }
    for (long id = 0; id < 6; id++) {
      (id < 4 ? CUSTOMERS_FIRST : CUSTOMERS_SECOND).add(Arrays.asList(id, "customer-" + id));
    }

    // the URL's warehouse: one Delta table in schema geo
    StructType regions = new StructType().add("id", LongType.LONG).add("region", StringType.STRING);
    DeltaWriter.builder(root.resolve("wh/geo/regions").toString(), regions)
        .create(List.of(Arrays.asList(1L, "north"), Arrays.asList(2L, "south")));

    // lake: a directory warehouse, Delta table sales.orders in two commits
    StructType orders = new StructType()
        .add("order_id", LongType.LONG).add("customer_id", LongType.LONG).add("amount", LongType.LONG);
    DeltaWriter.builder(root.resolve("lake/sales/orders").toString(), orders).create(ORDERS_V0);
    DeltaWriter.open(root.resolve("lake/sales/orders").toString()).append(ORDERS_V1);

    // shop: an Iceberg JDBC catalog on SQLite, its tables in S3
    s3 = S3ProxyServer.shared();
    s3.createBucket(BUCKET);
    shopWarehouse = "s3://" + BUCKET + "/shop-" + System.nanoTime();
    Schema customers = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "name", Types.StringType.get()));
    try (Storage storage = Storage.create(Map.of(), s3.settings());
        JdbcCatalog writer = new JdbcCatalog(props -> storage.fileIO(), null, true)) {
      writer.initialize("shop", Map.of("uri", "jdbc:sqlite:" + root.resolve("shop.db"), "warehouse", shopWarehouse));
      writer.createNamespace(Namespace.of("crm"));
      Table table = writer.createTable(TableIdentifier.of("crm", "customers"), customers);
      assertTrue(table.location().startsWith("s3://"), table.location());
      firstCustomersSnapshot = IcebergWriter.of(table).append(CUSTOMERS_FIRST);
      IcebergWriter.of(writer.loadTable(TableIdentifier.of("crm", "customers"))).append(CUSTOMERS_SECOND);
    }

    // hdp: an Iceberg Hadoop catalog, table hr.people
    try (HadoopCatalog hadoop = new HadoopCatalog(Storage.local().hadoopConf(), root.resolve("hadoop").toString())) {
      hadoop.createNamespace(Namespace.of("hr"));
      String location = hadoop.createTable(TableIdentifier.of("hr", "people"), customers).location();
      IcebergWriter.open(location).append(List.of(Arrays.asList(7L, "ada"), Arrays.asList(8L, "grace")));
    }

    Path conf = Files.createDirectories(root.resolve("conf"));
    catalogsFile = conf.resolve("catalogs.properties");
    StringBuilder file = new StringBuilder("# the catalogs beside the URL's warehouse\n");
    relativeSettings().forEach((key, value) -> file.append(key).append('=').append(value).append('\n'));
    Files.writeString(catalogsFile, file.toString());
  }

  /** The catalogs as the file declares them, paths relative to the file's directory. */
  private static Map<String, String> relativeSettings() {
    Map<String, String> settings = new TreeMap<>();
    settings.put("catalog.lake.type", "directory");
    settings.put("catalog.lake.location", "../lake");
    settings.put("catalog.shop.type", "jdbc");
    settings.put("catalog.shop.uri", "jdbc:sqlite:../shop.db");
    settings.put("catalog.shop.warehouse", shopWarehouse);
    settings.put("catalog.shop.s3.endpoint", s3.endpoint());
    settings.put("catalog.shop.s3.region", S3ProxyServer.REGION);
    settings.put("catalog.shop.s3.pathStyleAccess", "true");
    settings.put("catalog.shop.s3.accessKeyId", S3ProxyServer.ACCESS_KEY);
    settings.put("catalog.shop.s3.secretAccessKey", S3ProxyServer.SECRET_KEY);
    settings.put("catalog.hdp.type", "hadoop");
    settings.put("catalog.hdp.warehouse", "../hadoop");
    return settings;
  }

  /** The same catalogs as connection properties, with absolute paths. */
  private static Properties absoluteProperties() {
    Properties properties = new Properties();
    relativeSettings().forEach(properties::setProperty);
    properties.setProperty("catalog.lake.location", root.resolve("lake").toString());
    properties.setProperty("catalog.shop.uri", "jdbc:sqlite:" + root.resolve("shop.db"));
    properties.setProperty("catalog.hdp.warehouse", root.resolve("hadoop").toString());
    return properties;
  }

  private static String url() {
    return "jdbc:lakehouse:" + root.resolve("wh");
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(url() + ";catalogs=" + catalogsFile);
  }

  @Test
  void joinAcrossADeltaDirectoryAndAnIcebergJdbcCatalogInS3() throws SQLException {
    List<List<Object>> orders = new ArrayList<>(ORDERS_V0);
    orders.addAll(ORDERS_V1);
    List<List<Object>> customers = new ArrayList<>(CUSTOMERS_FIRST);
    customers.addAll(CUSTOMERS_SECOND);
    try (Connection c = connect()) {
      // each table alone gives what its writer wrote
      assertEquals(sorted(orders), sorted(longRows(c, "SELECT order_id, customer_id, amount FROM lake.sales.orders")));
      List<String> customerRows = QueryRows.rows(c, "SELECT id, name FROM shop.crm.customers");
      assertEquals(sorted(customers), sorted(customerRows));

      // the join, computed in Java from what the writers wrote
      List<String> expectedRows = QueryRows.expectedJoin(customers, orders);
      assertEquals(6, expectedRows.size());

      String join = "SELECT c.name, sum(o.amount) FROM lake.sales.orders o JOIN shop.crm.customers c"
          + " ON o.customer_id = c.id GROUP BY c.name ORDER BY c.name";
      assertEquals(expectedRows, QueryRows.rows(c, join));
    }
  }

  @Test
  void timeTravelAndMetadataTablesWorkInEveryCatalog() throws SQLException {
    try (Connection c = connect()) {
      assertEquals(sorted(ORDERS_V0),
          sorted(longRows(c, "SELECT order_id, customer_id, amount FROM lake.sales.orders FOR VERSION AS OF 0")));
      assertEquals(sorted(CUSTOMERS_FIRST), sorted(QueryRows.rows(
          c, "SELECT id, name FROM shop.crm.customers FOR VERSION AS OF " + firstCustomersSnapshot)));
      assertEquals(List.of("0", "1"), sorted(QueryRows.rows(c, "SELECT version FROM lake.sales.\"orders$history\"")));
      assertEquals(List.of(String.valueOf(firstCustomersSnapshot)),
          QueryRows.rows(c, "SELECT version FROM shop.crm.\"customers$snapshots\" WHERE parent IS NULL"));
      assertEquals(List.of("2"), QueryRows.rows(c, "SELECT count(*) FROM hdp.hr.people"));
      List<String> snapshots = QueryRows.rows(c, "SELECT version FROM hdp.hr.\"people$snapshots\"");
      assertEquals(1, snapshots.size());
      assertEquals(List.of("2"),
          QueryRows.rows(c, "SELECT count(*) FROM hdp.hr.people FOR VERSION AS OF " + snapshots.get(0)));
    }
  }

  @Test
  void twoPartNamesMeanTheCurrentCatalogWhichSetCatalogChanges() throws SQLException {
    try (Connection c = connect()) {
      assertEquals("warehouse", c.getCatalog());
      assertEquals("default", c.getSchema());
      assertEquals(List.of("1:north", "2:south"), QueryRows.rows(c, "SELECT * FROM geo.regions ORDER BY id"));
      c.setSchema("geo");
      assertEquals(List.of("2"), QueryRows.rows(c, "SELECT count(*) FROM regions"));
      assertEquals(List.of("2"), QueryRows.rows(c, "SELECT count(*) FROM warehouse.geo.regions"));
      SQLException unknown = assertThrows(SQLException.class, () -> QueryRows.rows(c, "SELECT * FROM sales.orders"));
      assertEquals("42000", unknown.getSQLState());
      assertTrue(unknown.getMessage().contains("write lake.sales.<table>"), unknown.getMessage());

      c.setCatalog("LAKE");
      assertEquals("lake", c.getCatalog());
      assertEquals("default", c.getSchema());
      assertEquals(List.of("30"), QueryRows.rows(c, "SELECT count(*) FROM sales.orders"));
      c.setSchema("sales");
      assertEquals(List.of("30"), QueryRows.rows(c, "SELECT count(*) FROM orders"));
      assertEquals(List.of("2"), QueryRows.rows(c, "SELECT count(*) FROM warehouse.geo.regions"));
      assertThrows(SQLException.class, () -> QueryRows.rows(c, "SELECT * FROM geo.regions"));

      SQLException bad = assertThrows(SQLException.class, () -> c.setCatalog("nowhere"));
      assertEquals("3D000", bad.getSQLState());
      assertTrue(bad.getMessage().contains("Unknown catalog 'nowhere': the catalogs are warehouse, hdp, lake, shop"),
          bad.getMessage());
      assertEquals("lake", c.getCatalog());
    }
  }

  @Test
  void metadataListsEachCatalogsSchemasAndTables() throws SQLException {
    try (Connection c = connect()) {
      DatabaseMetaData metaData = c.getMetaData();
      assertEquals(List.of("hdp", "lake", "shop", "warehouse"), column(metaData.getCatalogs(), "TABLE_CAT"));
      assertEquals(
          List.of("hdp.default", "hdp.hr", "lake.default", "lake.sales", "shop.crm", "warehouse.default", "warehouse.geo"),
          qualified(metaData.getSchemas(), "TABLE_CATALOG", "TABLE_SCHEM"));
      assertEquals(
          List.of("hdp.hr.people", "lake.sales.orders", "shop.crm.customers", "warehouse.geo.regions"),
          qualified(metaData.getTables(null, null, "%", null), "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME"));
      assertEquals(
          List.of("shop.crm.customers"),
          qualified(metaData.getTables("shop", null, "%", null), "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME"));
      assertEquals(List.of(), qualified(metaData.getTables("", null, "%", null), "TABLE_CAT"));
      assertEquals(
          List.of("lake.sales.orders.amount", "lake.sales.orders.customer_id", "lake.sales.orders.order_id"),
          qualified(metaData.getColumns("lake", "sales", "orders", "%"),
              "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME"));
      try (ResultSet rs = metaData.getTables("lake", "sales", "orders", null)) {
        assertTrue(rs.next());
        assertEquals("Delta table at " + root.resolve("lake/sales/orders").toUri(), rs.getString("REMARKS"));
      }
      try (ResultSet rs = metaData.getTables("shop", "crm", "customers", null)) {
        assertTrue(rs.next());
        assertEquals("Iceberg table crm.customers of JDBC catalog 'shop'", rs.getString("REMARKS"));
      }
    }
  }

  @Test
  void schemaCrawlerCrawlsEveryCatalogWithoutWarnings() throws Exception {
    List<String> problems = new ArrayList<>();
    Handler collector = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
          problems.add(record.getLoggerName() + ": " + record.getMessage());
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger rootLogger = Logger.getLogger("");
    rootLogger.addHandler(collector);
    schemacrawler.schema.Catalog crawled;
    try (Connection c = connect()) {
      SchemaCrawlerOptions options = SchemaCrawlerOptionsBuilder.newSchemaCrawlerOptions()
          .withLoadOptions(LoadOptionsBuilder.builder().withSchemaInfoLevel(SchemaInfoLevelBuilder.maximum()).toOptions());
      crawled = SchemaCrawlerUtility.getCatalog(DatabaseConnectionSources.fromConnection(c), options);
    } finally {
      rootLogger.removeHandler(collector);
    }
    assertEquals(List.of(), problems);
    List<String> tables = new ArrayList<>();
    for (schemacrawler.schema.Table table : crawled.getTables()) {
      tables.add(table.getSchema().getCatalogName() + "." + table.getSchema().getName() + "." + table.getName()
          + ":" + table.getColumns().size());
    }
    tables.sort(null);
    assertEquals(
        List.of("hdp.hr.people:2", "lake.sales.orders:3", "shop.crm.customers:2", "warehouse.geo.regions:2"), tables);
  }

  @Test
  void propertiesFormAndFileFormGiveTheSameConnection() throws SQLException {
    String join = "SELECT c.name, count(*) FROM lake.sales.orders o JOIN shop.crm.customers c"
        + " ON o.customer_id = c.id GROUP BY c.name ORDER BY c.name";
    try (Connection fromFile = connect();
        Connection fromProperties = DriverManager.getConnection(url(), absoluteProperties())) {
      assertEquals(describe(fromFile), describe(fromProperties));
      assertEquals(QueryRows.rows(fromFile, join), QueryRows.rows(fromProperties, join));
      assertEquals(6, QueryRows.rows(fromProperties, join).size());
    }
  }

  @Test
  void aCatalogReadsThroughTheConnectionsStorageUnlessItHasS3SettingsOfItsOwn() throws SQLException {
    String sql = "SELECT name FROM shop.crm.customers WHERE id = 5";
    // shop's own S3 settings: its own storage, so the connection's sends nothing
    try (Connection c = connect()) {
      assertEquals(List.of("customer-5"), QueryRows.rows(c, sql));
      assertEquals(0, c.unwrap(LakehouseConnection.class).s3Requests().count());
    }
    // the same settings on the connection, none on the catalog: one shared storage
    Properties shared = absoluteProperties();
    shared.keySet().removeIf(key -> ((String) key).startsWith("catalog.shop.s3."));
    String url = url() + s3.urlProperties();
    try (Connection c = DriverManager.getConnection(url, shared)) {
      assertEquals(List.of("customer-5"), QueryRows.rows(c, sql));
      assertTrue(c.unwrap(LakehouseConnection.class).s3Requests()
          .matching(r -> r.key() != null && r.key().endsWith(".parquet")).size() > 0);
    }
  }

  @Test
  void urlPropertiesDeclareCatalogsAndNameTheDefaultOne() throws SQLException {
    String url = url() + ";defaultCatalog=main;catalog.lake.type=directory;catalog.lake.location=" + root.resolve("lake");
    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals("main", c.getCatalog());
      assertEquals(List.of("lake", "main"), column(c.getMetaData().getCatalogs(), "TABLE_CAT"));
      assertEquals(List.of("2"), QueryRows.rows(c, "SELECT count(*) FROM main.geo.regions"));
      assertEquals(List.of("30"), QueryRows.rows(c, "SELECT count(*) FROM lake.sales.orders"));
    }
  }

  @Test
  void oneCatalogConnectionsListNoCatalogs() throws SQLException {
    try (Connection c = DriverManager.getConnection(url())) {
      assertEquals(List.of(), column(c.getMetaData().getCatalogs(), "TABLE_CAT"));
      assertEquals(List.of("2"), QueryRows.rows(c, "SELECT count(*) FROM geo.regions"));
      try (ResultSet rs = c.getMetaData().getTables(null, "geo", "%", null)) {
        assertTrue(rs.next());
        assertEquals(null, rs.getString("TABLE_CAT"));
      }
    }
  }

  @Test
  void confinedConnectionsReadOnlyLocalDirectoryCatalogsBelowTheirRoots() throws SQLException {
    String confined = url() + ";confineToWarehouse=true;catalog.lake.type=directory;catalog.lake.location="
        + root.resolve("lake");
    SQLException outside = assertThrows(SQLException.class, () -> DriverManager.getConnection(confined));
    assertTrue(outside.getMessage().contains("Catalog 'lake'") && outside.getMessage().contains("allowed roots"),
        outside.getMessage());
    try (Connection c = DriverManager.getConnection(confined + ";allowedRoots=" + root.resolve("lake"))) {
      assertEquals(List.of("30"), QueryRows.rows(c, "SELECT count(*) FROM lake.sales.orders"));
    }
    SQLException jdbc = assertThrows(SQLException.class, () -> DriverManager.getConnection(
        url() + ";confineToWarehouse=true;catalogs=" + catalogsFile + ";allowedRoots=" + root));
    assertEquals("08001", jdbc.getSQLState());
    assertTrue(jdbc.getMessage().contains("Catalog 'shop'") && jdbc.getMessage().contains("confine"), jdbc.getMessage());
  }

  @Test
  void missingCatalogsFileIsNamed() {
    Path missing = root.resolve("conf/nothing-here.properties");
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url() + ";catalogs=" + missing));
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void unknownTypesAndIncompleteRestCatalogsAreRefused() {
    SQLException unknown = assertThrows(SQLException.class, () -> connectWith("catalog.x.type=delta"));
    assertEquals("08001", unknown.getSQLState());
    assertTrue(unknown.getMessage().contains("unknown type 'delta'")
        && unknown.getMessage().contains("directory, hadoop, jdbc, rest"), unknown.getMessage());
    SQLException noUri = assertThrows(
        SQLException.class, () -> connectWith("catalog.x.type=rest;catalog.x.token=" + SECRET_MARK));
    assertEquals("08001", noUri.getSQLState());
    assertTrue(noUri.getMessage().contains("needs catalog.x.uri"), noUri.getMessage());
    assertFalse(noUri.getMessage().contains(SECRET_MARK), noUri.getMessage());
    SQLException both = assertThrows(SQLException.class, () -> connectWith(
        "catalog.x.type=rest;catalog.x.uri=http://127.0.0.1:1;catalog.x.token=" + SECRET_MARK
            + ";catalog.x.credential=id:" + SECRET_MARK));
    assertEquals("08001", both.getSQLState());
    assertTrue(both.getMessage().contains("set catalog.x.credential or catalog.x.token, not both"), both.getMessage());
    assertFalse(both.getMessage().contains(SECRET_MARK), both.getMessage());
  }

  @Test
  void unreachableCatalogIsNamed() {
    SQLException e = assertThrows(SQLException.class, () -> connectWith(
        "catalog.far.type=jdbc;catalog.far.uri=jdbc:sqlite:/no/such/dir/c.db;catalog.far.warehouse=" + root
            + ";catalog.far.jdbc.password=" + SECRET_MARK));
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().startsWith("Catalog 'far': "), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET_MARK), e.getMessage());
  }

  @Test
  void refusedS3CredentialsNameTheCatalogButNotTheSecret() {
    SQLException e = assertThrows(SQLException.class, () -> connectWith(
        "catalog.remote.type=directory;catalog.remote.location=s3://" + BUCKET + "/nothing;catalog.remote.s3.endpoint="
            + s3.endpoint() + ";catalog.remote.s3.pathStyleAccess=true;catalog.remote.s3.region=us-east-1"
            + ";catalog.remote.s3.accessKeyId=" + S3ProxyServer.ACCESS_KEY
            + ";catalog.remote.s3.secretAccessKey=" + SECRET_MARK));
    assertEquals("28000", e.getSQLState());
    assertTrue(e.getMessage().startsWith("Catalog 'remote': "), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET_MARK), e.getMessage());
  }

  @Test
  void duplicateNamesAreRefused() {
    SQLException twice = assertThrows(SQLException.class, () -> DriverManager.getConnection(
        url() + ";catalogs=" + catalogsFile + ";catalog.LAKE.type=directory;catalog.LAKE.location=" + root));
    assertEquals("08001", twice.getSQLState());
    assertTrue(twice.getMessage().contains("declared twice") && twice.getMessage().contains(catalogsFile.toString()),
        twice.getMessage());
    SQLException urlName = assertThrows(
        SQLException.class, () -> connectWith("catalog.warehouse.type=directory;catalog.warehouse.location=" + root));
    assertTrue(urlName.getMessage().contains("name of the URL's catalog"), urlName.getMessage());
    SQLException spelling = assertThrows(SQLException.class, () -> connectWith(
        "catalog.a.type=directory;catalog.a.location=" + root + ";catalog.A.relocate=true"));
    assertTrue(spelling.getMessage().contains("differ only in case"), spelling.getMessage());
  }

  @Test
  void keysOfUndeclaredCatalogsAndUnknownKeysAreRefusedWithoutTheirValues() {
    SQLException undeclared = assertThrows(SQLException.class, () -> connectWith(
        "catalog.lake.type=directory;catalog.lake.location=" + root.resolve("lake")
            + ";catalog.laek.s3.secretAccessKey=" + SECRET_MARK));
    assertEquals("08001", undeclared.getSQLState());
    assertTrue(undeclared.getMessage().contains("catalog.laek.s3.secretAccessKey")
        && undeclared.getMessage().contains("no catalog.laek.type"), undeclared.getMessage());
    assertFalse(undeclared.getMessage().contains(SECRET_MARK), undeclared.getMessage());
    SQLException unknownKey = assertThrows(SQLException.class, () -> connectWith(
        "catalog.lake.type=directory;catalog.lake.location=" + root.resolve("lake")
            + ";catalog.lake.s3.secretKey=" + SECRET_MARK));
    assertTrue(unknownKey.getMessage().contains("Unknown setting catalog.lake.s3.secretKey"), unknownKey.getMessage());
    assertFalse(unknownKey.getMessage().contains(SECRET_MARK), unknownKey.getMessage());
  }

  @Test
  void closingTheConnectionClosesEveryCatalog() throws Exception {
    Path fds = Path.of("/proc/self/fd");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fds), "needs /proc to see open files");
    Path database = root.resolve("shop.db").toRealPath();
    Connection c = connect();
    try {
      assertEquals(List.of("customer-1"), QueryRows.rows(c, "SELECT name FROM shop.crm.customers WHERE id = 1"));
      assertTrue(openFiles(fds).contains(database), "the JDBC catalog holds its database open");
    } finally {
      c.close();
    }
    assertFalse(openFiles(fds).contains(database), "closing the connection closed the JDBC catalog");
    SQLException closed = assertThrows(SQLException.class, c::getCatalog);
    assertEquals("08003", closed.getSQLState());
  }

  private static List<Path> openFiles(Path fds) throws IOException {
    List<Path> files = new ArrayList<>();
    try (var links = Files.list(fds)) {
      for (Path link : links.toList()) {
        try {
          files.add(Files.readSymbolicLink(link));
        } catch (IOException | UncheckedIOException gone) {
          // the descriptor closed while listing
        }
      }
    }
    return files;
  }

  private static void connectWith(String properties) throws SQLException {
    DriverManager.getConnection(url() + ";" + properties).close();
  }

  private static List<String> describe(Connection c) throws SQLException {
    DatabaseMetaData metaData = c.getMetaData();
    List<String> rows = new ArrayList<>(column(metaData.getCatalogs(), "TABLE_CAT"));
    rows.addAll(qualified(metaData.getTables(null, null, "%", null), "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "REMARKS"));
    rows.addAll(qualified(metaData.getColumns(null, null, "%", "%"), "TABLE_CAT", "TABLE_NAME", "COLUMN_NAME", "TYPE_NAME"));
    return rows;
  }

  private static List<String> longRows(Connection c, String sql) throws SQLException {
    return QueryRows.rows(c, sql);
  }
}
