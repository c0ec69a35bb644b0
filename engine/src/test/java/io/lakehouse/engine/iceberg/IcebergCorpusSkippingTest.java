package io.lakehouse.engine.iceberg;

import io.lakehouse.engine.table.CorpusFilters;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.LakeSnapshot;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Skipping never loses a matching row of a table written by another engine (Spark, Impala, Trino,
 * DuckDB, PyIceberg, ...): random filters on every readable corpus table, with their writers'
 * partitions and metrics.
 */
class IcebergCorpusSkippingTest {

  static Stream<String> tables() {
    return Corpus.tableNames().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void skippingKeepsEveryMatchingRow(String name) {
    CorpusFilters filters;
    try {
      LakeSnapshot snapshot = Corpus.latest(name);
      filters = new CorpusFilters(snapshot, name.hashCode());
    } catch (LakeException e) {
      Assumptions.abort("not readable: " + e.getMessage());
      return;
    }
    Assumptions.assumeTrue(filters.hasData(), "no rows or no simple column");
    filters.check(8);
  }
}
