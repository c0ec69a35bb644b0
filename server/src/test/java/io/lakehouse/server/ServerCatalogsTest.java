package io.lakehouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.jdbc.corpus.CorpusWarehouse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server whose connections have several catalogs (set by the server, confined like its
 * warehouse): remote clients see the catalogs in their metadata and query by three-part names, and
 * cannot declare catalogs of their own (as any property beyond the few a client may set).
 */
class ServerCatalogsTest {

  private static LakehouseServer server;

  @BeforeAll
  static void start() throws SQLException {
    server = LakehouseServer.start(TestServers.corpus()
        .property("catalog.again.type", "directory")
        .property("catalog.again.location", CorpusWarehouse.directory().toString())
        .property("catalog.again.relocate", "true"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void remoteClientsSeeEveryCatalogAndQueryByThreePartNames() throws SQLException {
    try (Connection c = DriverManager.getConnection(server.url())) {
      List<String> catalogs = new ArrayList<>();
      try (ResultSet rs = c.getMetaData().getCatalogs()) {
        while (rs.next()) {
          catalogs.add(rs.getString("TABLE_CAT"));
        }
      }
      assertEquals(List.of("again", "warehouse"), catalogs);
      try (ResultSet rs = c.getMetaData().getTables("again", "default", "dat-basic_append", null)) {
        assertTrue(rs.next());
        assertEquals("again", rs.getString("TABLE_CAT"));
      }
      assertEquals(
          count(c, "SELECT count(*) FROM \"dat-basic_append\""),
          count(c, "SELECT count(*) FROM again.\"default\".\"dat-basic_append\""));
    }
  }

  @Test
  void clientsCannotDeclareCatalogs() {
    Properties properties = new Properties();
    properties.setProperty("catalog.mine.type", "directory");
    properties.setProperty("catalog.mine.location", "/");
    // Avatica's thin client reports a refused connection as a runtime exception
    Exception e = assertThrows(Exception.class, () -> {
      try (Connection c = DriverManager.getConnection(server.url(), properties)) {
        count(c, "SELECT 1");
      }
    });
    assertTrue(e.getMessage().contains("Unknown connection property 'catalog.mine."), e.getMessage());
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
