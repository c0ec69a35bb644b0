package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakehouse.jdbc.corpus.CorpusWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link DatabaseMetaData} as BI tools read it, checked against what the tables' writers recorded
 * (the Delta log's schema string, the Iceberg metadata file), not against our own reader.
 */
class DatabaseMetadataTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),\\s*(\\d+)\\)");

  private static Connection connection;
  private static DatabaseMetaData metaData;

  @BeforeAll
  static void connect() throws SQLException {
    connection = DriverManager.getConnection(CorpusWarehouse.url());
    metaData = connection.getMetaData();
  }

  @AfterAll
  static void close() throws SQLException {
    connection.close();
  }

  @Test
  void namesTheProductAndDriver() throws SQLException {
    assertEquals("Lakehouse JDBC", metaData.getDatabaseProductName());
    assertEquals("Lakehouse JDBC", metaData.getDriverName());
    String version = System.getProperty("lakehouse.version");
    assertEquals(version, metaData.getDatabaseProductVersion());
    assertEquals(version, metaData.getDriverVersion());
    assertEquals(Integer.parseInt(version.split("[.-]")[1]), metaData.getDriverMinorVersion());
    assertEquals("\"", metaData.getIdentifierQuoteString());
  }

  @Test
  void listsSchemasButNoCatalogs() throws SQLException {
    assertEquals(List.of(), column(metaData.getCatalogs(), "TABLE_CAT"));
    assertTrue(column(metaData.getSchemas(), "TABLE_SCHEM").contains("default"));
  }

  @Test
  void tablesAreTablesWithFormatAndLocation() throws SQLException {
    Path warehouse = CorpusWarehouse.directory();
    try (ResultSet rs = metaData.getTables(null, "default", "%", new String[] {"TABLE"})) {
      int tables = 0;
      while (rs.next()) {
        tables++;
        String name = rs.getString("TABLE_NAME");
        String format = Files.isDirectory(warehouse.resolve(name).resolve("_delta_log")) ? "Delta" : "Iceberg";
        assertEquals("TABLE", rs.getString("TABLE_TYPE"));
        assertEquals(format + " table at " + warehouse.resolve(name).toUri(), rs.getString("REMARKS"));
      }
      assertEquals(corpusTableCount(), tables);
    }
  }

  @Test
  void deltaColumnsFollowTheLogSchema() throws Exception {
    String table = "parquet-all-types";
    JsonNode fields = deltaSchema(table).get("fields");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      JsonNode field = fields.get(i);
      expected.add((i + 1) + "|" + field.get("name").asText() + "|" + sqlType(field.get("type"))
          + (field.get("nullable").asBoolean() ? "|NULL" : "|NOT NULL"));
    }
    assertEquals(expected, describe(table));
  }

  @Test
  void icebergColumnsFollowTheMetadataFile() throws Exception {
    String table = "iceberg_v2_delete_positional";
    Path metadata = CorpusWarehouse.shared().resolve("tables/iceberg/" + table + "/table/metadata/v2.metadata.json");
    JsonNode root = JSON.readTree(metadata.toFile());
    JsonNode schema = null;
    for (JsonNode candidate : root.get("schemas")) {
      if (candidate.get("schema-id").asInt() == root.get("current-schema-id").asInt()) {
        schema = candidate;
      }
    }
    List<String> expected = new ArrayList<>();
    JsonNode fields = schema.get("fields");
    for (int i = 0; i < fields.size(); i++) {
      JsonNode field = fields.get(i);
      String type = switch (field.get("type").asText()) {
        case "long" -> "BIGINT|-5|19|0";
        case "string" -> "VARCHAR|12|2147483647|null";
        default -> throw new IllegalStateException("extend the test for " + field.get("type"));
      };
      expected.add((i + 1) + "|" + field.get("name").asText() + "|" + type
          + (field.get("required").asBoolean() ? "|NOT NULL" : "|NULL"));
    }
    assertEquals(expected, describe(table));
  }

  @Test
  void keysAndIndexesAreEmptyNotErrors() throws SQLException {
    String table = "parquet-all-types";
    for (ResultSet rs : new ResultSet[] {
        metaData.getPrimaryKeys(null, "default", table),
        metaData.getImportedKeys(null, "default", table),
        metaData.getExportedKeys(null, "default", table),
        metaData.getIndexInfo(null, "default", table, false, true)}) {
      try (rs) {
        assertFalse(rs.next());
      }
    }
  }

  @Test
  void typeInfoNamesEveryColumnTypeInDataTypeOrder() throws SQLException {
    List<Integer> dataTypes = new ArrayList<>();
    Set<String> names = new HashSet<>();
    try (ResultSet rs = metaData.getTypeInfo()) {
      while (rs.next()) {
        names.add(rs.getString("TYPE_NAME"));
        dataTypes.add(rs.getInt("DATA_TYPE"));
      }
    }
    List<Integer> sorted = new ArrayList<>(dataTypes);
    sorted.sort(null);
    assertEquals(sorted, dataTypes);
    try (ResultSet rs = metaData.getColumns(null, "default", "parquet-all-types", "%")) {
      while (rs.next()) {
        String name = rs.getString("TYPE_NAME");
        int paren = name.indexOf('(');
        String base = paren < 0 ? name : name.substring(0, paren);
        assertTrue(names.contains(base), base + " is not in getTypeInfo " + names);
      }
    }
  }

  @Test
  void listsFunctions() throws SQLException {
    assertTrue(column(metaData.getFunctions(null, null, "UPPER"), "FUNCTION_NAME").contains("UPPER"));
  }

  /** The SQL type a Delta type maps to, as {@code TYPE_NAME|DATA_TYPE|COLUMN_SIZE|DECIMAL_DIGITS}. */
  private static String sqlType(JsonNode type) {
    if (type.isObject()) {
      return switch (type.get("type").asText()) {
        case "struct" -> "ROW|2002|null|null";
        case "array" -> "ARRAY|2003|null|null";
        case "map" -> "MAP|1111|null|null";
        default -> throw new IllegalStateException(type.toString());
      };
    }
    Matcher decimal = DECIMAL.matcher(type.asText());
    if (decimal.matches()) {
      return "DECIMAL|3|" + decimal.group(1) + "|" + decimal.group(2);
    }
    return switch (type.asText()) {
      case "byte" -> "TINYINT|-6|3|0";
      case "short" -> "SMALLINT|5|5|0";
      case "integer" -> "INTEGER|4|10|0";
      case "long" -> "BIGINT|-5|19|0";
      case "float" -> "REAL|7|7|null";
      case "double" -> "DOUBLE|8|15|null";
      case "boolean" -> "BOOLEAN|16|1|null";
      case "string" -> "VARCHAR|12|2147483647|null";
      case "binary" -> "VARBINARY|-3|2147483647|null";
      case "date" -> "DATE|91|10|null";
      case "timestamp" -> "TIMESTAMP WITH LOCAL TIME ZONE|93|23|3";
      case "timestamp_ntz" -> "TIMESTAMP|93|23|3";
      default -> throw new IllegalStateException(type.asText());
    };
  }

  /** Each column as {@code ORDINAL|NAME|TYPE_NAME|DATA_TYPE|COLUMN_SIZE|DECIMAL_DIGITS|NULLABILITY}. */
  private static List<String> describe(String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (ResultSet rs = metaData.getColumns(null, "default", table, "%")) {
      while (rs.next()) {
        String type = rs.getString("TYPE_NAME");
        int paren = type.indexOf('(');
        columns.add(rs.getInt("ORDINAL_POSITION") + "|" + rs.getString("COLUMN_NAME") + "|"
            + (paren < 0 ? type : type.substring(0, paren)) + "|" + rs.getInt("DATA_TYPE") + "|"
            + rs.getObject("COLUMN_SIZE") + "|" + rs.getObject("DECIMAL_DIGITS") + "|"
            + (rs.getInt("NULLABLE") == DatabaseMetaData.columnNullable ? "NULL" : "NOT NULL"));
        assertEquals(rs.getInt("NULLABLE") == DatabaseMetaData.columnNullable ? "YES" : "NO", rs.getString("IS_NULLABLE"));
      }
    }
    return columns;
  }

  @Test
  void nestedTypesHaveReadableNames() throws Exception {
    List<String> names = new ArrayList<>();
    try (ResultSet rs = metaData.getColumns(null, "default", "parquet-all-types", "%")) {
      while (rs.next()) {
        names.add(rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME"));
      }
    }
    JsonNode fields = deltaSchema("parquet-all-types").get("fields");
    for (JsonNode field : fields) {
      if (field.get("type").isObject()) {
        String expected = field.get("name").asText() + " " + nestedName(field.get("type"));
        assertTrue(names.contains(expected), expected + " not in " + names);
      }
    }
  }

  private static String nestedName(JsonNode type) {
    if (!type.isObject()) {
      String name = sqlType(type).split("\\|")[0];
      return name.equals("DECIMAL") ? type.asText().toUpperCase(java.util.Locale.ROOT).replace(",", ", ") : name;
    }
    return switch (type.get("type").asText()) {
      case "struct" -> {
        List<String> parts = new ArrayList<>();
        type.get("fields").forEach(f -> parts.add(f.get("name").asText() + " " + nestedName(f.get("type"))));
        yield "ROW(" + String.join(", ", parts) + ")";
      }
      case "array" -> "ARRAY(" + nestedName(type.get("elementType")) + ")";
      case "map" -> "MAP(" + nestedName(type.get("keyType")) + ", " + nestedName(type.get("valueType")) + ")";
      default -> throw new IllegalStateException(type.toString());
    };
  }

  private static JsonNode deltaSchema(String table) throws Exception {
    Path log = CorpusWarehouse.shared().resolve("tables/delta/" + table + "/table/_delta_log/00000000000000000000.json");
    for (String line : Files.readAllLines(log)) {
      JsonNode action = JSON.readTree(line);
      if (action.has("metaData")) {
        return JSON.readTree(action.get("metaData").get("schemaString").asText());
      }
    }
    throw new IllegalStateException("no metaData action in " + log);
  }

  private static long corpusTableCount() {
    long count = 0;
    for (String format : new String[] {"delta", "iceberg"}) {
      try (Stream<Path> dirs = Files.list(CorpusWarehouse.shared().resolve("tables").resolve(format))) {
        count += dirs.filter(d -> Files.isDirectory(d.resolve("table"))).count();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return count;
  }

  private static List<String> column(ResultSet rs, String name) throws SQLException {
    List<String> values = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        values.add(rs.getString(name));
      }
    }
    return values;
  }
}
