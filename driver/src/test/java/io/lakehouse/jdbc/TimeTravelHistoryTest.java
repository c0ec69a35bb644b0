package io.lakehouse.jdbc;

import static io.lakehouse.jdbc.QueryRows.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StructType;
import io.lakehouse.engine.write.DeltaWriter;
import io.lakehouse.engine.write.IcebergWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A table's history through SQL, the same on Delta and Iceberg: the test writes several commits
 * (append, append, delete, overwrite) with Kernel's and Iceberg's own writers, keeps its own model
 * of the rows after each, and checks every version, every spelling of time travel, a timestamp per
 * commit, a diff of two versions by join, and that one statement reads one snapshot of a table even
 * when a writer commits while it runs.
 */
class TimeTravelHistoryTest {

  private static final DateTimeFormatter WALL_CLOCK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  @TempDir Path warehouse;

  /** Rows (id → value) after each commit, by version, in commit order. */
  private final Map<Long, TreeMap<Integer, Long>> history = new LinkedHashMap<>();

  private interface Table {
    long append(List<List<Object>> rows);

    long delete(int maxId);

    long overwrite(List<List<Object>> rows);
  }

  @ParameterizedTest
  @ValueSource(strings = {"delta", "iceberg"})
  void everyVersionReadsAsItWasWritten(String format) throws Exception {
    Table table = create(format);
    try (Connection c = connect()) {
      for (Map.Entry<Long, TreeMap<Integer, Long>> version : history.entrySet()) {
        List<String> expected = render(version.getValue());
        long v = version.getKey();
        assertEquals(expected, rows(c, "SELECT id, v FROM t FOR VERSION AS OF " + v + " ORDER BY id"), "version " + v);
        assertEquals(expected, rows(c, "SELECT id, v FROM t VERSION AS OF " + v + " ORDER BY id"), "version " + v);
        assertEquals(expected, rows(c, "SELECT id, v FROM t FOR SYSTEM_VERSION AS OF " + v + " ORDER BY id"));
      }
      TreeMap<Integer, Long> latest = last(history);
      assertEquals(render(latest), rows(c, "SELECT id, v FROM t ORDER BY id"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"delta", "iceberg"})
  void eachCommitTimeReadsThatCommit(String format) throws Exception {
    create(format);
    try (Connection c = connect()) {
      Map<Long, Instant> committed = new LinkedHashMap<>();
      try (ResultSet rs = c.createStatement().executeQuery("SELECT version, committed_at FROM \"t$history\"")) {
        while (rs.next()) {
          committed.put(rs.getLong(1), rs.getTimestamp(2).toInstant());
        }
      }
      // Delta's history also has the commit that created the empty table.
      assertTrue(committed.keySet().containsAll(history.keySet()), committed + " vs " + history.keySet());
      for (Map.Entry<Long, TreeMap<Integer, Long>> version : history.entrySet()) {
        // A TIMESTAMP literal is read in the session time zone, UTC here.
        String at = WALL_CLOCK.format(committed.get(version.getKey()));
        assertEquals(
            render(version.getValue()),
            rows(c, "SELECT id, v FROM t FOR TIMESTAMP AS OF TIMESTAMP '" + at + "' ORDER BY id"),
            "at " + at);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"delta", "iceberg"})
  void twoVersionsDiffByJoin(String format) throws Exception {
    create(format);
    List<Long> versions = new ArrayList<>(history.keySet());
    long before = versions.get(1);
    long after = versions.get(2);
    List<String> removed = new ArrayList<>();
    history.get(before).forEach((id, v) -> {
      if (!history.get(after).containsKey(id)) {
        removed.add(id + ":" + v);
      }
    });
    try (Connection c = connect()) {
      assertEquals(
          removed,
          rows(c, "SELECT b.id, b.v FROM t FOR VERSION AS OF " + before + " b "
              + "LEFT JOIN t FOR VERSION AS OF " + after + " a ON a.id = b.id WHERE a.id IS NULL ORDER BY b.id"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"delta", "iceberg"})
  void oneStatementReadsOneSnapshotWhileAWriterCommits(String format) throws Exception {
    Table table = create(format);
    int rowsBefore = last(history).size();
    try (Connection c = connect();
        ResultSet rs = c.createStatement().executeQuery("SELECT id FROM t UNION ALL SELECT id FROM t")) {
      assertTrue(rs.next());
      table.append(List.of(List.of(1000, 1L), List.of(1001, 1L)));
      int count = 1;
      while (rs.next()) {
        count++;
      }
      assertEquals(2 * rowsBefore, count);
    }
    try (Connection c = connect()) {
      assertEquals(List.of(String.valueOf(rowsBefore + 2)), rows(c, "SELECT count(*) FROM t"));
    }
  }

  private Table create(String format) throws InterruptedException {
    String location = warehouse.resolve("t").toString();
    Table table = format.equals("delta") ? delta(location) : iceberg(location);
    TreeMap<Integer, Long> rows = new TreeMap<>();
    record(table.append(add(rows, IntStream.rangeClosed(1, 10))), rows);
    record(table.append(add(rows, IntStream.rangeClosed(11, 15))), rows);
    rows.keySet().removeIf(((IntPredicate) id -> id <= 3)::test);
    record(table.delete(3), rows);
    rows.clear();
    record(table.overwrite(add(rows, IntStream.rangeClosed(100, 102))), rows);
    return table;
  }

  private void record(long version, TreeMap<Integer, Long> rows) throws InterruptedException {
    history.put(version, new TreeMap<>(rows));
    // Commit times are kept to the millisecond: keep commits apart so each has its own.
    Thread.sleep(15);
  }

  private static List<List<Object>> add(TreeMap<Integer, Long> rows, IntStream ids) {
    List<List<Object>> batch = new ArrayList<>();
    ids.forEach(id -> {
      long value = id * 10L + 7;
      rows.put(id, value);
      batch.add(List.of(id, value));
    });
    return batch;
  }

  private static Table delta(String location) {
    DeltaWriter writer = DeltaWriter.builder(
        location, new StructType().add("id", IntegerType.INTEGER).add("v", LongType.LONG)).create();
    return new Table() {
      @Override
      public long append(List<List<Object>> rows) {
        return writer.append(rows);
      }

      @Override
      public long delete(int maxId) {
        return writer.delete(new Predicate("<=", new Column("id"), Literal.ofInt(maxId)));
      }

      @Override
      public long overwrite(List<List<Object>> rows) {
        return writer.overwrite(rows);
      }
    };
  }

  private static Table iceberg(String location) {
    Schema schema = new Schema(
        Types.NestedField.required(1, "id", Types.IntegerType.get()),
        Types.NestedField.optional(2, "v", Types.LongType.get()));
    IcebergWriter writer = IcebergWriter.builder(location, schema).formatVersion(2).create();
    return new Table() {
      @Override
      public long append(List<List<Object>> rows) {
        return writer.append(rows);
      }

      @Override
      public long delete(int maxId) {
        return writer.deleteWhere(Expressions.lessThanOrEqual("id", maxId));
      }

      @Override
      public long overwrite(List<List<Object>> rows) {
        return writer.overwrite(rows);
      }
    };
  }

  private static TreeMap<Integer, Long> last(Map<Long, TreeMap<Integer, Long>> history) {
    TreeMap<Integer, Long> last = null;
    for (TreeMap<Integer, Long> rows : history.values()) {
      last = rows;
    }
    return last;
  }

  private static List<String> render(TreeMap<Integer, Long> rows) {
    List<String> rendered = new ArrayList<>();
    rows.forEach((id, v) -> rendered.add(id + ":" + v));
    return rendered;
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:lakehouse:" + warehouse);
  }
}
