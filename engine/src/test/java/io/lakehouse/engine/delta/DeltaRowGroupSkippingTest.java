package io.lakehouse.engine.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.delta.kernel.internal.deletionvectors.Base85Codec;
import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.Filter.Op;
import io.lakehouse.engine.table.Memory;
import io.lakehouse.engine.table.RowBatch;
import io.lakehouse.engine.table.ScanContext;
import io.lakehouse.engine.table.ScanPlan;
import io.lakehouse.engine.table.ScanRequest;
import io.lakehouse.engine.table.ScanStatistics;
import io.lakehouse.engine.table.SnapshotRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/**
 * Row groups skipped inside a file that has a deletion vector: a one-file table whose file holds
 * ids 0-999 in ten row groups of 100, with an inline deletion vector removing rows 3, 455, 457 and
 * 999. The rows of the row groups read must stay at their true positions, or the vector would
 * remove the wrong rows.
 */
class DeltaRowGroupSkippingTest {

  static final long[] DELETED = {3, 455, 457, 999};

  @TempDir static Path dir;
  static DeltaSnapshot snapshot;

  @BeforeAll
  static void writeTable() throws IOException {
    Path root = dir.resolve("dv-row-groups");
    Files.createDirectories(root.resolve("_delta_log"));
    Path data = root.resolve("part-00000.parquet");
    MessageType schema = MessageTypeParser.parseMessageType("message spark_schema { optional int64 id; }");
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(data))
        .withType(schema).withRowGroupRowCountLimit(100).withPageRowCountLimit(50).build()) {
      for (long id = 0; id < 1000; id++) {
        writer.write(groups.newGroup().append("id", id));
      }
    }
    byte[] vector = serializedDeletionVector(DELETED);
    String schemaString = "{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[{\\\"name\\\":\\\"id\\\",\\\"type\\\":\\\"long\\\","
        + "\\\"nullable\\\":true,\\\"metadata\\\":{}}]}";
    String log = String.join("\n",
        "{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7,\"readerFeatures\":[\"deletionVectors\"],"
            + "\"writerFeatures\":[\"deletionVectors\"]}}",
        "{\"metaData\":{\"id\":\"6f1e6b5e-8a55-4f55-9d34-0b6a3a1c2f10\",\"format\":{\"provider\":\"parquet\","
            + "\"options\":{}},\"schemaString\":\"" + schemaString + "\",\"partitionColumns\":[],"
            + "\"configuration\":{\"delta.enableDeletionVectors\":\"true\"},\"createdTime\":0}}",
        "{\"add\":{\"path\":\"part-00000.parquet\",\"partitionValues\":{},\"size\":" + Files.size(data)
            + ",\"modificationTime\":0,\"dataChange\":true,\"stats\":\"{\\\"numRecords\\\":1000,"
            + "\\\"minValues\\\":{\\\"id\\\":0},\\\"maxValues\\\":{\\\"id\\\":999},\\\"nullCount\\\":{\\\"id\\\":0}}\","
            + "\"deletionVector\":{\"storageType\":\"i\",\"pathOrInlineDv\":\"" + Base85Codec.encodeBytes(vector)
            + "\",\"sizeInBytes\":" + vector.length + ",\"cardinality\":" + DELETED.length + "}}}");
    Files.writeString(root.resolve("_delta_log").resolve("00000000000000000000.json"), log + "\n",
        StandardCharsets.UTF_8);
    snapshot = DeltaTable.open("dv-row-groups", root.toString(), DeltaTestTables.STORAGE).snapshot(SnapshotRef.LATEST);
  }

  /** Delta's portable RoaringBitmapArray: magic number, bitmap count, then each key and bitmap. */
  static byte[] serializedDeletionVector(long... positions) throws IOException {
    RoaringBitmap bitmap = new RoaringBitmap();
    for (long position : positions) {
      bitmap.add((int) position);
    }
    bitmap.runOptimize();
    ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(1681511377).putLong(1).putInt(0);
    ByteBuffer body = ByteBuffer.allocate(bitmap.serializedSizeInBytes()).order(ByteOrder.LITTLE_ENDIAN);
    bitmap.serialize(body);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(header.array());
    out.write(body.array());
    return out.toByteArray();
  }

  @Test
  void withoutAFilterEveryLiveRowIsRead() throws IOException {
    ScanStatistics statistics = new ScanStatistics();
    List<Long> ids = read(Filter.ALWAYS_TRUE, statistics);
    assertEquals(expected(0, 1000), ids);
    assertEquals(10, statistics.rowGroupsRead());
    assertEquals(0, statistics.rowGroupsSkipped());
  }

  @Test
  void aSelectiveFilterReadsOneRowGroupAndTheVectorStillRemovesTheRightRows() throws IOException {
    ScanStatistics statistics = new ScanStatistics();
    Filter filter = new Filter.And(List.of(
        new Filter.Comparison("id", Op.GE, 450L), new Filter.Comparison("id", Op.LT, 460L)));
    List<Long> ids = read(filter, statistics);
    // the whole row group 400-499 is read; rows 455 and 457 stay deleted
    assertEquals(expected(400, 500), ids);
    assertEquals(1, statistics.filesOpened());
    assertEquals(1, statistics.rowGroupsRead());
    assertEquals(9, statistics.rowGroupsSkipped());
    assertEquals(100, statistics.rowsDecoded());
  }

  @Test
  void theLastRowGroup() throws IOException {
    ScanStatistics statistics = new ScanStatistics();
    assertEquals(expected(900, 1000), read(new Filter.Comparison("id", Op.GE, 950L), statistics));
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
