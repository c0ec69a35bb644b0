package io.lakehouse.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lakehouse.engine.table.LakeException;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.io.StorageCredential;
import org.junit.jupiter.api.Test;

/**
 * Which S3 settings a table's files are read with: what the catalog hands out (properties, then the
 * storage credential with the longest matching prefix) over the connection's own settings.
 */
class CatalogFileIOTest {

  private static final S3Settings CONNECTION =
      new S3Settings("http://127.0.0.1:9000", "eu-west-1", true, "connection-key", "connection-secret", null);

  @Test
  void vendedPropertiesOverrideTheConnectionsSettings() {
    try (Storage storage = Storage.create(Map.of(), CONNECTION)) {
      CatalogFileIO io = new CatalogFileIO(
          storage,
          Map.of(
              "s3.endpoint", "http://127.0.0.1:9100",
              "s3.path-style-access", "false",
              "client.region", "us-east-2",
              "s3.access-key-id", "vended-key",
              "s3.secret-access-key", "vended-secret",
              "s3.session-token", "vended-token",
              "uri", "http://catalog"));
      assertEquals(
          new S3Settings("http://127.0.0.1:9100", "us-east-2", false, "vended-key", "vended-secret", "vended-token"),
          io.settingsFor("s3://lake/wh/t/data/a.parquet"));
    }
  }

  @Test
  void whatIsNotVendedIsTheConnections() {
    try (Storage storage = Storage.create(Map.of(), CONNECTION)) {
      assertEquals(CONNECTION, new CatalogFileIO(storage, Map.of("uri", "http://catalog")).settingsFor("s3://lake/x"));
      CatalogFileIO keysOnly = new CatalogFileIO(
          storage, Map.of("s3.access-key-id", "vended-key", "s3.secret-access-key", "vended-secret"));
      assertEquals(
          new S3Settings("http://127.0.0.1:9000", "eu-west-1", true, "vended-key", "vended-secret", null),
          keysOnly.settingsFor("s3://lake/x"));
    }
  }

  @Test
  void theLongestMatchingStorageCredentialWins() {
    try (Storage storage = Storage.create(Map.of(), CONNECTION)) {
      CatalogFileIO io = new CatalogFileIO(
          storage, Map.of("s3.access-key-id", "table-key", "s3.secret-access-key", "table-secret"));
      io.setCredentials(List.of(
          StorageCredential.create(
              "s3://lake/", Map.of("s3.access-key-id", "bucket-key", "s3.secret-access-key", "bucket-secret")),
          StorageCredential.create(
              "s3://lake/wh/orders/",
              Map.of("s3.access-key-id", "orders-key", "s3.secret-access-key", "orders-secret",
                  "s3.session-token", "orders-token"))));
      assertEquals("orders-key", io.settingsFor("s3://lake/wh/orders/data/a.parquet").accessKeyId());
      assertEquals("orders-token", io.settingsFor("s3://lake/wh/orders/data/a.parquet").sessionToken());
      assertEquals("bucket-key", io.settingsFor("s3://lake/wh/items/data/a.parquet").accessKeyId());
      assertEquals(null, io.settingsFor("s3://lake/wh/items/data/a.parquet").sessionToken());
      assertEquals("table-key", io.settingsFor("s3://other/wh/a.parquet").accessKeyId());
      assertEquals("http://127.0.0.1:9000", io.settingsFor("s3://lake/wh/orders/data/a.parquet").endpoint());
    }
  }

  @Test
  void aKeyWithoutItsSecretIsRefused() {
    try (Storage storage = Storage.create(Map.of(), CONNECTION)) {
      CatalogFileIO io = new CatalogFileIO(storage, Map.of("s3.access-key-id", "vended-key"));
      LakeException e = assertThrows(LakeException.class, () -> io.settingsFor("s3://lake/x"));
      assertEquals(LakeException.CONNECTION_ERROR, e.sqlState());
    }
  }
}
