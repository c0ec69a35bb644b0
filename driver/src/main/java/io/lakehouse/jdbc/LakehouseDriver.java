package io.lakehouse.jdbc;

import io.lakehouse.engine.calcite.CatalogSchemas;
import io.lakehouse.engine.calcite.LakehousePrepare;
import io.lakehouse.engine.calcite.LakehouseSchemas;
import io.lakehouse.engine.calcite.QueryResources;
import io.lakehouse.engine.catalog.TableCatalog;
import io.lakehouse.engine.catalog.Warehouse;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.LakeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.SharedConnectionMeta;

/**
 * The JDBC driver for {@code jdbc:lakehouse:<warehouse>[;key=value...]}: a Calcite connection whose
 * schemas are the warehouse's (see {@link Warehouse}), with the lakehouse SQL dialect (time travel),
 * case-insensitive unquoted identifiers and double-quoted names for anything else. With several
 * catalogs ({@link ConnectionCatalogs}) each is a JDBC catalog and tables have three-part names.
 */
public final class LakehouseDriver extends org.apache.calcite.jdbc.Driver {

  /** The URL prefix this driver accepts. */
  public static final String PREFIX = "jdbc:lakehouse:";

  static final String PRODUCT_NAME = "Lakehouse JDBC";
  /** The project version the driver was built as, e.g. {@code 0.1.0-SNAPSHOT}. */
  static final String VERSION = readVersion();

  /** The catalogs of the connection being opened on this thread, for {@link #createMeta}. */
  private static final ThreadLocal<ConnectionCatalogs> CONNECTING = new ThreadLocal<>();

  static {
    new LakehouseDriver().register();
  }

  @Override
  protected String getConnectStringPrefix() {
    return PREFIX;
  }

  /** Calcite's preparation with heuristic join ordering and hash joins: see {@link LakehousePrepare}. */
  @Override
  public CalcitePrepare createPrepare() {
    return new LakehousePrepare();
  }

  @Override
  protected DriverVersion createDriverVersion() {
    int[] numbers = versionNumbers(VERSION);
    return new DriverVersion(
        PRODUCT_NAME, VERSION, PRODUCT_NAME, VERSION, true, numbers[0], numbers[1], numbers[0], numbers[1]);
  }

  private static String readVersion() {
    Properties properties = new Properties();
    try (InputStream in = LakehouseDriver.class.getResourceAsStream("driver.properties")) {
      if (in == null) {
        throw new IllegalStateException("driver.properties is missing from the driver jar");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the driver's version from driver.properties", e);
    }
    return properties.getProperty("version");
  }

  /** Major and minor of a version like {@code 1.2.3-SNAPSHOT}. */
  static int[] versionNumbers(String version) {
    String[] parts = version.split("[.-]");
    int[] numbers = new int[2];
    for (int i = 0; i < 2 && i < parts.length; i++) {
      numbers[i] = Integer.parseInt(parts[i]);
    }
    return numbers;
  }

  /**
   * Calcite's metadata with our {@code getTables} and {@code getColumns} rows. Avatica calls this
   * while it constructs the connection, inside {@link #connect}.
   */
  @Override
  public Meta createMeta(AvaticaConnection connection) {
    ConnectionCatalogs catalogs = CONNECTING.get();
    if (catalogs == null) {
      throw new IllegalStateException("A lakehouse connection is opened only through LakehouseDriver.connect");
    }
    return new SharedConnectionMeta(
        (CalciteConnection) connection,
        new MetadataFactories.Tables(catalogs),
        new MetadataFactories.Columns(),
        catalogs::schemas);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    ConnectionSettings settings = ConnectionSettings.parse(PREFIX, url, info);
    // checked before storage and catalogs are opened, so that a wrong value leaves nothing open
    long memoryLimit = settings.memoryLimit();
    int batchSize = settings.batchSize();
    boolean dataSkipping = settings.dataSkipping();
    int scanThreads = settings.scanThreads();
    long splitSize = settings.scanSplitSize();
    List<Path> roots = settings.confinementRoots();
    Storage storage = roots.isEmpty() ? Storage.create(Map.of(), settings.s3()) : Storage.confined(roots);
    ConnectionCatalogs catalogs;
    try {
      catalogs = ConnectionCatalogs.open(settings, storage, roots);
    } catch (SQLException | RuntimeException e) {
      storage.close();
      throw e;
    }
    Properties calcite = new Properties();
    calcite.setProperty("parserFactory", "io.lakehouse.engine.sql.parser.LakehouseSqlParser#FACTORY");
    calcite.setProperty("typeSystem", "io.lakehouse.engine.calcite.LakehouseTypeSystem#INSTANCE");
    calcite.setProperty("quoting", "DOUBLE_QUOTE");
    calcite.setProperty("unquotedCasing", "UNCHANGED");
    calcite.setProperty("quotedCasing", "UNCHANGED");
    calcite.setProperty("caseSensitive", "false");
    calcite.setProperty("conformance", "LENIENT");
    calcite.setProperty("timeZone", settings.timeZone());
    Connection connection;
    CONNECTING.set(catalogs);
    try {
      connection = super.connect(PREFIX, calcite);
    } finally {
      CONNECTING.remove();
    }
    CalciteConnection calciteConnection = connection.unwrap(CalciteConnection.class);
    SharedConnectionMeta.makeThreadSafe(calciteConnection);
    QueryResources resources = new QueryResources(memoryLimit, batchSize, dataSkipping, scanThreads, splitSize);
    TableCatalog defaultCatalog = catalogs.defaultCatalog();
    try {
      if (catalogs.several()) {
        catalogs.registered(CatalogSchemas.register(
            calciteConnection.getRootSchema(), catalogs.byName(), catalogs.defaultName(), resources));
      } else {
        LakehouseSchemas.register(calciteConnection.getRootSchema(), defaultCatalog, resources);
      }
    } catch (LakeException e) {
      connection.close();
      catalogs.close();
      storage.close();
      throw new SQLException(e.getMessage(), e.sqlState(), e);
    }
    if (defaultCatalog.defaultSchema() != null) {
      calciteConnection.setSchema(defaultCatalog.defaultSchema());
    }
    return JdbcProxies.connection(
        connection, resources, storage, catalogs, TimeZone.getTimeZone(settings.timeZone()).toZoneId());
  }
}
