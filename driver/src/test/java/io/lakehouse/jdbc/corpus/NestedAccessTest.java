package io.lakehouse.jdbc.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Field, element and key access into struct, array and map columns ({@code t."a"."aa"},
 * {@code "arr"[1]}, {@code "m"[k]}), checked against the values the tables' writer shipped (the
 * corpus cases' JSON).
 */
class NestedAccessTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void structFields() throws Exception {
    Map<String, JsonNode> expected = expectedByKey("c_delta_data-reader-nested-struct_latest", "b", "a");
    Map<String, List<String>> actual =
        rows("SELECT t.\"b\", t.\"a\".\"aa\", t.\"a\".\"ac\".\"acb\" FROM \"data-reader-nested-struct\" t");
    assertFalse(actual.isEmpty());
    assertEquals(expected.keySet(), actual.keySet());
    actual.forEach((b, values) -> {
      JsonNode a = expected.get(b);
      assertEquals(List.of(a.get("aa").asText(), a.get("ac").get("acb").asText()), values, "row b=" + b);
    });
  }

  @Test
  void arrayElementsAndCardinality() throws Exception {
    Map<String, JsonNode> ints =
        expectedByKey("c_delta_data-reader-array-primitives_latest", "as_array_long", "as_array_int");
    Map<String, List<String>> actual =
        rows("SELECT CAST(\"as_array_long\"[1] AS VARCHAR), \"as_array_int\"[1], CARDINALITY(\"as_array_int\")"
            + " FROM \"data-reader-array-primitives\"");
    assertFalse(actual.isEmpty());
    actual.forEach((firstLong, values) -> {
      JsonNode array = ints.get("[" + firstLong + "]");
      assertEquals(List.of(array.get(0).asText(), String.valueOf(array.size())), values);
    });
  }

  @Test
  void mapValuesByKey() throws Exception {
    Map<String, JsonNode> expected = expectedByKey("c_delta_data-reader-map_latest", "i", "a");
    Map<String, List<String>> actual = rows("SELECT \"i\", \"a\"[\"i\"], \"a\"[-1] FROM \"data-reader-map\"");
    assertFalse(actual.isEmpty());
    actual.forEach((i, values) -> {
      JsonNode map = expected.get(i);
      assertEquals(map.get(i).asText(), values.get(0), "a[i] for i=" + i);
      assertEquals(null, values.get(1), "a missing key is NULL");
    });
  }

  /** Rows keyed by their first column's text; the rest as text. */
  private static Map<String, List<String>> rows(String sql) throws SQLException {
    Map<String, List<String>> rows = new HashMap<>();
    try (Connection c = DriverManager.getConnection(CorpusWarehouse.url());
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        java.util.ArrayList<String> rest = new java.util.ArrayList<>();
        for (int i = 2; i <= columns; i++) {
          rest.add(rs.getString(i));
        }
        rows.put(rs.getString(1), rest);
      }
    }
    return rows;
  }

  /** The expected rows of a corpus case: column {@code value} parsed as JSON, keyed by column {@code key}. */
  private static Map<String, JsonNode> expectedByKey(String caseId, String key, String value) throws IOException {
    String text = Files.readString(
        CorpusWarehouse.shared().resolve("corpus-cases").resolve(caseId + ".csv"), StandardCharsets.UTF_8);
    List<List<String>> table = Csv.parse(text);
    List<String> header = table.get(0);
    int k = header.indexOf(key);
    int v = header.indexOf(value);
    Map<String, JsonNode> result = new HashMap<>();
    for (List<String> row : table.subList(1, table.size())) {
      result.put(row.get(k), JSON.readTree(row.get(v)));
    }
    return result;
  }
}
