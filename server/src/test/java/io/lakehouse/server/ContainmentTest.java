package io.lakehouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.lakehouse.engine.write.DeltaWriter;
import io.lakehouse.engine.write.IcebergWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing outside the warehouse can be read through the server: not by a path in SQL, not by
 * {@code ..} in a name, not through a link out of the warehouse, not through a table whose
 * metadata names files elsewhere. Each escape is first shown to work over an unconfined embedded
 * connection, so that the test would notice a server that simply fails to read anything.
 */
class ContainmentTest {

  @TempDir static Path base;
  private static Path warehouse;
  private static Path outside;
  private static LakehouseServer server;

  @BeforeAll
  static void build() throws Exception {
    warehouse = Files.createDirectories(base.resolve("warehouse"));
    outside = Files.createDirectories(base.resolve("outside"));
    StructType schema = new StructType().add("id", LongType.LONG).add("secret", StringType.STRING);
    DeltaWriter.builder(outside.resolve("secrets").toString(), schema)
        .create(List.of(List.of(1L, "the outside delta table")));
    DeltaWriter.builder(warehouse.resolve("inside").toString(), schema).create(List.of(List.of(1L, "inside")));

    // A link out of the warehouse.
    Files.createSymbolicLink(warehouse.resolve("escape"), outside.resolve("secrets"));

    // A Delta table inside whose log names a data file outside by absolute path.
    Path log = Files.createDirectories(warehouse.resolve("delta_pointing_out").resolve("_delta_log"));
    try (Stream<Path> commits = Files.list(outside.resolve("secrets").resolve("_delta_log"))) {
      for (Path commit : commits.filter(p -> p.toString().endsWith(".json")).toList()) {
        String text = Files.readString(commit)
            .replace("\"path\":\"", "\"path\":\"" + outside.resolve("secrets").toUri());
        Files.writeString(log.resolve(commit.getFileName()), text);
      }
    }

    // An Iceberg table inside whose metadata (absolute paths, as Iceberg writes them) lies
    // inside but whose manifests and data files are those of a table outside.
    Schema iceberg = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "secret", Types.StringType.get()));
    IcebergWriter.builder(outside.resolve("isecrets").toString(), iceberg)
        .create()
        .append(List.of(List.of(1L, "the outside iceberg table")));
    Path metadata = Files.createDirectories(warehouse.resolve("iceberg_pointing_out").resolve("metadata"));
    try (Stream<Path> files = Files.list(outside.resolve("isecrets").resolve("metadata"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".metadata.json") || p.endsWith("version-hint.text")).toList()) {
        Files.copy(file, metadata.resolve(file.getFileName()));
      }
    }
    server = LakehouseServer.start(ServerConfig.forWarehouse(warehouse.toString()).set("port", "0"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theInsideTableIsServed() throws SQLException {
    assertEquals(List.of("inside"), rows(server.url(), "SELECT \"secret\" FROM \"inside\""));
  }

  @Test
  void aLinkOutOfTheWarehouseIsNotATable() throws SQLException {
    String sql = "SELECT \"secret\" FROM \"escape\"";
    assertEquals(List.of("the outside delta table"), rows(embedded(), sql));
    SQLException e = assertThrows(SQLException.class, () -> rows(server.url(), sql));
    assertTrue(e.getMessage().contains("escape") && e.getSQLState().startsWith("42"), e + " " + e.getSQLState());
  }

  @Test
  void aDeltaLogNamingAFileOutsideCannotReadIt() throws SQLException {
    String sql = "SELECT \"secret\" FROM \"delta_pointing_out\"";
    assertEquals(List.of("the outside delta table"), rows(embedded(), sql));
    assertOutside(assertThrows(SQLException.class, () -> rows(server.url(), sql)));
  }

  @Test
  void icebergMetadataNamingFilesOutsideCannotReadThem() throws SQLException {
    String sql = "SELECT \"secret\" FROM \"iceberg_pointing_out\"";
    assertEquals(List.of("the outside iceberg table"), rows(embedded(), sql));
    assertOutside(assertThrows(SQLException.class, () -> rows(server.url(), sql)));
  }

  @Test
  void pathsAndDotDotInNamesAreNotTables() throws IOException {
    Files.writeString(outside.resolve("passwd"), "root:x:0:0");
    for (String name :
        List.of(
            "\"../outside/secrets\"", "\"..\".\"secrets\"", "\"" + outside.resolve("secrets") + "\"",
            "\"" + outside.resolve("secrets").toUri() + "\"", "\"default\".\"../escape\"", "\"/etc/passwd\"")) {
      SQLException e = assertThrows(SQLException.class, () -> rows(server.url(), "SELECT * FROM " + name));
      assertTrue(e.getSQLState() != null && e.getSQLState().startsWith("42"), name + ": " + e + " " + e.getSQLState());
    }
  }

  @Test
  void theServerNeverWrites() throws Exception {
    List<String> before = listing();
    for (String sql :
        List.of(
            "INSERT INTO \"inside\" VALUES (2, 'x')", "DELETE FROM \"inside\"", "CREATE TABLE t (a INT)",
            "DROP TABLE \"inside\"")) {
      assertThrows(SQLException.class, () -> {
        try (Connection c = DriverManager.getConnection(server.url())) {
          c.createStatement().execute(sql);
        }
      }, sql);
    }
    assertEquals(before, listing());
    assertEquals(List.of("inside"), rows(server.url(), "SELECT \"secret\" FROM \"inside\""));
  }

  private static List<String> listing() throws IOException {
    try (Stream<Path> files = Files.walk(warehouse)) {
      return files.map(p -> p + " " + p.toFile().length()).sorted().toList();
    }
  }

  private static void assertOutside(SQLException e) {
    String all = e.toString() + (e.getCause() == null ? "" : e.getCause().toString());
    assertTrue(all.contains("outside the warehouse roots"), all);
    assertTrue(!all.contains("the outside"), "no data may leak into the message: " + all);
  }

  private static String embedded() {
    return "jdbc:lakehouse:" + warehouse;
  }

  private static List<String> rows(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      List<String> values = new java.util.ArrayList<>();
      while (rs.next()) {
        values.add(rs.getString(1));
      }
      return values;
    }
  }
}
