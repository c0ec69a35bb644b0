package io.lakehouse.engine.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.table.Memory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reads the data files of real tables in the shared corpus and compares every value with what
 * parquet-mr's own Group reader assembles from the same file.
 */
class CorpusFilesTest {

  private static Path table(String name) {
    return Path.of(System.getProperty("lakehouse.corpus"), "tables", "delta", name, "table");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "parquet-all-types, 200",
    "parquet-all-types-legacy-format, 200",
    "kernel-timestamp-int96, 5",
    "data-reader-array-complex-objects, 10",
    "data-reader-map, 10",
    "data-reader-nested-struct, 10",
    "data-reader-array-primitives, 10"
  })
  void everyValueEqualsParquetMrs(String tableName, long expectedRows) throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(table(tableName))) {
      files = walk.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log")).sorted().toList();
    }
    assertTrue(!files.isEmpty(), "no data files in " + tableName);
    long rows = 0;
    try (BufferAllocator allocator = Memory.newRootAllocator(Long.MAX_VALUE)) {
      for (Path file : files) {
        List<Group> expected = ParquetFiles.readGroups(file);
        GroupType schema = expected.isEmpty() ? null : expected.get(0).getType();
        if (schema == null) {
          continue;
        }
        List<ColumnSpec> columns = new ArrayList<>();
        schema.getFields().forEach(f -> columns.add(ColumnSpec.fromFile(GroupValues.arrowField(f))));
        List<Map<String, Object>> actual = new ArrayList<>();
        ParquetFiles.scan(file, columns, allocator, 3, batch -> {
          assertEquals(actual.size(), batch.firstRowPosition());
          for (int i = 0; i < batch.root().getRowCount(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) {
              row.put(schema.getFieldName(c), ArrowValues.get(batch.root().getVector(c), i));
            }
            actual.add(row);
          }
        });
        assertEquals(expected.size(), actual.size(), file.toString());
        for (int r = 0; r < expected.size(); r++) {
          assertEquals(GroupValues.row(expected.get(r)), actual.get(r), file + " row " + r);
        }
        rows += actual.size();
      }
      assertEquals(0, allocator.getAllocatedMemory());
    }
    assertEquals(expectedRows, rows);
  }
}
