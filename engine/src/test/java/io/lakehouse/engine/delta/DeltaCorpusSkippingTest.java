package io.lakehouse.engine.delta;

import io.lakehouse.engine.table.CorpusFilters;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.LakeSnapshot;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Skipping never loses a matching row of a table written by another engine (Spark, Databricks,
 * delta-rs, ...): random filters on every readable corpus table, with their writers' statistics.
 */
class DeltaCorpusSkippingTest {

  static Stream<String> tables() {
    return DeltaTestTables.manifestRows().keySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void skippingKeepsEveryMatchingRow(String name) {
    CorpusFilters filters;
    try {
      LakeSnapshot snapshot = DeltaTestTables.latest(name);
      filters = new CorpusFilters(snapshot, name.hashCode());
    } catch (LakeException e) {
      Assumptions.abort("not readable: " + e.getMessage());
      return;
    }
    Assumptions.assumeTrue(filters.hasData(), "no rows or no simple column");
    filters.check(6);
  }
}
