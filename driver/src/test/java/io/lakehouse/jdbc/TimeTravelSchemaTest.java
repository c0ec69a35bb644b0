package io.lakehouse.jdbc;

import static io.lakehouse.jdbc.QueryRows.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.write.IcebergWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time travel across schema evolution, on an Iceberg table written with Iceberg's own API. Time
 * travel to a constant reads the snapshot's own schema: a column added later is absent, a renamed
 * column has the name and type it had then. Time travel to a parameter is planned before the
 * snapshot is known, so it reads through the current schema, matching columns by field id.
 */
class TimeTravelSchemaTest {

  @TempDir Path warehouse;

  private long first;
  private long second;

  @BeforeEach
  void writeHistory() {
    Schema schema = new Schema(
        org.apache.iceberg.types.Types.NestedField.required(1, "id", org.apache.iceberg.types.Types.IntegerType.get()),
        org.apache.iceberg.types.Types.NestedField.optional(2, "qty", org.apache.iceberg.types.Types.IntegerType.get()));
    IcebergWriter writer = IcebergWriter.builder(warehouse.resolve("items").toString(), schema).create();
    first = writer.append(List.of(List.of(1, 10), List.of(2, 20)));
    writer.evolveSchema(update -> update
        .updateColumn("qty", org.apache.iceberg.types.Types.LongType.get())
        .renameColumn("qty", "quantity")
        .addColumn("note", org.apache.iceberg.types.Types.StringType.get()));
    second = writer.append(List.of(List.of(3, 30L, "new")));
  }

  @Test
  void aConstantVersionReadsTheSchemaItHad() throws SQLException {
    try (Connection c = connect()) {
      assertEquals(List.of("1:10", "2:20"), rows(c, "SELECT * FROM items FOR VERSION AS OF " + first + " ORDER BY id"));
      try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM items FOR VERSION AS OF " + first)) {
        ResultSetMetaData md = rs.getMetaData();
        assertEquals(2, md.getColumnCount());
        assertEquals("qty", md.getColumnName(2));
        assertEquals(Types.INTEGER, md.getColumnType(2));
      }
      assertEquals(List.of("10"), rows(c, "SELECT items.qty FROM items FOR VERSION AS OF " + first + " WHERE items.id = 1"));
      assertEquals(List.of("20"), rows(c, "SELECT i.qty FROM items FOR VERSION AS OF " + first + " AS i WHERE i.id = 2"));
      assertEquals(List.of("30"), rows(c, "SELECT sum(qty) FROM items FOR VERSION AS OF " + first));
      assertEquals(List.of("1:10", "2:20", "3:30"), rows(c, "SELECT id, quantity FROM items ORDER BY id"));
    }
  }

  @Test
  void explainShowsTheSnapshotAndItsColumns() throws SQLException {
    try (Connection c = connect()) {
      String plan = String.join("\n", rows(c, "EXPLAIN PLAN FOR SELECT * FROM items FOR VERSION AS OF " + first));
      assertTrue(plan.contains("columns=[[id, qty]]"), plan);
      assertTrue(plan.contains("asOf=[version " + first + "]"), plan);
      assertTrue(plan.contains("snapshot=[" + first + "]"), plan);
      assertTrue(plan.contains("files=[1/1]"), plan);
    }
  }

  @Test
  void columnsOfALaterSchemaAreUnknownInTheOldSnapshot() throws SQLException {
    try (Connection c = connect()) {
      SQLException renamed = assertThrows(SQLException.class,
          () -> rows(c, "SELECT quantity FROM items FOR VERSION AS OF " + first));
      assertTrue(renamed.getMessage().contains("QUANTITY") || renamed.getMessage().contains("quantity"),
          renamed.getMessage());
      SQLException added = assertThrows(SQLException.class,
          () -> rows(c, "SELECT note FROM items FOR VERSION AS OF " + first));
      assertTrue(added.getMessage().toLowerCase().contains("note"), added.getMessage());
    }
  }

  @Test
  void oneQueryJoinsTwoSnapshotsWithTheirOwnSchemas() throws SQLException {
    try (Connection c = connect()) {
      assertEquals(
          List.of("1:10:10:null", "2:20:20:null"),
          rows(c, "SELECT a.id, a.qty, b.quantity, b.note FROM items FOR VERSION AS OF " + first + " a "
              + "JOIN items FOR VERSION AS OF " + second + " b ON a.id = b.id ORDER BY a.id"));
      assertEquals(
          List.of("3:new"),
          rows(c, "SELECT id, note FROM items FOR VERSION AS OF " + second
              + " WHERE id NOT IN (SELECT id FROM items FOR VERSION AS OF " + first + ")"));
      assertEquals(
          List.of("2"),
          rows(c, "WITH earlier AS (SELECT * FROM items FOR VERSION AS OF " + first + ") SELECT count(*) FROM earlier"));
    }
  }

  @Test
  void aParameterReadsThroughTheCurrentSchemaByFieldId() throws SQLException {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement("SELECT id, quantity, note FROM items FOR VERSION AS OF ? ORDER BY id")) {
      ps.setLong(1, first);
      List<String> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(rs.getInt(1) + ":" + rs.getObject(2) + ":" + rs.getObject(3));
        }
      }
      assertEquals(List.of("1:10:null", "2:20:null"), rows);
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:lakehouse:" + warehouse);
  }
}
