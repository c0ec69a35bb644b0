package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.lakehouse.engine.write.DeltaWriter;
import io.lakehouse.engine.write.IcebergWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How joins are planned: the planner knows each table's row count from its metadata, orders joins
 * by it whatever order the query names the tables in, and joins by hashing, building the hash
 * table from the smaller input (a hash join's second input). A star join of seven tables plans and
 * answers right.
 */
class JoinPlanningTest {

  private static final int FACT_ROWS = 3000;
  private static final int DIM_ROWS = 12;

  @TempDir static Path warehouse;

  @BeforeAll
  static void writeTables() {
    List<List<Object>> fact = new ArrayList<>();
    for (int id = 0; id < FACT_ROWS; id++) {
      fact.add(Arrays.asList((long) id, id % DIM_ROWS, (id * 7) % DIM_ROWS, (long) (id % 100)));
    }
    StructType factSchema = new StructType()
        .add("id", LongType.LONG).add("dim_a", IntegerType.INTEGER).add("dim_b", IntegerType.INTEGER)
        .add("amount", LongType.LONG);
    DeltaWriter.builder(warehouse.resolve("fact").toString(), factSchema).rowsPerFile(1000).create(fact);

    List<List<Object>> dim = new ArrayList<>();
    for (int id = 0; id < DIM_ROWS; id++) {
      dim.add(Arrays.asList(id, "name" + id));
    }
    Schema dimSchema = new Schema(
        Types.NestedField.required(1, "id", Types.IntegerType.get()),
        Types.NestedField.optional(2, "name", Types.StringType.get()));
    IcebergWriter.builder(warehouse.resolve("dim").toString(), dimSchema).create().append(dim);
    StructType deltaDim = new StructType().add("id", IntegerType.INTEGER).add("name", StringType.STRING);
    DeltaWriter.builder(warehouse.resolve("dim_delta").toString(), deltaDim).create(dim);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dim", "dim_delta"})
  void scansEstimateTheRowsTheMetadataCounts(String dim) throws SQLException {
    try (Connection c = connect()) {
      String plan = explainWithAttributes(c, "SELECT * FROM fact, " + dim + " WHERE fact.dim_a = " + dim + ".id");
      assertEquals(List.of((double) FACT_ROWS), scanRowCounts(plan, "fact"), plan);
      assertEquals(List.of((double) DIM_ROWS), scanRowCounts(plan, dim), plan);
    }
  }

  @Test
  void theSmallerInputIsHashedWhateverTheOrderOfTheTables() throws SQLException {
    Map<String, Long> expected = new TreeMap<>();
    for (int id = 0; id < FACT_ROWS; id++) {
      expected.merge("name" + id % DIM_ROWS, (long) (id % 100), Long::sum);
    }
    for (String from : List.of("fact f, dim d", "dim d, fact f")) {
      String sql = "SELECT d.name, SUM(f.amount) FROM " + from + " WHERE f.dim_a = d.id GROUP BY d.name";
      try (Connection c = connect()) {
        String plan = explain(c, sql);
        assertFalse(plan.contains("MergeJoin"), plan);
        int join = plan.indexOf("EnumerableHashJoin");
        assertTrue(join >= 0, plan);
        assertTrue(plan.indexOf("table=[[default, fact]]", join) < plan.indexOf("table=[[default, dim]]", join),
            "the large table is the probe (first) input: " + plan);
        Map<String, Long> actual = new TreeMap<>();
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
          while (rs.next()) {
            actual.put(rs.getString(1), rs.getLong(2));
          }
        }
        assertEquals(expected, actual, from);
      }
    }
  }

  @Test
  void aStarJoinOfSevenTablesPlansAndAnswers() throws SQLException {
    String sql = "SELECT a.name, b.name, COUNT(*) FROM dim a, dim_delta b, fact f, dim c, dim_delta d, dim e, dim g "
        + "WHERE f.dim_a = a.id AND f.dim_b = b.id AND c.id = a.id AND d.id = b.id AND e.id = c.id AND g.id = d.id "
        + "AND a.name <> 'name3' GROUP BY a.name, b.name";
    Map<String, Long> expected = new TreeMap<>();
    for (int id = 0; id < FACT_ROWS; id++) {
      if (id % DIM_ROWS != 3) {
        expected.merge("name" + id % DIM_ROWS + "/name" + (id * 7) % DIM_ROWS, 1L, Long::sum);
      }
    }
    try (Connection c = connect()) {
      String plan = explain(c, sql);
      assertEquals(6, count(plan, "EnumerableHashJoin"), plan);
      Map<String, Long> actual = new TreeMap<>();
      try (ResultSet rs = c.createStatement().executeQuery(sql)) {
        while (rs.next()) {
          actual.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3));
        }
      }
      assertEquals(expected, actual);
    }
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:lakehouse:" + warehouse);
  }

  private static String explain(Connection c, String sql) throws SQLException {
    return String.join("\n", QueryRows.rows(c, "EXPLAIN PLAN FOR " + sql));
  }

  private static String explainWithAttributes(Connection c, String sql) throws SQLException {
    return String.join("\n", QueryRows.rows(c, "EXPLAIN PLAN INCLUDING ALL ATTRIBUTES FOR " + sql));
  }

  /** The row counts the plan estimates for the scans of {@code table}. */
  private static List<Double> scanRowCounts(String plan, String table) {
    List<Double> counts = new ArrayList<>();
    Matcher m = Pattern.compile("LakehouseTableScan\\(table=\\[\\[default, " + table + "\\]\\][^\n]*rowcount = ([0-9.E]+)")
        .matcher(plan);
    while (m.find()) {
      counts.add(Double.parseDouble(m.group(1)));
    }
    return counts;
  }

  private static int count(String text, String word) {
    int n = 0;
    for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      n++;
    }
    return n;
  }
}
