package io.lakehouse.jdbc.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Metadata tables through SQL: {@code "t$snapshots"} and the others answer from the table's own
 * metadata (checked here against the metadata file itself), accept time travel, and stay out of
 * {@code DatabaseMetaData} listings.
 */
class MetadataTablesTest {

  private static final String ICEBERG = "iceberg_v2_delete_positional";

  @Test
  void snapshotsMatchTheMetadataFile() throws Exception {
    JsonNode metadata = currentIcebergMetadata(ICEBERG);
    Set<Long> expected = new TreeSet<>();
    metadata.get("snapshots").forEach(s -> expected.add(s.get("snapshot-id").asLong()));
    Set<Long> actual = new TreeSet<>();
    for (Object[] row : CorpusQueries.rows("SELECT \"version\" FROM \"" + ICEBERG + "$snapshots\"")) {
      actual.add(((Number) row[0]).longValue());
    }
    assertEquals(expected, actual);
    List<Object[]> current = CorpusQueries.rows("SELECT \"snapshot_id\" FROM \"" + ICEBERG + "$refs\" WHERE \"name\" = 'main'");
    assertEquals(metadata.get("current-snapshot-id").asLong(), ((Number) current.get(0)[0]).longValue());
  }

  @Test
  void filesAddUpToTheTableAndTravelInTime() throws Exception {
    String table = "iceberg_v2_no_deletes";
    long rows = CorpusQueries.number("SELECT count(*) FROM \"" + table + "\"");
    long recorded = CorpusQueries.number("SELECT sum(\"record_count\") FROM \"" + table + "$files\"");
    assertEquals(rows, recorded);

    JsonNode metadata = currentIcebergMetadata(ICEBERG);
    long first = metadata.get("snapshots").get(0).get("snapshot-id").asLong();
    long filesThen = count("\"" + ICEBERG + "$files\" FOR VERSION AS OF " + first);
    long filesNow = count("\"" + ICEBERG + "$files\"");
    assertTrue(filesThen >= 1 && filesThen <= filesNow, filesThen + " files then, " + filesNow + " now");
  }

  @Test
  void metadataTablesAreNotListed() throws SQLException {
    try (Connection c = DriverManager.getConnection(CorpusWarehouse.url())) {
      DatabaseMetaData md = c.getMetaData();
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = md.getTables(null, "default", "%", null)) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
      assertTrue(tables.contains(ICEBERG), tables.toString());
      assertFalse(tables.stream().anyMatch(t -> t.contains("$")), tables.toString());
      try (ResultSet rs = md.getColumns(null, "default", ICEBERG + "%", "%")) {
        int columns = 0;
        while (rs.next()) {
          assertEquals(ICEBERG, rs.getString("TABLE_NAME"));
          columns++;
        }
        assertTrue(columns > 0);
      }
    }
  }

  private static JsonNode currentIcebergMetadata(String table) throws IOException {
    Path dir = CorpusWarehouse.shared().resolve("tables/iceberg").resolve(table).resolve("table/metadata");
    try (Stream<Path> files = Files.list(dir)) {
      Path newest = files
          .filter(p -> p.getFileName().toString().matches("v\\d+\\.metadata\\.json"))
          .max((a, b) -> Integer.compare(version(a), version(b)))
          .orElseThrow();
      return new ObjectMapper().readTree(newest.toFile());
    }
  }

  private static int version(Path metadataFile) {
    String name = metadataFile.getFileName().toString();
    return Integer.parseInt(name.substring(1, name.indexOf('.')));
  }

  private static long count(String from) throws SQLException {
    return CorpusQueries.number("SELECT count(*) FROM " + from);
  }
}
