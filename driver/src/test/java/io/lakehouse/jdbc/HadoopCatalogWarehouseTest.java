package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lakehouse.engine.io.S3ProxyServer;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.write.IcebergWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An Iceberg Hadoop (directory) catalog is a warehouse: each namespace directory is a schema, each
 * table directory below it a table. The catalog is written by iceberg-core's {@link HadoopCatalog}
 * and read from its directory and, uploaded, from S3.
 */
class HadoopCatalogWarehouseTest {

  @TempDir static Path warehouse;
  private static S3ProxyServer s3;

  @BeforeAll
  static void writeCatalog() {
    Schema schema = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "region", Types.StringType.get()));
    try (HadoopCatalog catalog = new HadoopCatalog(Storage.local().hadoopConf(), warehouse.toString())) {
      catalog.createNamespace(Namespace.of("sales"));
      catalog.createNamespace(Namespace.of("hr"));
      for (TableIdentifier id : List.of(TableIdentifier.of("sales", "orders"), TableIdentifier.of("sales", "returns"),
          TableIdentifier.of("hr", "people"))) {
        String location = catalog.createTable(id, schema).location();
        List<List<Object>> rows = new ArrayList<>();
        for (long i = 0; i < 5; i++) {
          rows.add(Arrays.asList(i, id.name() + "-" + i));
        }
        IcebergWriter.open(location).append(rows);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    s3 = S3ProxyServer.shared();
    s3.createBucket("catalogs");
    s3.upload(warehouse, "catalogs", "hadoop");
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "s3"})
  void namespacesAreSchemasAndTheirTablesAreRead(String where) throws SQLException {
    String url = where.equals("local")
        ? "jdbc:lakehouse:" + warehouse
        : "jdbc:lakehouse:s3://catalogs/hadoop;relocate=true" + s3.urlProperties();
    try (Connection c = DriverManager.getConnection(url)) {
      Map<String, List<String>> tables = new TreeMap<>();
      try (ResultSet rs = c.getMetaData().getTables(null, null, "%", null)) {
        while (rs.next()) {
          tables.computeIfAbsent(rs.getString("TABLE_SCHEM"), k -> new ArrayList<>()).add(rs.getString("TABLE_NAME"));
        }
      }
      tables.remove("metadata"); // Calcite's own
      tables.values().forEach(names -> names.sort(null));
      assertEquals(Map.of("hr", List.of("people"), "sales", List.of("orders", "returns")), tables);
      assertEquals(
          List.of("3|orders-3"), S3WarehouseTest.rows(c, "SELECT id, region FROM sales.orders WHERE id = 3"));
      assertEquals(List.of("5"), S3WarehouseTest.rows(c, "SELECT count(*) FROM hr.people"));
    }
  }
}
