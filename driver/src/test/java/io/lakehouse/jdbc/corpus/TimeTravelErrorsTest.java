package io.lakehouse.jdbc.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Time travel to something that does not exist fails with a message naming the table and what does exist. */
class TimeTravelErrorsTest {

  @Test
  void unknownDeltaVersionListsTheVersionsThatExist() {
    SQLException e = error("SELECT * FROM \"dat-basic_append\" FOR VERSION AS OF 99");
    assertTrue(e.getMessage().contains("dat-basic_append"), e.getMessage());
    assertTrue(e.getMessage().contains("0") && e.getMessage().contains("1"), e.getMessage());
    assertEquals("42704", e.getSQLState());
  }

  @Test
  void timestampBeforeTheFirstCommitIsRefused() {
    SQLException e = error("SELECT * FROM \"dat-basic_append\" FOR TIMESTAMP AS OF TIMESTAMP '1990-01-01 00:00:00'");
    assertTrue(e.getMessage().contains("dat-basic_append"), e.getMessage());
    assertEquals("42704", e.getSQLState());
  }

  @Test
  void unknownIcebergSnapshotAndTagAreNamed() {
    SQLException version = error("SELECT * FROM \"iceberg_v2_delete_positional\" FOR VERSION AS OF 42");
    assertTrue(version.getMessage().contains("iceberg_v2_delete_positional"), version.getMessage());
    assertTrue(version.getMessage().contains("42"), version.getMessage());
    SQLException tag = error("SELECT * FROM \"iceberg_v2_delete_positional\" FOR VERSION AS OF 'no_such_tag'");
    assertTrue(tag.getMessage().contains("no_such_tag"), tag.getMessage());
    assertTrue(tag.getMessage().contains("main"), "lists the refs that exist: " + tag.getMessage());
  }

  @Test
  void deltaHasNoTags() {
    SQLException e = error("SELECT * FROM \"dat-basic_append\" VERSION AS OF 'v1'");
    assertTrue(e.getMessage().contains("dat-basic_append"), e.getMessage());
  }

  @Test
  void aTimeAfterTheLastCommitReadsTheLatest() throws SQLException {
    try (Connection c = DriverManager.getConnection(CorpusWarehouse.url())) {
      long latest = count(c, "SELECT count(*) FROM \"dat-basic_append\"");
      long future = count(c, "SELECT count(*) FROM \"dat-basic_append\" FOR TIMESTAMP AS OF TIMESTAMP '2999-01-01 00:00:00'");
      assertEquals(latest, future);
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static SQLException error(String sql) {
    return assertThrows(SQLException.class, () -> {
      try (Connection c = DriverManager.getConnection(CorpusWarehouse.url());
          ResultSet rs = c.createStatement().executeQuery(sql)) {
        while (rs.next()) {
          rs.getObject(1);
        }
      }
    });
  }
}
