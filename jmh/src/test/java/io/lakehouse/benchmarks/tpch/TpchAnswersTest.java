package io.lakehouse.benchmarks.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Map;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 22 TPC-H queries at scale factor 0.01 through {@code jdbc:lakehouse:} on the Delta and the
 * Iceberg warehouse, each answer compared with DuckDB's over the same Parquet data files.
 */
class TpchAnswersTest {

  private static final double SCALE_FACTOR = 0.01;

  @TempDir static Path root;
  private static final Map<TpchFormat, Path> warehouses = new EnumMap<>(TpchFormat.class);
  private static final Map<TpchFormat, Connection> lakehouse = new EnumMap<>(TpchFormat.class);
  private static final Map<TpchFormat, Connection> duckdb = new EnumMap<>(TpchFormat.class);

  @BeforeAll
  static void generate() throws Exception {
    for (TpchFormat format : TpchFormat.values()) {
      Path warehouse = TpchData.ensure(root, SCALE_FACTOR, format);
      warehouses.put(format, warehouse);
      lakehouse.put(format, TpchConnections.lakehouse(warehouse));
      duckdb.put(format, TpchConnections.duckdb(warehouse, format, 1));
    }
  }

  @AfterAll
  static void close() throws Exception {
    for (Connection connection : lakehouse.values()) {
      connection.close();
    }
    for (Connection connection : duckdb.values()) {
      connection.close();
    }
  }

  static Stream<Arguments> queries() {
    return Stream.of(TpchFormat.values())
        .flatMap(format -> IntStream.rangeClosed(1, TpchQueries.COUNT).mapToObj(q -> Arguments.of(format, q)));
  }

  @ParameterizedTest(name = "{0} Q{1}")
  @MethodSource("queries")
  void answersAsDuckDbDoes(TpchFormat format, int query) throws Exception {
    String sql = TpchQueries.sql(query);
    QueryAnswer expected = QueryAnswer.run(duckdb.get(format), sql);
    assertFalse(expected.rows().isEmpty(), "DuckDB answers Q" + query + " with rows");
    QueryAnswer actual = QueryAnswer.run(lakehouse.get(format), sql);
    boolean ordered = TpchQueries.ordered(query);
    actual.difference(expected, ordered).ifPresent(d -> fail(format.parameter() + " Q" + query + ": " + d));
  }

  @Test
  void largeTablesAreSeveralFilesOfOneCommit() throws Exception {
    for (TpchFormat format : TpchFormat.values()) {
      Path warehouse = warehouses.get(format);
      assertEquals(8, TpchData.dataFiles(warehouse, "lineitem", format).size(), format + " lineitem");
      assertEquals(4, TpchData.dataFiles(warehouse, "orders", format).size(), format + " orders");
      assertEquals(1, TpchData.dataFiles(warehouse, "nation", format).size(), format + " nation");
      assertEquals(List.of("[1]"), QueryAnswer.run(lakehouse.get(format),
          "SELECT COUNT(*) FROM \"lineitem$history\"").rows().stream().map(Object::toString).toList(),
          format + " lineitem is one commit");
      List<String> counts = new ArrayList<>();
      for (String table : TpchSchema.tableNames()) {
        counts.add(table + "=" + QueryAnswer.run(lakehouse.get(format), "SELECT COUNT(*) FROM " + table).rows());
      }
      assertEquals(List.of("customer=[[1500]]", "orders=[[15000]]", "lineitem=[[60175]]", "part=[[2000]]",
          "partsupp=[[8000]]", "supplier=[[100]]", "nation=[[25]]", "region=[[5]]"), counts, format.parameter());
    }
  }
}
