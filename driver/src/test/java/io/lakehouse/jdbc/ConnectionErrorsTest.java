package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user gets for a bad URL, property or statement: one clear error, no connection. */
class ConnectionErrorsTest {

  @TempDir Path warehouse;

  @Test
  void driverIsFoundThroughServiceLoader() throws SQLException {
    assertTrue(DriverManager.getDriver("jdbc:lakehouse:" + warehouse) instanceof LakehouseDriver);
  }

  @Test
  void otherUrlsAreNotOurs() throws SQLException {
    assertNull(new LakehouseDriver().connect("jdbc:postgresql://localhost/x", new Properties()));
  }

  @Test
  void missingWarehouseIsNamed() {
    Path missing = warehouse.resolve("no-such-dir");
    SQLException e =
        assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:lakehouse:" + missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertEquals("42704", e.getSQLState());
  }

  @Test
  void emptyWarehouseLocationIsExplained() {
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:lakehouse:"));
    assertTrue(e.getMessage().contains("No warehouse"), e.getMessage());
  }

  @Test
  void unknownPropertyIsRejectedWithTheKnownOnes() {
    SQLException e =
        assertThrows(
            SQLException.class,
            () -> DriverManager.getConnection("jdbc:lakehouse:" + warehouse + ";relocat=true"));
    assertTrue(e.getMessage().contains("relocat"), e.getMessage());
    assertTrue(e.getMessage().contains("relocate"), e.getMessage());
  }

  @Test
  void badPropertyValuesAreRejected() {
    Properties props = new Properties();
    props.setProperty("memoryLimit", "lots");
    SQLException e =
        assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:lakehouse:" + warehouse, props));
    assertTrue(e.getMessage().contains("memoryLimit"), e.getMessage());
    SQLException zone =
        assertThrows(
            SQLException.class,
            () -> DriverManager.getConnection("jdbc:lakehouse:" + warehouse + ";timeZone=Mars/Base"));
    assertTrue(zone.getMessage().contains("Mars/Base"), zone.getMessage());
  }

  @Test
  void fileUriWarehouseWorks() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + warehouse.toUri())) {
      assertEquals("default", c.getSchema());
    }
  }

  @Test
  void malformedSqlReportsThePosition() throws Exception {
    Files.createDirectories(warehouse.resolve("empty"));
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + warehouse)) {
      SQLException e =
          assertThrows(SQLException.class, () -> c.createStatement().executeQuery("SELECT * FROM WHERE x = 1"));
      assertTrue(e.getMessage().contains("line 1, column 15"), e.getMessage());
      assertEquals("42601", e.getSQLState());
    }
  }

  @Test
  void unknownTableIsNamed() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + warehouse)) {
      SQLException e =
          assertThrows(SQLException.class, () -> c.createStatement().executeQuery("SELECT * FROM no_such_table"));
      assertTrue(e.getMessage().contains("no_such_table"), e.getMessage());
      assertEquals("42000", e.getSQLState());
    }
  }

  @Test
  void divisionByZeroIsADataError() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + warehouse)) {
      SQLException constant =
          assertThrows(SQLException.class, () -> c.createStatement().executeQuery("SELECT 1 / 0").next());
      assertEquals("22012", constant.getSQLState(), constant.getMessage());
      assertTrue(constant.getMessage().contains("zero"), constant.getMessage());
      SQLException computed = assertThrows(SQLException.class, () -> {
        try (var rs = c.createStatement().executeQuery("SELECT 10 / x FROM (VALUES 1, 0) AS t(x)")) {
          while (rs.next()) {
            rs.getInt(1);
          }
        }
      });
      assertEquals("22012", computed.getSQLState(), computed.getMessage());
    }
  }

  @Test
  void aMistypedTableNameSuggestsTheTable() throws Exception {
    io.lakehouse.engine.write.DeltaWriter.builder(
            warehouse.resolve("orders").toString(),
            new io.delta.kernel.types.StructType().add("id", io.delta.kernel.types.IntegerType.INTEGER))
        .create(java.util.List.of(java.util.List.of(1)));
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + warehouse)) {
      SQLException typo =
          assertThrows(SQLException.class, () -> c.createStatement().executeQuery("SELECT * FROM ordres"));
      assertEquals("42000", typo.getSQLState());
      assertTrue(typo.getMessage().contains("Object 'ordres' not found"), typo.getMessage());
      assertTrue(typo.getMessage().contains("Did you mean default.orders?"), typo.getMessage());
      SQLException prepared =
          assertThrows(SQLException.class, () -> c.prepareStatement("SELECT * FROM nothing_like_it"));
      assertTrue(prepared.getMessage().contains("The warehouse has 1 table;"), prepared.getMessage());
      SQLException column =
          assertThrows(SQLException.class, () -> c.createStatement().executeQuery("SELECT idd FROM orders"));
      assertEquals("42000", column.getSQLState());
      assertTrue(column.getMessage().contains("line 1, column 8"), column.getMessage());
      assertTrue(column.getMessage().contains("Column 'idd' not found"), column.getMessage());
    }
  }

  @Test
  void anEmptyWarehouseSaysSo() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + warehouse)) {
      SQLException e = assertThrows(SQLException.class, () -> c.createStatement().executeQuery("SELECT * FROM t"));
      assertTrue(e.getMessage().contains("The warehouse has no Delta or Iceberg tables"), e.getMessage());
    }
  }
}
