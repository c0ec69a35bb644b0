package io.lakehouse.jdbc.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.table.ScanStatistics;
import io.lakehouse.jdbc.LakehouseConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * SQL features over real tables, each answer checked against the same table read in full and
 * evaluated here: filters (pushed into the scan and still applied exactly), string and Unicode
 * literals, EXPLAIN's description of the scan, and time travel with a statement parameter.
 */
class QueryFeaturesTest {

  private static final String TABLE = "\"dat-basic_partitioned\"";

  @Test
  void filtersGiveTheRowsThatMatch() throws SQLException {
    List<Object[]> all = CorpusQueries.rows("SELECT \"letter\", \"number\", \"a_float\" FROM " + TABLE);
    assertTrue(all.size() > 3);
    long expected =
        all.stream().filter(r -> "a".equals(r[0]) || (r[1] != null && ((Number) r[1]).longValue() >= 4)).count();
    assertEquals(expected, count("WHERE \"letter\" = 'a' OR \"number\" >= 4"));
    long between =
        all.stream().filter(r -> r[2] != null && ((Number) r[2]).doubleValue() >= 1 && ((Number) r[2]).doubleValue() <= 3).count();
    assertEquals(between, count("WHERE \"a_float\" BETWEEN 1 AND 3"));
    long in = all.stream().filter(r -> r[1] != null && List.of(1L, 3L, 5L).contains(((Number) r[1]).longValue())).count();
    assertEquals(in, count("WHERE \"number\" IN (1, 3, 5)"));
    long nulls = all.stream().filter(r -> r[0] == null).count();
    assertEquals(nulls, count("WHERE \"letter\" IS NULL"));
  }

  @Test
  void unicodeAndStringLiterals() throws SQLException {
    List<Object[]> all = CorpusQueries.rows("SELECT \"letter\" FROM " + TABLE);
    long notJapanese = all.stream().filter(r -> r[0] != null && !Objects.equals(r[0], "日本")).count();
    assertEquals(notJapanese, count("WHERE \"letter\" <> '日本'"));
    assertEquals(0, count("WHERE \"letter\" = 'é'"));
    long prefixed = all.stream().filter(r -> r[0] != null && ((String) r[0]).startsWith("a")).count();
    assertEquals(prefixed, count("WHERE \"letter\" LIKE 'a%'"));
  }

  @Test
  void explainShowsTheScan() throws SQLException {
    List<Object[]> plan = CorpusQueries.rows("EXPLAIN PLAN FOR SELECT \"number\" FROM " + TABLE + " WHERE \"letter\" = 'b'");
    String text = String.valueOf(plan.get(0)[0]);
    assertTrue(text.contains("LakehouseTableScan(table=[[default, dat-basic_partitioned]]"), text);
    assertTrue(text.contains("filter=[letter = 'b']"), text);
    Matcher files = Pattern.compile("files=\\[(\\d+)/(\\d+)]").matcher(text);
    assertTrue(files.find(), text);
    assertTrue(Integer.parseInt(files.group(1)) <= Integer.parseInt(files.group(2)), text);
    assertTrue(Pattern.compile("snapshot=\\[\\d+]").matcher(text).find(), text);
  }

  @Test
  void aPartitionFilterOpensOnlyThatPartitionsFiles() throws SQLException {
    long filesWithA = 0;
    long allFiles = 0;
    for (Object[] file : CorpusQueries.rows("SELECT \"partition\" FROM \"dat-basic_partitioned$files\"")) {
      allFiles++;
      if ("a".equals(((java.util.Map<?, ?>) file[0]).get("letter"))) {
        filesWithA++;
      }
    }
    assertTrue(filesWithA > 0 && filesWithA < allFiles, filesWithA + " of " + allFiles);
    try (Connection c = DriverManager.getConnection(CorpusWarehouse.url());
        ResultSet rs = c.createStatement().executeQuery("SELECT \"letter\" FROM " + TABLE + " WHERE \"letter\" = 'a'")) {
      // rows, not COUNT(*), which the partition values answer without opening a file
      while (rs.next()) {
        assertEquals("a", rs.getString(1));
      }
      ScanStatistics read = c.unwrap(LakehouseConnection.class).lastQueryStatistics();
      assertEquals(filesWithA, read.filesPlanned(), read.toString());
      assertEquals(allFiles, read.filesInSnapshots(), read.toString());
      assertEquals(filesWithA, read.filesOpened(), read.toString());
    }
  }

  @Test
  void timeTravelWithAParameter() throws SQLException {
    long atZero = count("\"dat-basic_append\" FOR VERSION AS OF 0", "");
    long latest = count("\"dat-basic_append\"", "");
    assertTrue(atZero < latest, atZero + " rows at version 0, " + latest + " now");
    try (Connection c = DriverManager.getConnection(CorpusWarehouse.url());
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM \"dat-basic_append\" FOR VERSION AS OF ?")) {
      ps.setLong(1, 0);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertEquals(atZero, rs.getLong(1));
      }
      ps.setLong(1, 1);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertEquals(latest, rs.getLong(1));
      }
    }
  }

  private static long count(String where) throws SQLException {
    return count(TABLE, where);
  }

  private static long count(String from, String where) throws SQLException {
    return CorpusQueries.number("SELECT count(*) FROM " + from + " " + where);
  }}
