package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.write.IcebergWriter;
import io.lakehouse.jdbc.corpus.CorpusWarehouse;
import io.lakehouse.jdbc.corpus.Csv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import java.util.stream.Stream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Dates and times through every JDBC getter, for both timestamp kinds and DATE, under JVM default
 * zones west and east of UTC and several session zones. Expected values come from the corpus
 * cases (Delta, decoded by an independent reader) and from an Iceberg table written here with
 * Iceberg's own writer. Values are compared at millisecond precision, which is what the engine
 * carries.
 */
class TimeZoneTest {

  private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  /** An instant on the day Los Angeles moves its clocks, a date before 1970, a wall clock before 1900. */
  private static final Instant ICEBERG_INSTANT = Instant.parse("2024-03-10T09:59:59.999Z");
  private static final LocalDateTime ICEBERG_WALL_CLOCK = LocalDateTime.parse("1899-12-31T23:59:59.001");
  private static final LocalDate ICEBERG_DATE = LocalDate.parse("1969-12-31");

  @TempDir static Path warehouse;

  private static TimeZone jvmZone;

  @BeforeAll
  static void writeIcebergTable() {
    jvmZone = TimeZone.getDefault();
    Schema schema = new Schema(
        Types.NestedField.required(1, "id", Types.IntegerType.get()),
        Types.NestedField.optional(2, "at", Types.TimestampType.withZone()),
        Types.NestedField.optional(3, "wall", Types.TimestampType.withoutZone()),
        Types.NestedField.optional(4, "day", Types.DateType.get()));
    IcebergWriter writer = IcebergWriter.builder(warehouse.resolve("times").toString(), schema).create();
    writer.append(List.of(
        List.of(1, ICEBERG_INSTANT, ICEBERG_WALL_CLOCK, ICEBERG_DATE),
        Arrays.asList(2, null, null, null)));
  }

  @AfterAll
  static void restoreZone() {
    TimeZone.setDefault(jvmZone);
  }

  static Stream<Arguments> zones() {
    List<Arguments> zones = new ArrayList<>();
    for (String jvm : new String[] {"America/Los_Angeles", "Asia/Tokyo"}) {
      for (String session : new String[] {"UTC", "Asia/Kolkata", "America/New_York"}) {
        zones.add(Arguments.of(jvm, session));
      }
    }
    return zones.stream();
  }

  @ParameterizedTest(name = "JVM in {0}, session in {1}")
  @MethodSource("zones")
  void deltaInstantsAndDates(String jvm, String session) throws Exception {
    TimeZone.setDefault(TimeZone.getTimeZone(jvm));
    ZoneId zone = ZoneId.of(session);
    for (String table : new String[] {"utc", "America", "Asia"}) {
      List<String> expected = expectedRow("c_delta_data-reader-date-types-" + table + "_latest");
      try (Connection c = DriverManager.getConnection(CorpusWarehouse.url() + ";timeZone=" + session);
          ResultSet rs = c.createStatement().executeQuery(
              "SELECT \"timestamp\", \"date\" FROM \"data-reader-date-types-" + table + "\"")) {
        assertTrue(rs.next());
        assertInstant(rs, 1, Instant.parse(expected.get(0)), zone);
        assertDate(rs, 2, LocalDate.parse(expected.get(1)));
      }
    }
  }

  @ParameterizedTest(name = "JVM in {0}, session in {1}")
  @MethodSource("zones")
  void deltaWallClocks(String jvm, String session) throws Exception {
    TimeZone.setDefault(TimeZone.getTimeZone(jvm));
    ZoneId zone = ZoneId.of(session);
    Path cases = CorpusWarehouse.shared().resolve("corpus-cases");
    List<List<String>> expected = Csv.parse(
        Files.readString(cases.resolve("c_delta_data-reader-timestamp_ntz_latest.csv"), StandardCharsets.UTF_8));
    try (Connection c = DriverManager.getConnection(CorpusWarehouse.url() + ";timeZone=" + session);
        ResultSet rs = c.createStatement().executeQuery(
            "SELECT \"id\", \"tsNtz\" FROM \"data-reader-timestamp_ntz\" ORDER BY \"id\"")) {
      for (List<String> row : expected.subList(1, expected.size()).stream()
          .sorted((a, b) -> Integer.compare(Integer.parseInt(a.get(0)), Integer.parseInt(b.get(0)))).toList()) {
        assertTrue(rs.next());
        assertEquals(Integer.parseInt(row.get(0)), rs.getInt(1));
        if (row.get(1) == null) {
          assertNulls(rs, 2);
        } else {
          assertWallClock(rs, 2, LocalDateTime.parse(row.get(1)).truncatedTo(ChronoUnit.MILLIS), zone);
        }
      }
    }
  }

  @ParameterizedTest(name = "JVM in {0}, session in {1}")
  @MethodSource("zones")
  void icebergTimestamptzTimestampAndDate(String jvm, String session) throws Exception {
    TimeZone.setDefault(TimeZone.getTimeZone(jvm));
    ZoneId zone = ZoneId.of(session);
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + warehouse + ";timeZone=" + session);
        ResultSet rs = c.createStatement().executeQuery(
            "SELECT \"at\", \"wall\", \"day\" FROM times ORDER BY \"id\"")) {
      assertTrue(rs.next());
      assertInstant(rs, 1, ICEBERG_INSTANT, zone);
      assertWallClock(rs, 2, ICEBERG_WALL_CLOCK, zone);
      assertDate(rs, 3, ICEBERG_DATE);
      assertTrue(rs.next());
      for (int column = 1; column <= 3; column++) {
        assertNulls(rs, column);
      }
    }
  }

  private static void assertInstant(ResultSet rs, int column, Instant expected, ZoneId session) throws SQLException {
    ZonedDateTime there = expected.atZone(session);
    assertEquals(expected, rs.getObject(column, Instant.class));
    assertEquals(there.toOffsetDateTime(), rs.getObject(column, OffsetDateTime.class));
    assertEquals(there, rs.getObject(column, ZonedDateTime.class));
    assertEquals(there.toLocalDateTime(), rs.getObject(column, LocalDateTime.class));
    assertEquals(there.toLocalDate(), rs.getObject(column, LocalDate.class));
    assertEquals(expected, rs.getTimestamp(column).toInstant());
    assertEquals(expected, ((Timestamp) rs.getObject(column)).toInstant());
    assertEquals(expected, rs.getTimestamp(column, Calendar.getInstance(TimeZone.getTimeZone("UTC"))).toInstant());
    assertEquals(TEXT.format(there), rs.getString(column));
    assertEquals(there.toLocalDate().toString(), rs.getDate(column).toString());
  }

  private static void assertWallClock(ResultSet rs, int column, LocalDateTime expected, ZoneId session)
      throws SQLException {
    assertEquals(expected, rs.getObject(column, LocalDateTime.class));
    assertEquals(expected.toLocalDate(), rs.getObject(column, LocalDate.class));
    assertEquals(expected.atZone(session).toOffsetDateTime(), rs.getObject(column, OffsetDateTime.class));
    assertEquals(expected.atZone(session).toInstant(), rs.getObject(column, Instant.class));
    Timestamp timestamp = rs.getTimestamp(column);
    assertEquals(expected, timestamp.toLocalDateTime());
    assertEquals(Timestamp.valueOf(expected).toString(), timestamp.toString());
    assertTrue(timestamp.toString().startsWith(expected.toLocalDate() + " " + expected.toLocalTime().toString().substring(0, 8)),
        timestamp.toString());
    assertEquals(timestamp, rs.getObject(column));
    assertEquals(expected.toInstant(ZoneOffset.UTC),
        rs.getTimestamp(column, Calendar.getInstance(TimeZone.getTimeZone("UTC"))).toInstant());
    assertEquals(TEXT.format(expected), rs.getString(column));
    assertEquals(expected.toLocalDate().toString(), rs.getDate(column).toString());
  }

  private static void assertDate(ResultSet rs, int column, LocalDate expected) throws SQLException {
    assertEquals(expected.toString(), rs.getDate(column).toString());
    assertEquals(expected, rs.getDate(column).toLocalDate());
    assertEquals(expected.toString(), rs.getObject(column).toString());
    assertEquals(expected, rs.getObject(column, LocalDate.class));
    assertEquals(expected.atStartOfDay(), rs.getObject(column, LocalDateTime.class));
    assertEquals(expected.atStartOfDay(), rs.getTimestamp(column).toLocalDateTime());
    assertEquals(expected.toString(), rs.getString(column));
    assertEquals(expected.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli(),
        rs.getDate(column, Calendar.getInstance(TimeZone.getTimeZone("UTC"))).getTime());
    assertThrows(SQLException.class, () -> rs.getObject(column, Instant.class));
  }

  private static void assertNulls(ResultSet rs, int column) throws SQLException {
    assertNull(rs.getObject(column));
    assertNull(rs.getTimestamp(column));
    assertNull(rs.getDate(column));
    assertNull(rs.getString(column));
    assertNull(rs.getObject(column, LocalDateTime.class));
    assertNull(rs.getObject(column, LocalDate.class));
    assertTrue(rs.wasNull());
  }

  /** The one row of a corpus case, as its CSV cells. */
  private static List<String> expectedRow(String id) throws Exception {
    Path csv = CorpusWarehouse.shared().resolve("corpus-cases").resolve(id + ".csv");
    List<List<String>> rows = Csv.parse(Files.readString(csv, StandardCharsets.UTF_8));
    assertEquals(2, rows.size(), id);
    return rows.get(1);
  }
}
