package io.lakehouse.jdbc;

import io.lakehouse.engine.calcite.LakehouseSchemas;
import io.lakehouse.engine.calcite.QueryResources;
import io.lakehouse.engine.catalog.Warehouse;
import io.lakehouse.engine.catalog.WarehouseOptions;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.LakeException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.jdbc.CalciteConnection;

/**
 * The JDBC driver for {@code jdbc:lakehouse:<warehouse>[;key=value...]}: a Calcite connection whose
 * schemas are the warehouse's (see {@link Warehouse}), with the lakehouse SQL dialect (time travel),
 * case-insensitive unquoted identifiers and double-quoted names for anything else.
 */
public final class LakehouseDriver extends org.apache.calcite.jdbc.Driver {

  /** The URL prefix this driver accepts. */
  public static final String PREFIX = "jdbc:lakehouse:";

  static final String PRODUCT_NAME = "Lakehouse JDBC";
  static final String VERSION = "0.1.0";

  static {
    new LakehouseDriver().register();
  }

  @Override
  protected String getConnectStringPrefix() {
    return PREFIX;
  }

  @Override
  protected DriverVersion createDriverVersion() {
    return new DriverVersion(PRODUCT_NAME, VERSION, PRODUCT_NAME, VERSION, true, 0, 1, 0, 1);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    ConnectionSettings settings = ConnectionSettings.parse(PREFIX, url, info);
    Warehouse warehouse;
    try {
      warehouse =
          new Warehouse(
              settings.warehouse(),
              Storage.create(Map.of()),
              new WarehouseOptions(settings.relocate()));
    } catch (LakeException e) {
      throw new SQLException(e.getMessage(), e.sqlState(), e);
    }
    Properties calcite = new Properties();
    calcite.setProperty("parserFactory", "io.lakehouse.engine.sql.parser.LakehouseSqlParserImpl#FACTORY");
    calcite.setProperty("typeSystem", "io.lakehouse.engine.calcite.LakehouseTypeSystem#INSTANCE");
    calcite.setProperty("quoting", "DOUBLE_QUOTE");
    calcite.setProperty("unquotedCasing", "UNCHANGED");
    calcite.setProperty("quotedCasing", "UNCHANGED");
    calcite.setProperty("caseSensitive", "false");
    calcite.setProperty("conformance", "LENIENT");
    calcite.setProperty("timeZone", settings.timeZone());
    Connection connection = super.connect(PREFIX, calcite);
    CalciteConnection calciteConnection = connection.unwrap(CalciteConnection.class);
    QueryResources resources = new QueryResources(settings.memoryLimit(), settings.batchSize(), settings.dataSkipping());
    try {
      LakehouseSchemas.register(calciteConnection.getRootSchema(), warehouse, resources);
    } catch (LakeException e) {
      connection.close();
      throw new SQLException(e.getMessage(), e.sqlState(), e);
    }
    calciteConnection.setSchema(Warehouse.DEFAULT_SCHEMA);
    return JdbcProxies.connection(connection, resources);
  }
}
