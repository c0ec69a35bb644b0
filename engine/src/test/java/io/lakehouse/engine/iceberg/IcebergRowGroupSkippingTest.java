package io.lakehouse.engine.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.Filter.Op;
import io.lakehouse.engine.table.LakeSnapshot;
import io.lakehouse.engine.table.Memory;
import io.lakehouse.engine.table.RowBatch;
import io.lakehouse.engine.table.ScanContext;
import io.lakehouse.engine.table.ScanPlan;
import io.lakehouse.engine.table.ScanRequest;
import io.lakehouse.engine.table.ScanStatistics;
import io.lakehouse.engine.table.SnapshotRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Row groups skipped inside a data file that has position deletes: one file of ids 0-999 written
 * in row groups of 100 rows, with rows 3, 455, 457 and 999 deleted by position.
 */
class IcebergRowGroupSkippingTest {

  static final long[] DELETED = {3, 455, 457, 999};
  static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "s", Types.StringType.get()));

  @TempDir static Path dir;
  static LakeSnapshot snapshot;

  @BeforeAll
  static void writeTable() {
    Table table = TestTables.create(dir, SCHEMA, PartitionSpec.unpartitioned(), 2);
    table.updateProperties()
        .set(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, "1")
        .set(TableProperties.PARQUET_ROW_GROUP_CHECK_MIN_RECORD_COUNT, "100")
        .set(TableProperties.PARQUET_ROW_GROUP_CHECK_MAX_RECORD_COUNT, "100")
        .commit();
    List<Record> records = new ArrayList<>();
    for (long id = 0; id < 1000; id++) {
      records.add(TestTables.record(SCHEMA, id, "s" + id));
    }
    DataFile file = TestTables.append(table, records).get(0);
    table.newRowDelta().addDeletes(TestTables.writePositionDeletes(table, file, DELETED)).commit();
    snapshot = IcebergTable.open("t", dir.toString(), Corpus.STORAGE, false).snapshot(SnapshotRef.LATEST);
  }

  @Test
  void withoutAFilterEveryLiveRowIsRead() throws IOException {
    ScanStatistics statistics = new ScanStatistics();
    assertEquals(expected(0, 1000), read(Filter.ALWAYS_TRUE, statistics));
    assertEquals(10, statistics.rowGroupsRead());
  }

  @Test
  void aSelectiveFilterReadsOneRowGroupAndDeletesStillRemoveTheRightRows() throws IOException {
    ScanStatistics statistics = new ScanStatistics();
    Filter filter = new Filter.And(List.of(
        new Filter.Comparison("id", Op.GE, 450L), new Filter.Comparison("id", Op.LT, 460L)));
    assertEquals(expected(400, 500), read(filter, statistics));
    assertEquals(1, statistics.filesOpened());
    assertEquals(1, statistics.rowGroupsRead());
    assertEquals(9, statistics.rowGroupsSkipped());
    assertEquals(100, statistics.rowsDecoded());
  }

  @Test
  void aFilterOnAColumnNotProjected() throws IOException {
    ScanStatistics statistics = new ScanStatistics();
    assertEquals(expected(900, 1000), read(new Filter.Comparison("s", Op.EQ, "s999"), statistics));
    assertEquals(1, statistics.rowGroupsRead());
  }

  private static List<Long> expected(long from, long to) {
    List<Long> deleted = LongStream.of(DELETED).boxed().toList();
    return LongStream.range(from, to).boxed().filter(id -> !deleted.contains(id)).collect(Collectors.toList());
  }

  private static List<Long> read(Filter filter, ScanStatistics statistics) throws IOException {
    ScanPlan plan = snapshot.plan(new ScanRequest(new int[] {0}, filter));
    assertEquals(1, plan.filesKept());
    List<Long> ids = new ArrayList<>();
    try (BufferAllocator allocator = Memory.newRootAllocator(1L << 28);
        CloseableIterator<RowBatch> batches = plan.tasks().get(0).open(new ScanContext(allocator, 33, statistics))) {
      while (batches.hasNext()) {
        try (RowBatch batch = batches.next()) {
          BigIntVector id = (BigIntVector) batch.root().getVector(0);
          for (int i = 0; i < batch.rowCount(); i++) {
            ids.add(id.get(batch.rowIndex(i)));
          }
        }
      }
    }
    return ids;
  }
}
