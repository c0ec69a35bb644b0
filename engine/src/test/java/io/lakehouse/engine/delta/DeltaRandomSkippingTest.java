package io.lakehouse.engine.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.DataWriteContext;
import io.delta.kernel.TableManager;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.defaults.internal.data.DefaultColumnarBatch;
import io.delta.kernel.defaults.internal.data.vector.DefaultGenericVector;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.transaction.DataLayoutSpec;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.RandomFilters;
import io.lakehouse.engine.table.ScanStatistics;
import io.lakehouse.engine.table.SnapshotRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Skipping never loses a matching row: random filters over a Kernel-written table of 12 files
 * (nulls, NaN, -0.0, files with one value, strings with shared prefixes), the rows that match read
 * with the filter pushed against the rows that match read without it.
 */
class DeltaRandomSkippingTest {

  static final StructType SCHEMA = new StructType()
      .add("id", LongType.LONG)
      .add("x", IntegerType.INTEGER)
      .add("f", DoubleType.DOUBLE)
      .add("s", StringType.STRING)
      .add("dec", new DecimalType(9, 2))
      .add("d", DateType.DATE)
      .add("ts", TimestampType.TIMESTAMP)
      .add("p", IntegerType.INTEGER);

  @TempDir Path dir;

  @Test
  void skippingKeepsEveryMatchingRow() throws IOException {
    RandomFilters random = new RandomFilters(20_240_501L);
    List<List<Map<String, Object>>> files = random.files(12);
    String path = dir.resolve("random").toString();
    write(path, files);
    DeltaSnapshot snapshot = DeltaTable.open("random", path, DeltaTestTables.STORAGE).snapshot(SnapshotRef.LATEST);
    // the scan without skipping returns every row as written
    for (int i = 0; i < 20; i++) {
      Filter filter = random.filter();
      assertEquals(random.expectedIds(filter), RandomFilters.matchingIds(snapshot, Filter.ALWAYS_TRUE, filter),
          filter::toString);
    }
    ScanStatistics statistics = new ScanStatistics();
    for (int i = 0; i < 120; i++) {
      Filter filter = random.filter();
      assertEquals(random.expectedIds(filter), RandomFilters.matchingIds(snapshot, filter, filter, statistics),
          filter::toString);
    }
    // the filters are not all vacuous: files (and row groups) were skipped
    assertTrue(statistics.filesOpened() < 120 * 12 * 3 / 4, statistics::toString);
  }

  private static void write(String path, List<List<Map<String, Object>>> files) throws IOException {
    Engine engine = DefaultEngine.create(DeltaTestTables.STORAGE.hadoopConf());
    Transaction txn = TableManager.buildCreateTableTransaction(path, SCHEMA, "lakehouse-tests")
        .withDataLayoutSpec(DataLayoutSpec.partitioned(List.of(new Column("p"))))
        .build(engine);
    Row state = txn.getTransactionState(engine);
    List<Row> actions = new ArrayList<>();
    for (List<Map<String, Object>> rows : files) {
      List<ColumnVector> vectors = new ArrayList<>();
      for (int c = 0; c < SCHEMA.length(); c++) {
        String name = SCHEMA.at(c).getName();
        DataType type = SCHEMA.at(c).getDataType();
        List<Object> values = new ArrayList<>();
        rows.forEach(row -> values.add(row.get(name)));
        vectors.add(DefaultGenericVector.fromList(type, values));
      }
      DefaultColumnarBatch batch = new DefaultColumnarBatch(rows.size(), SCHEMA, vectors.toArray(new ColumnVector[0]));
      Map<String, Literal> partition = Map.of("p", Literal.ofInt((Integer) rows.get(0).get("p")));
      CloseableIterator<FilteredColumnarBatch> physical = Transaction.transformLogicalData(
          engine, state, Utils.singletonCloseableIterator(new FilteredColumnarBatch(batch, Optional.empty())),
          partition);
      DataWriteContext context = Transaction.getWriteContext(engine, state, partition);
      CloseableIterator<DataFileStatus> written = engine.getParquetHandler()
          .writeParquetFiles(context.getTargetDirectory(), physical, context.getStatisticsColumns());
      Transaction.generateAppendActions(engine, state, written, context).forEachRemaining(actions::add);
    }
    txn.commit(engine, CloseableIterable.inMemoryIterable(Utils.toCloseableIterator(actions.iterator())));
  }
}
