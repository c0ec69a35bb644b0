package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.table.ScanStatistics;
import io.lakehouse.engine.write.IcebergWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.stream.LongStream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Page skipping and late materialization through SQL, on an Iceberg table iceberg-core wrote: one
 * data file of ids 0-3999 in pages of 100 rows, sorted by id, with position deletes that remove ids
 * 1000-1299 (three whole pages) and every seventh id. Every answer equals the answer of a
 * connection that pushes nothing into the scan.
 */
class LateMaterializationTest {

  @TempDir static Path warehouse;

  static final LongPredicate DELETED = id -> (id >= 1000 && id < 1300) || id % 7 == 0;

  @BeforeAll
  static void writeTable() {
    Schema schema = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "k", Types.IntegerType.get()),
        Types.NestedField.optional(3, "s", Types.StringType.get()));
    IcebergWriter writer = IcebergWriter.builder(warehouse.resolve("paged").toString(), schema)
        .formatVersion(2)
        .property(TableProperties.PARQUET_PAGE_ROW_LIMIT, "100")
        .create();
    List<List<Object>> rows = new ArrayList<>();
    for (long id = 0; id < 4000; id++) {
      // k spreads over 0-199 within every page: its page index rules out nothing
      rows.add(Arrays.asList(id, id % 9 == 4 ? null : (int) (id * 37 % 200), id % 11 == 3 ? null : "s" + id));
    }
    writer.append(rows);
    List<Long> sevenths = LongStream.range(0, 4000).filter(DELETED).boxed().toList();
    writer.deleteWhere(Expressions.in("id", sevenths.toArray()));
  }

  @Test
  void pagesOutsideTheFilterOrDeletedAreNotRead() throws SQLException {
    String sql = "SELECT id, s FROM paged WHERE id >= 950 AND id < 1450 ORDER BY id";
    List<String> expected = new ArrayList<>();
    LongStream.range(950, 1450).filter(id -> !DELETED.test(id))
        .forEach(id -> expected.add(id + ":" + (id % 11 == 3 ? null : "s" + id)));
    ScanStatistics read = assertSameAsUnpushed(sql);
    assertEquals(expected, rows(sql));
    // of 40 pages per column, those of ids 900-999 and 1300-1499 are read
    assertEquals(2 * (40 - 3), read.pagesSkipped(), read::toString);
    assertEquals(300, read.rowsDecoded(), read::toString);
  }

  @Test
  void otherColumnsAreDecodedOnlyForBatchesWithSurvivors() throws SQLException {
    // batches of 64 rows (batchSize=64): k = 5 holds in one row of 200
    ScanStatistics read = assertSameAsUnpushed("SELECT id, s FROM paged WHERE k = 5 ORDER BY id");
    assertTrue(read.valuesNotDecoded() > 2 * 64 * 20, read::toString);
    assertTrue(read.pagesNotDecoded() > 0, read::toString);
    read = assertSameAsUnpushed("SELECT COUNT(*), SUM(k), MAX(s) FROM paged WHERE k < 3 AND id < 3000");
    assertTrue(read.pagesSkipped() > 0, read::toString);
    assertSameAsUnpushed("SELECT id FROM paged WHERE k IS NULL OR s LIKE 's39%' ORDER BY id");
    assertSameAsUnpushed("SELECT COUNT(*) FROM paged WHERE s IS NULL AND id > 500");
  }

  /** Runs {@code sql} with and without pushing filters into the scan; returns the statistics with. */
  private static ScanStatistics assertSameAsUnpushed(String sql) throws SQLException {
    try (Connection pushed = DriverManager.getConnection("jdbc:lakehouse:" + warehouse + ";batchSize=64");
        Connection unpushed = DriverManager.getConnection("jdbc:lakehouse:" + warehouse + ";dataSkipping=false")) {
      List<String> rows = QueryRows.rows(pushed, sql);
      ScanStatistics read = pushed.unwrap(LakehouseConnection.class).lastQueryStatistics();
      assertEquals(QueryRows.rows(unpushed, sql), rows, sql);
      assertTrue(!rows.isEmpty(), sql);
      return read;
    }
  }

  private static List<String> rows(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + warehouse)) {
      return QueryRows.rows(c, sql);
    }
  }
}
