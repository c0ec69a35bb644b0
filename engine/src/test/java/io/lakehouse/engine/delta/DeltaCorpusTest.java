package io.lakehouse.engine.delta;

import static io.lakehouse.engine.delta.DeltaTestTables.assertLakeException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.SnapshotRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Delta table of the shared corpus either reads all its columns with the row count its
 * writer recorded, or fails with the error expected for it here.
 */
class DeltaCorpusTest {

  /** A table that cannot be read, with the SQLState and message parts of its error. */
  private record ExpectedFailure(String sqlState, String... messageParts) {}

  private static final Map<String, ExpectedFailure> FAILURES =
      Map.ofEntries(
          // the four negative tables of the corpus
          Map.entry("deltalog-invalid-protocol-version",
              new ExpectedFailure(LakeException.FEATURE_NOT_SUPPORTED, "reader protocol version 99")),
          Map.entry("deltalog-state-reconstruction-without-protocol",
              new ExpectedFailure(LakeException.INVALID_TABLE, "invalid Delta log", "No protocol found")),
          Map.entry("versions-not-contiguous",
              new ExpectedFailure(LakeException.INVALID_TABLE, "invalid Delta log", "not contiguous")),
          Map.entry("simple_table_features",
              new ExpectedFailure(LakeException.FEATURE_NOT_SUPPORTED, "reader protocol version 5")),
          // a log with no metaData action (the table exists only to test path escaping)
          Map.entry("data-reader-absolute-paths-escaped-chars",
              new ExpectedFailure(LakeException.INVALID_TABLE, "invalid Delta log", "No metadata found")),
          // the writer left the ':' of "time=1971-07-22T03:06:40.000000Z/..." unencoded in add.path
          Map.entry("timestamp-partitioned-table",
              new ExpectedFailure(LakeException.INVALID_TABLE, "not a valid URI", "time=1971-07-22T03:06:40")),
          Map.entry("void-column",
              new ExpectedFailure(LakeException.FEATURE_NOT_SUPPORTED, "VOID")),
          Map.entry("unshredded-variant",
              new ExpectedFailure(LakeException.FEATURE_NOT_SUPPORTED, "variant type", "column 'v'")),
          // data files the source repositories do not ship
          Map.entry("checkpoint",
              new ExpectedFailure(LakeException.IO_ERROR, "'checkpoint'", "missing", "table/15")),
          Map.entry("delete-re-add-same-file-different-transactions",
              new ExpectedFailure(LakeException.IO_ERROR, "missing", "table/")),
          Map.entry("latest_not_checkpointed",
              new ExpectedFailure(LakeException.IO_ERROR, "missing", "part-00000-70b1dcdf")),
          Map.entry("multipartCheckpointSkips",
              new ExpectedFailure(LakeException.IO_ERROR, "missing", ".snappy.parquet")),
          // Kernel does not canonicalize "/p" and "file:/p" to one file (see DeltaPlanTest)
          Map.entry("canonicalized-paths-special-a",
              new ExpectedFailure(LakeException.IO_ERROR, "missing", "/some/unqualified/with space/p@#h")),
          // deletion vector files named with Delta's test-only prefix (see DeltaDeletionVectorTest)
          Map.entry("table-with-dv-large",
              new ExpectedFailure(LakeException.IO_ERROR, "deletion vector file", "deletion_vector_", "is missing")),
          Map.entry("partitioned-table-with-dv-large",
              new ExpectedFailure(LakeException.IO_ERROR, "deletion vector file", "deletion_vector_", "is missing")));

  /**
   * Row counts that differ from the manifest, and why. The manifest's count for
   * basic-dv-no-checkpoint comes from a replay that keyed files by path alone, so the add with a
   * deletion vector and the remove of the same path in commit 1 cancelled out; the commit deletes
   * {@code id < 2} from ids 0-9, leaving 8 rows (see DeltaDeletionVectorTest).
   */
  private static final Map<String, Long> CORRECTED_ROWS = Map.of("basic-dv-no-checkpoint", 8L);

  private static final Pattern COUNT = Pattern.compile("^(\\d+) ");

  static Stream<Arguments> tables() {
    List<Arguments> tables = new ArrayList<>();
    DeltaTestTables.manifestRows().forEach((name, rows) -> tables.add(Arguments.of(name, rows)));
    return tables.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void readsOrFailsClearly(String name, String manifestRows) {
    ExpectedFailure failure = FAILURES.get(name);
    if (failure != null) {
      String[] parts = Stream.concat(Stream.of("'" + name + "'"), Stream.of(failure.messageParts()))
          .distinct().toArray(String[]::new);
      assertLakeException(failure.sqlState(), () -> countAllColumns(name), parts);
      return;
    }
    long rows = countAllColumns(name);
    Long expected = CORRECTED_ROWS.get(name);
    Matcher count = COUNT.matcher(manifestRows);
    if (expected == null && count.find()) {
      expected = Long.parseLong(count.group(1));
    }
    if (expected != null) {
      assertEquals(expected, rows, () -> name + ": manifest says " + manifestRows);
    } else {
      assertTrue(rows >= 0);
    }
  }

  private static long countAllColumns(String name) {
    DeltaSnapshot snapshot = DeltaTestTables.open(name).snapshot(SnapshotRef.LATEST);
    int[] all = new int[snapshot.schema().getFields().size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return DeltaTestTables.countRows(snapshot, all);
  }
}
