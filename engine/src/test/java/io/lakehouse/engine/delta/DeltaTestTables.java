package io.lakehouse.engine.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.LakeSnapshot;
import io.lakehouse.engine.table.Memory;
import io.lakehouse.engine.table.RowBatch;
import io.lakehouse.engine.table.ScanContext;
import io.lakehouse.engine.table.ScanPlan;
import io.lakehouse.engine.table.ScanRequest;
import io.lakehouse.engine.table.ScanTask;
import io.lakehouse.engine.table.SnapshotRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.iceberg.io.CloseableIterator;
import org.junit.jupiter.api.function.Executable;

/** Finds the shared corpus of Delta tables and reads them back for tests. */
final class DeltaTestTables {

  static final Storage STORAGE = Storage.local();

  private DeltaTestTables() {}

  /** The root of a corpus table (the directory holding {@code _delta_log}). */
  static Path corpusPath(String name) {
    String corpus = System.getProperty("lakehouse.corpus");
    if (corpus == null) {
      throw new IllegalStateException("The system property lakehouse.corpus is not set; run the tests through Maven");
    }
    return Path.of(corpus, "tables", "delta", name, "table");
  }

  static DeltaTable open(String name) {
    return DeltaTable.open(name, corpusPath(name).toString(), STORAGE);
  }

  static DeltaSnapshot latest(String name) {
    return open(name).snapshot(SnapshotRef.LATEST);
  }

  /** The {@code rows} column of the corpus manifest for every Delta table, in manifest order. */
  static Map<String, String> manifestRows() {
    Path manifest = Path.of(System.getProperty("lakehouse.corpus"), "tables", "MANIFEST.json");
    try {
      JsonNode tables = new ObjectMapper().readTree(manifest.toFile());
      Map<String, String> rows = new LinkedHashMap<>();
      for (JsonNode table : tables) {
        if (table.get("format").asText().equalsIgnoreCase("delta")) {
          rows.put(table.get("name").asText(), table.get("rows").asText());
        }
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A copy of a corpus table whose deletion vector files lose the {@code test%dv%prefix-} that
   * Delta's own test suite puts in front of their names. The prefix is not part of the protocol
   * (the log does not record it), so no reader finds the files under their original names.
   */
  static DeltaTable copyWithoutTestDvPrefix(String name, Path dir) throws IOException {
    Path root = dir.resolve(name);
    copyTree(corpusPath(name), root);
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.filter(p -> p.getFileName().toString().startsWith("test%dv%prefix-")).toList()) {
        Files.move(path, path.resolveSibling(path.getFileName().toString().substring("test%dv%prefix-".length())));
      }
    }
    return DeltaTable.open(name, root.toString(), STORAGE);
  }

  /** Copies a directory tree; the copies are writable. */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
          target.toFile().setWritable(true);
        }
      }
    }
  }

  /** A plan for all columns of a snapshot. */
  static ScanPlan planAll(LakeSnapshot snapshot) {
    return snapshot.plan(ScanRequest.allColumns(snapshot.schema().getFields().size()));
  }

  /** The number of live rows of a snapshot, read through its scan tasks. */
  static long countRows(LakeSnapshot snapshot, int... projection) {
    long count = 0;
    try (BufferAllocator allocator = Memory.newRootAllocator(1L << 30)) {
      ScanContext context = new ScanContext(allocator, ScanContext.DEFAULT_BATCH_SIZE);
      for (ScanTask task : snapshot.plan(new ScanRequest(projection)).tasks()) {
        try (CloseableIterator<RowBatch> batches = task.open(context)) {
          while (batches.hasNext()) {
            try (RowBatch batch = batches.next()) {
              count += batch.rowCount();
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return count;
  }

  /** The live rows of a snapshot as Java values ({@link FieldVector#getObject}), in file order. */
  static List<List<Object>> readRows(LakeSnapshot snapshot, int... projection) {
    List<List<Object>> rows = new ArrayList<>();
    try (BufferAllocator allocator = Memory.newRootAllocator(1L << 30)) {
      ScanContext context = new ScanContext(allocator, 3);
      for (ScanTask task : snapshot.plan(new ScanRequest(projection)).tasks()) {
        try (CloseableIterator<RowBatch> batches = task.open(context)) {
          while (batches.hasNext()) {
            try (RowBatch batch = batches.next()) {
              assertEquals(projection.length, batch.root().getFieldVectors().size());
              for (int i = 0; i < batch.rowCount(); i++) {
                List<Object> row = new ArrayList<>();
                for (FieldVector vector : batch.root().getFieldVectors()) {
                  row.add(vector.getObject(batch.rowIndex(i)));
                }
                rows.add(row);
              }
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return rows;
  }

  /** The values of one column of a snapshot's live rows. */
  static List<Object> column(LakeSnapshot snapshot, String name) {
    int index = indexOf(snapshot, name);
    List<Object> values = new ArrayList<>();
    for (List<Object> row : readRows(snapshot, index)) {
      values.add(row.get(0));
    }
    return values;
  }

  static int indexOf(LakeSnapshot snapshot, String column) {
    List<org.apache.arrow.vector.types.pojo.Field> fields = snapshot.schema().getFields();
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).getName().equals(column)) {
        return i;
      }
    }
    throw new AssertionError("No column " + column + " in " + snapshot.schema());
  }

  /** Asserts that {@code action} fails with a LakeException of the state whose message has all parts. */
  static LakeException assertLakeException(String sqlState, Executable action, String... messageParts) {
    LakeException e = assertThrows(LakeException.class, action);
    assertEquals(sqlState, e.sqlState(), () -> "SQLState of: " + e.getMessage());
    for (String part : messageParts) {
      assertTrue(e.getMessage().contains(part), () -> "'" + part + "' is not in: " + e.getMessage());
    }
    return e;
  }
}
