package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.jdbc.corpus.CorpusWarehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A missing or corrupt data file fails the query with an {@link SQLException} naming the file —
 * also when the failure comes while rows are being fetched — and never yields partial rows silently.
 * Tables are copies of real corpus tables with one data file removed or overwritten.
 */
class DataFileErrorsTest {

  @TempDir Path warehouse;

  @Test
  void missingDeltaDataFileIsNamed() throws Exception {
    Path file = firstParquet(copy("delta", "dat-basic_append"));
    Files.delete(file);
    SQLException e = assertThrows(SQLException.class, () -> readAll("dat-basic_append"));
    assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
    assertEquals("58030", e.getSQLState());
  }

  @Test
  void corruptDeltaDataFileIsNamed() throws Exception {
    Path file = firstParquet(copy("delta", "dat-basic_append"));
    Files.writeString(file, "this is not a parquet file");
    SQLException e = assertThrows(SQLException.class, () -> readAll("dat-basic_append"));
    assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
    assertEquals("22000", e.getSQLState());
  }

  @Test
  void missingIcebergDataFileIsNamed() throws Exception {
    Path file = firstParquet(copy("iceberg", "iceberg_v2_no_deletes").resolve("data"));
    Files.delete(file);
    SQLException e = assertThrows(SQLException.class, () -> readAll("iceberg_v2_no_deletes"));
    assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
    assertEquals("58030", e.getSQLState());
  }

  @Test
  void truncatedIcebergDataFileIsNamed() throws Exception {
    Path file = firstParquet(copy("iceberg", "iceberg_v2_no_deletes").resolve("data"));
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    SQLException e = assertThrows(SQLException.class, () -> readAll("iceberg_v2_no_deletes"));
    assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
  }

  private void readAll(String table) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + warehouse + ";relocate=true");
        ResultSet rs = c.createStatement().executeQuery("SELECT * FROM \"" + table + "\"")) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= columns; i++) {
          rs.getObject(i);
        }
      }
    }
  }

  private Path copy(String format, String table) throws IOException {
    Path source = CorpusWarehouse.shared().resolve("tables").resolve(format).resolve(table).resolve("table");
    Path target = warehouse.resolve(table);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path path : (Iterable<Path>) files::iterator) {
        Path to = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(to);
        } else {
          Files.copy(path, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return target;
  }

  private static Path firstParquet(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> parquet = files.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
      return parquet.get(0);
    }
  }
}
