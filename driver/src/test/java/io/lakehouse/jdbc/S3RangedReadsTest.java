package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.lakehouse.engine.io.S3ProxyServer;
import io.lakehouse.engine.io.S3Requests;
import io.lakehouse.engine.write.DeltaWriter;
import io.lakehouse.engine.write.IcebergWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What a query fetches from S3, counted at the client: a query whose filter keeps one of three
 * data files reads nothing of the other two, and of the kept one only its footer (one suffix
 * request) and the chunks of the columns it needs (one ranged request: the chunks of {@code id}
 * and {@code name} are coalesced across the small {@code flag} chunk between them), never the
 * large {@code payload} column.
 */
class S3RangedReadsTest {

  private static final String BUCKET = "ranged";
  private static final int ROWS_PER_FILE = 10_000;
  private static final int FILES = 3;

  @TempDir static Path local;

  private static S3ProxyServer s3;
  /** Data file key → size, per table. */
  private static final Map<String, Map<String, Long>> DATA_FILES = new TreeMap<>();

  @BeforeAll
  static void writeAndUpload() {
    s3 = S3ProxyServer.shared();
    s3.createBucket(BUCKET);
    Random random = new Random(42);
    List<List<Object>> rows = new ArrayList<>();
    for (long id = 0; id < (long) ROWS_PER_FILE * FILES; id++) {
      StringBuilder payload = new StringBuilder();
      for (int i = 0; i < 60; i++) {
        payload.append((char) ('a' + random.nextInt(26)));
      }
      rows.add(Arrays.asList(id, id % 2 == 0, "name-" + id, payload.toString()));
    }
    StructType delta = new StructType()
        .add("id", LongType.LONG).add("flag", BooleanType.BOOLEAN)
        .add("name", StringType.STRING).add("payload", StringType.STRING);
    DeltaWriter.builder(local.resolve("delta_wide").toString(), delta).rowsPerFile(ROWS_PER_FILE).create(rows);

    Schema iceberg = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "flag", Types.BooleanType.get()),
        Types.NestedField.optional(3, "name", Types.StringType.get()),
        Types.NestedField.optional(4, "payload", Types.StringType.get()));
    IcebergWriter writer = IcebergWriter.builder(local.resolve("iceberg_wide").toString(), iceberg).create();
    for (int file = 0; file < FILES; file++) {
      writer.append(rows.subList(file * ROWS_PER_FILE, (file + 1) * ROWS_PER_FILE));
    }
    for (String table : List.of("delta_wide", "iceberg_wide")) {
      s3.upload(local.resolve(table), BUCKET, "wh/" + table);
      DATA_FILES.put(
          table,
          s3.client().listObjectsV2(b -> b.bucket(BUCKET).prefix("wh/" + table + "/")).contents().stream()
              .filter(o -> o.key().endsWith(".parquet") && !o.key().contains("/metadata/") && !o.key().contains("_delta_log"))
              .collect(Collectors.toMap(S3Object::key, S3Object::size)));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"delta_wide", "iceberg_wide"})
  void skippingQueryFetchesOnlyFooterAndNeededChunksOfTheKeptFile(String table) throws SQLException {
    Map<String, Long> dataFiles = DATA_FILES.get(table);
    assertEquals(FILES, dataFiles.size(), dataFiles.toString());
    long wanted = ROWS_PER_FILE + 17;
    String url = "jdbc:lakehouse:s3://" + BUCKET + "/wh;relocate=true" + s3.urlProperties();
    try (Connection c = DriverManager.getConnection(url)) {
      S3Requests requests = c.unwrap(LakehouseConnection.class).s3Requests();
      requests.clear();
      List<String> rows = S3WarehouseTest.rows(c, "SELECT id, name FROM " + table + " WHERE id = " + wanted);
      assertEquals(List.of(wanted + "|name-" + wanted), rows);

      List<S3Requests.Request> dataGets =
          requests.matching(r -> r.isGetObject() && dataFiles.containsKey(r.key()));
      String read = dataGets.get(0).key();
      assertTrue(dataGets.stream().allMatch(r -> r.key().equals(read)), "only the kept file is read: " + dataGets);
      assertEquals(2, dataGets.size(), "a footer and one coalesced range: " + dataGets);
      assertEquals("bytes=-65536", dataGets.get(0).range(), "the footer comes by one suffix request");
      S3Requests.Request chunks = dataGets.get(1);
      assertTrue(chunks.range().matches("bytes=\\d+-\\d+"), chunks.toString());
      long fileSize = dataFiles.get(read);
      long fetched = dataGets.stream().mapToLong(S3Requests.Request::bodyBytes).sum();
      // The payload column is about 60 of the row's ~80 bytes: it must not be fetched.
      assertTrue(fetched < fileSize / 2, "fetched " + fetched + " bytes of a " + fileSize + " byte file: " + dataGets);
      assertTrue(
          requests.matching(r -> !r.isGetObject() && dataFiles.containsKey(r.key())).isEmpty(),
          "no HEAD of a data file: its length comes from the table's metadata");
      // A missing _last_checkpoint is asked for once per snapshot, not retried.
      List<S3Requests.Request> checkpointHints = requests.matching(r -> r.key() != null && r.key().endsWith("/_last_checkpoint"));
      assertTrue(checkpointHints.size() <= 3, checkpointHints.toString());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"delta_wide", "iceberg_wide"})
  void aFileReadAgainCostsNoFooterOrMetadataRequest(String table) throws SQLException {
    Map<String, Long> dataFiles = DATA_FILES.get(table);
    String url = "jdbc:lakehouse:s3://" + BUCKET + "/wh;relocate=true" + s3.urlProperties();
    try (Connection c = DriverManager.getConnection(url)) {
      S3Requests requests = c.unwrap(LakehouseConnection.class).s3Requests();
      String sql = "SELECT count(*) FROM " + table + " WHERE id < 5 AND name <> 'x'";
      assertEquals(List.of("5"), S3WarehouseTest.rows(c, sql));
      assertEquals(1, requests.matching(r -> r.isGetObject() && dataFiles.containsKey(r.key()) && r.range().startsWith("bytes=-")).size());
      requests.clear();
      assertEquals(List.of("5"), S3WarehouseTest.rows(c, sql));
      List<S3Requests.Request> dataGets = requests.matching(r -> r.isGetObject() && dataFiles.containsKey(r.key()));
      assertEquals(1, dataGets.size(), "only the column chunks, the footer is cached: " + dataGets);
      assertTrue(dataGets.get(0).range().matches("bytes=\\d+-\\d+"), dataGets.toString());
      List<S3Requests.Request> metadataGets =
          requests.matching(
              r -> r.isGetObject() && (r.key().contains("/_delta_log/") || r.key().contains("/metadata/"))
                  && !r.key().endsWith("/_last_checkpoint") && !r.key().contains("version-hint"));
      assertEquals(List.of(), metadataGets, "log and metadata files read before come from the cache");
    }
  }
}
