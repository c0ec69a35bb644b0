package io.lakehouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.jdbc.corpus.CorpusWarehouse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A remote Avatica client on 127.0.0.1 gets the answers an embedded connection gets. */
class RemoteQueryTest {

  private static LakehouseServer server;
  private static String remoteUrl;

  @BeforeAll
  static void start() throws SQLException {
    server = LakehouseServer.start(TestServers.corpus());
    remoteUrl = server.url();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void sameRowsRemoteAndEmbedded() throws SQLException {
    String[] queries = {
      "SELECT COUNT(*), SUM(\"id\") FROM \"basic-with-inserts-updates\"",
      "SELECT * FROM \"basic-decimal-table\"",
      "SELECT * FROM \"dat-basic_append\" FOR VERSION AS OF 0",
      "SELECT COUNT(*) FROM \"iceberg_v2_delete_positional\""
    };
    for (String sql : queries) {
      assertEquals(rows(CorpusWarehouse.url(), sql), rows(remoteUrl, sql), sql);
    }
  }

  @Test
  void preparedStatementWithParameter() throws SQLException {
    try (Connection c = DriverManager.getConnection(remoteUrl);
        PreparedStatement ps =
            c.prepareStatement("SELECT COUNT(*) FROM \"basic-with-inserts-updates\" WHERE \"id\" >= ?")) {
      ps.setInt(1, 50);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertEquals(
            rows(CorpusWarehouse.url(), "SELECT COUNT(*) FROM \"basic-with-inserts-updates\" WHERE \"id\" >= 50").get(0),
            List.of(String.valueOf(rs.getLong(1))));
      }
    }
  }

  @Test
  void theServerNamesOurProductInItsDatabaseProperties() throws SQLException {
    String embeddedVersion;
    try (Connection c = DriverManager.getConnection(CorpusWarehouse.url())) {
      embeddedVersion = c.getMetaData().getDatabaseProductVersion();
    }
    try (Connection c = DriverManager.getConnection(remoteUrl)) {
      java.util.Properties server =
          c.getMetaData().unwrap(org.apache.calcite.avatica.AvaticaSpecificDatabaseMetaData.class)
              .getRemoteAvaticaProperties();
      assertEquals("Lakehouse JDBC", server.getProperty("GET_DATABASE_PRODUCT_NAME"), server.toString());
      assertEquals(embeddedVersion, server.getProperty("GET_DATABASE_PRODUCT_VERSION"), server.toString());
    }
  }

  @Test
  void errorsReachTheClient() throws SQLException {
    try (Connection c = DriverManager.getConnection(remoteUrl)) {
      SQLException e =
          assertThrows(SQLException.class, () -> c.createStatement().executeQuery("SELECT * FROM nope"));
      assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }
  }

  private static List<List<String>> rows(String url, String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    }
    rows.sort((a, b) -> a.toString().compareTo(b.toString()));
    return rows;
  }
}
