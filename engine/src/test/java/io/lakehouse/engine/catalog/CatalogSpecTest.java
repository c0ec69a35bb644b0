package io.lakehouse.engine.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.io.S3Settings;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.LakeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalog declarations: how {@code catalog.<name>.<key>} settings are read from a file and from
 * properties, what they resolve to, and how wrong ones are refused (naming the setting, never a
 * secret); and how {@link Catalogs} opens a declared catalog.
 */
class CatalogSpecTest {

  private static final String SECRET = "do-not-print-me";

  @TempDir Path dir;

  private static Map<String, String> settings(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static LakeException refused(Map<String, String> settings) {
    return assertThrows(LakeException.class, () -> CatalogSpec.parse(settings, "connection properties", null));
  }

  @Test
  void aFileDeclaresCatalogsWithPathsRelativeToIt() throws IOException {
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Path file = conf.resolve("catalogs.properties");
    Files.writeString(file, String.join("\n",
        "# two catalogs",
        "catalog.lake.type=Directory",
        "catalog.lake.location=../lake",
        "catalog.shop.type=jdbc",
        "catalog.shop.URI=jdbc:sqlite:db/shop.db",
        "catalog.shop.warehouse=s3://bucket/shop",
        "catalog.shop.jdbc.password=" + SECRET,
        "catalog.abs.type=hadoop",
        "catalog.abs.warehouse=" + dir.resolve("hadoop"),
        ""));
    List<CatalogSpec> specs = CatalogSpec.readFile(file);
    assertEquals(List.of("abs", "lake", "shop"), specs.stream().map(CatalogSpec::name).toList());
    CatalogSpec lake = specs.get(1);
    assertEquals("directory", lake.type());
    assertEquals(dir.resolve("lake").toString(), lake.location("location", "the directory"));
    CatalogSpec shop = specs.get(2);
    assertEquals("jdbc:sqlite:" + conf.resolve("db/shop.db"), shop.jdbcUrl("uri", "the database"));
    assertEquals("s3://bucket/shop", shop.location("warehouse", "the warehouse"));
    assertEquals(dir.resolve("hadoop").toString(), specs.get(0).location("warehouse", "the warehouse"));
    assertTrue(shop.origin().contains(file.toString()), shop.origin());
    assertFalse(shop.toString().contains(SECRET), shop.toString());
  }

  @Test
  void propertiesKeepRelativePathsRelativeToTheWorkingDirectory() {
    CatalogSpec spec = CatalogSpec.parse(
        settings("CATALOG.lake.TYPE", "directory", "catalog.lake.Location", "lake"), "connection properties", null).get(0);
    assertEquals("lake", spec.name());
    assertEquals("lake", spec.location("location", "the directory"));
  }

  @Test
  void aCatalogsOwnS3SettingsOverrideTheConnectionsAndItsCredentialsComeAsAGroup() {
    Map<String, String> connection = settings(
        S3Settings.ENDPOINT, "http://127.0.0.1:9000", S3Settings.REGION, "eu-west-1",
        S3Settings.ACCESS_KEY_ID, "connection-key", S3Settings.SECRET_ACCESS_KEY, "connection-secret",
        S3Settings.SESSION_TOKEN, "connection-token");
    CatalogSpec inherits = CatalogSpec.parse(
        settings("catalog.a.type", "directory", "catalog.a.location", "s3://b/a", "catalog.a.s3.region", "us-east-2"),
        "connection properties", null).get(0);
    assertEquals(
        new S3Settings("http://127.0.0.1:9000", "us-east-2", false, "connection-key", "connection-secret", "connection-token"),
        inherits.s3(connection));
    CatalogSpec own = CatalogSpec.parse(
        settings("catalog.a.type", "directory", "catalog.a.location", "s3://b/a",
            "catalog.a.s3.accessKeyId", "own-key", "catalog.a.s3.secretAccessKey", "own-secret"),
        "connection properties", null).get(0);
    S3Settings s3 = own.s3(connection);
    assertEquals("own-key", s3.accessKeyId());
    assertNull(s3.sessionToken(), "the connection's session token belongs to the connection's keys");
    LakeException half = assertThrows(LakeException.class, () -> CatalogSpec.parse(
        settings("catalog.a.type", "directory", "catalog.a.location", "s3://b/a", "catalog.a.s3.accessKeyId", "k"),
        "connection properties", null).get(0).s3(Map.of()));
    assertTrue(half.getMessage().startsWith("Catalog 'a' in the connection properties: "), half.getMessage());
  }

  @Test
  void wrongDeclarationsAreRefusedNamingTheSettingButNoSecret() {
    LakeException noType = refused(settings("catalog.shp.s3.secretAccessKey", SECRET));
    assertEquals(LakeException.CONNECTION_ERROR, noType.sqlState());
    assertTrue(noType.getMessage().contains("catalog.shp.s3.secretAccessKey") && noType.getMessage().contains("no catalog.shp.type"),
        noType.getMessage());
    assertFalse(noType.getMessage().contains(SECRET));

    LakeException unknownType = refused(settings("catalog.x.type", "hive"));
    assertEquals(LakeException.CONNECTION_ERROR, unknownType.sqlState());
    assertTrue(unknownType.getMessage().contains("unknown type 'hive'"), unknownType.getMessage());

    LakeException restKey = refused(settings("catalog.x.type", "rest", "catalog.x.location", SECRET));
    assertTrue(restKey.getMessage().contains("Unknown setting catalog.x.location")
        && restKey.getMessage().contains("catalog.x.rest.<key>"), restKey.getMessage());
    assertFalse(restKey.getMessage().contains(SECRET));

    LakeException wrongKey = refused(settings("catalog.x.type", "directory", "catalog.x.uri", SECRET));
    assertTrue(wrongKey.getMessage().contains("Unknown setting catalog.x.uri")
        && wrongKey.getMessage().contains("catalog.x.location"), wrongKey.getMessage());
    assertFalse(wrongKey.getMessage().contains(SECRET));

    LakeException badName = refused(settings("catalog.my-lake.type", "directory"));
    assertTrue(badName.getMessage().contains("plain identifier"), badName.getMessage());

    LakeException noKey = refused(settings("catalog.lake", "directory"));
    assertTrue(noKey.getMessage().contains("catalog.<name>.<key>"), noKey.getMessage());

    LakeException cases = refused(settings("catalog.lake.type", "directory", "catalog.Lake.location", "x"));
    assertTrue(cases.getMessage().contains("differ only in case"), cases.getMessage());

    LakeException missing = assertThrows(LakeException.class, () -> CatalogSpec.parse(
        settings("catalog.lake.type", "directory"), "connection properties", null).get(0).location("location", "the dir"));
    assertTrue(missing.getMessage().contains("needs catalog.lake.location"), missing.getMessage());
  }

  @Test
  void aRestCatalogTakesItsKeysAndPassesRestKeysOnAsWritten() {
    CatalogSpec spec = CatalogSpec.parse(
        settings("catalog.rc.type", "REST", "catalog.rc.URI", "http://127.0.0.1:8181", "catalog.rc.warehouse", "wh",
            "catalog.rc.Token", SECRET, "catalog.rc.REST.header.X-Custom", "v", "catalog.rc.rest.scope", "all"),
        "connection properties", null).get(0);
    assertEquals("rest", spec.type());
    assertEquals(
        Map.of("uri", "http://127.0.0.1:8181", "warehouse", "wh", "token", SECRET, "rest.header.X-Custom", "v",
            "rest.scope", "all"),
        spec.settings());
    assertFalse(spec.toString().contains(SECRET), spec.toString());
    LakeException bare = refused(settings("catalog.rc.type", "rest", "catalog.rc.uri", "http://h", "catalog.rc.rest.", "x"));
    assertTrue(bare.getMessage().contains("Unknown setting catalog.rc.rest."), bare.getMessage());
  }

  @Test
  void aRestCatalogNeedsItsUriAndOneWayToSignIn() {
    try (Storage storage = Storage.local()) {
      CatalogSpec noUri = CatalogSpec.parse(settings("catalog.rc.type", "rest", "catalog.rc.token", SECRET), "test", null)
          .get(0);
      LakeException missing = assertThrows(LakeException.class, () -> Catalogs.open(noUri, storage, WarehouseOptions.DEFAULTS));
      assertEquals(LakeException.CONNECTION_ERROR, missing.sqlState());
      assertTrue(missing.getMessage().contains("needs catalog.rc.uri"), missing.getMessage());
      assertFalse(missing.getMessage().contains(SECRET), missing.getMessage());

      CatalogSpec both = CatalogSpec.parse(
          settings("catalog.rc.type", "rest", "catalog.rc.uri", "http://127.0.0.1:1", "catalog.rc.token", SECRET,
              "catalog.rc.credential", "id:" + SECRET), "test", null).get(0);
      LakeException twice = assertThrows(LakeException.class, () -> Catalogs.open(both, storage, WarehouseOptions.DEFAULTS));
      assertEquals(LakeException.CONNECTION_ERROR, twice.sqlState());
      assertEquals("Catalog 'rc': set catalog.rc.credential or catalog.rc.token, not both", twice.getMessage());

      // a message that repeats a secret (here in the URI) shows it masked
      CatalogSpec echoed = CatalogSpec.parse(
          settings("catalog.rc.type", "rest", "catalog.rc.uri", "http://127.0.0.1:1/" + SECRET, "catalog.rc.token", SECRET),
          "test", null).get(0);
      LakeException unreachable = assertThrows(LakeException.class, () -> Catalogs.open(echoed, storage, WarehouseOptions.DEFAULTS));
      assertEquals(LakeException.CONNECTION_ERROR, unreachable.sqlState());
      assertTrue(unreachable.getMessage().startsWith("Catalog 'rc': Cannot reach the Iceberg REST catalog 'rc' at http://127.0.0.1:1/***")
          && unreachable.getMessage().contains("Check catalog.rc.uri"), unreachable.getMessage());
      assertFalse(unreachable.getMessage().contains(SECRET), unreachable.getMessage());

      CatalogSpec rest = CatalogSpec.parse(
          settings("catalog.rc.type", "rest", "catalog.rc.uri", "http://127.0.0.1:1"), "test", null).get(0);
      LakeException confined = assertThrows(LakeException.class,
          () -> Catalogs.open(rest, storage, new WarehouseOptions(false, List.of(dir))));
      assertTrue(confined.getMessage().contains("confineToWarehouse") && confined.getMessage().contains("rest catalog"),
          confined.getMessage());
    }
  }

  @Test
  void aGlueCatalogTakesItsKeysAndIsRefusedToAConfinedConnection() {
    CatalogSpec spec = CatalogSpec.parse(
        settings("catalog.aws.type", "Glue", "catalog.aws.GLUE.region", "eu-west-1", "catalog.aws.glue.Endpoint",
            "http://127.0.0.1:1", "catalog.aws.glue.catalogid", "123456789012", "catalog.aws.warehouse", "s3://b/wh",
            "catalog.aws.s3.secretAccessKey", SECRET),
        "connection properties", null).get(0);
    assertEquals("glue", spec.type());
    assertEquals(
        Map.of("glue.region", "eu-west-1", "glue.endpoint", "http://127.0.0.1:1", "glue.catalogId", "123456789012",
            "warehouse", "s3://b/wh", "s3.secretAccessKey", SECRET),
        spec.settings());
    LakeException wrongKey = refused(settings("catalog.aws.type", "glue", "catalog.aws.uri", "http://h"));
    assertTrue(wrongKey.getMessage().contains("Unknown setting catalog.aws.uri")
        && wrongKey.getMessage().contains("catalog.aws.glue.endpoint"), wrongKey.getMessage());
    try (Storage storage = Storage.local()) {
      LakeException confined = assertThrows(LakeException.class,
          () -> Catalogs.open(spec, storage, new WarehouseOptions(false, List.of(dir))));
      assertTrue(confined.getMessage().contains("confineToWarehouse") && confined.getMessage().contains("glue catalog"),
          confined.getMessage());
    }
  }

  @Test
  void aFileIsNamedWhenMissingOrHoldingOtherSettings() throws IOException {
    Path missing = dir.resolve("none.properties");
    LakeException e = assertThrows(LakeException.class, () -> CatalogSpec.readFile(missing));
    assertEquals(LakeException.CONNECTION_ERROR, e.sqlState());
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());

    Path other = dir.resolve("other.properties");
    Files.writeString(other, "timeZone=UTC\n");
    LakeException notCatalog = assertThrows(LakeException.class, () -> CatalogSpec.readFile(other));
    assertTrue(notCatalog.getMessage().contains("'timeZone' in the catalogs file " + other), notCatalog.getMessage());
  }

  @Test
  void catalogsOpenByTypeAndNameThemselvesWhenTheyCannot() throws IOException {
    Path lake = Files.createDirectories(dir.resolve("lake"));
    try (Storage storage = Storage.local()) {
      CatalogSpec directory = CatalogSpec.parse(
          settings("catalog.lake.type", "directory", "catalog.lake.location", lake.toString()), "test", null).get(0);
      try (TableCatalog catalog = Catalogs.open(directory, storage, WarehouseOptions.DEFAULTS)) {
        assertEquals(Map.of(Warehouse.DEFAULT_SCHEMA, lake.toString()), catalog.schemas());
      }

      CatalogSpec gone = CatalogSpec.parse(
          settings("catalog.gone.type", "hadoop", "catalog.gone.warehouse", dir.resolve("gone").toString()), "test", null)
          .get(0);
      LakeException e = assertThrows(LakeException.class, () -> Catalogs.open(gone, storage, WarehouseOptions.DEFAULTS));
      assertTrue(e.getMessage().startsWith("Catalog 'gone': "), e.getMessage());

      CatalogSpec jdbc = CatalogSpec.parse(
          settings("catalog.db.type", "jdbc", "catalog.db.uri", "jdbc:sqlite:" + dir.resolve("c.db"),
              "catalog.db.warehouse", lake.toString()), "test", null).get(0);
      LakeException confined = assertThrows(LakeException.class,
          () -> Catalogs.open(jdbc, storage, new WarehouseOptions(false, List.of(lake.toRealPath()))));
      assertEquals(LakeException.CONNECTION_ERROR, confined.sqlState());
      assertTrue(confined.getMessage().contains("confineToWarehouse"), confined.getMessage());
    }
  }
}
