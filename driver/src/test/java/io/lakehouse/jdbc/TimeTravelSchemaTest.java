package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lakehouse.engine.write.IcebergWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time travel across schema evolution, on an Iceberg table written with Iceberg's own API: a
 * column renamed and widened since the old snapshot is read from it under its current name and
 * type, matched by field id, never silently as NULL.
 */
class TimeTravelSchemaTest {

  @TempDir Path warehouse;

  @Test
  void renamedAndWidenedColumnsReadFromTheOldSnapshot() throws SQLException {
    Schema schema = new Schema(
        Types.NestedField.required(1, "id", Types.IntegerType.get()),
        Types.NestedField.optional(2, "qty", Types.IntegerType.get()));
    IcebergWriter writer = IcebergWriter.builder(warehouse.resolve("items").toString(), schema).create();
    long first = writer.append(List.of(List.of(1, 10), List.of(2, 20)));
    writer.evolveSchema(update -> update.updateColumn("qty", Types.LongType.get()).renameColumn("qty", "quantity"));
    writer.append(List.of(List.of(3, 30L)));

    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + warehouse)) {
      assertEquals(List.of("1:10", "2:20", "3:30"), rows(c, "SELECT \"id\", \"quantity\" FROM items ORDER BY \"id\""));
      assertEquals(
          List.of("1:10", "2:20"),
          rows(c, "SELECT \"id\", \"quantity\" FROM items FOR VERSION AS OF " + first + " ORDER BY \"id\""));
      assertEquals(
          List.of("30"),
          rows(c, "SELECT sum(\"quantity\") FROM items FOR VERSION AS OF " + first));
    }
  }

  private static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i > 1 ? ":" : "").append(rs.getObject(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }
}
