package io.lakehouse.benchmarks;

import io.lakehouse.engine.delta.DeltaTable;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.DictionaryVector;
import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.LakeSnapshot;
import io.lakehouse.engine.table.Memory;
import io.lakehouse.engine.table.RowBatch;
import io.lakehouse.engine.table.RowFilter;
import io.lakehouse.engine.table.ScanContext;
import io.lakehouse.engine.table.ScanRequest;
import io.lakehouse.engine.table.ScanStatistics;
import io.lakehouse.engine.table.ScanTask;
import io.lakehouse.engine.table.SnapshotRef;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.iceberg.io.CloseableIterator;

/**
 * Answers the queries with the engine's scan alone, without SQL: the Delta table's plan, then each
 * data file's Arrow batches, file after file on one thread, values read from the vectors by hand,
 * as {@link ParquetMrQueries} reads parquet-mr's records by hand. This is the reader beside the
 * reader: what the Arrow Parquet scan costs before Calcite and JDBC hand rows on one by one.
 * Projections and the filter are pushed down as the driver pushes them (row-group skipping, then
 * the residual filter on the batches), and dictionary-encoded strings stay dictionaries, each entry
 * one {@code String}.
 */
final class ArrowScanQueries implements LineitemQueries {

  private static final int BATCH_SIZE = 4096;
  private static final String[] PROJECTION = {"l_orderkey", "l_quantity", "l_extendedprice", "l_shipmode"};
  private static final String[] FILTER_COLUMNS = {"l_quantity", "l_extendedprice", "l_discount", "l_shipdate"};

  private final Storage storage = Storage.local();
  private final LakeSnapshot snapshot;
  private final Map<String, Integer> fieldIndex = new HashMap<>();
  private final Filter q6;

  ArrowScanQueries(Path warehouse) {
    Path table = warehouse.resolve("lineitem");
    snapshot = DeltaTable.open("lineitem", table.toAbsolutePath().toString(), storage).snapshot(SnapshotRef.LATEST);
    List<Field> fields = snapshot.schema().getFields();
    for (int i = 0; i < fields.size(); i++) {
      fieldIndex.put(fields.get(i).getName(), i);
    }
    q6 = new Filter.And(List.of(
        new Filter.Comparison("l_shipdate", Filter.Op.GE, (int) LocalDate.of(1994, 1, 1).toEpochDay()),
        new Filter.Comparison("l_shipdate", Filter.Op.LT, (int) LocalDate.of(1995, 1, 1).toEpochDay()),
        new Filter.Comparison("l_discount", Filter.Op.GE, new BigDecimal("0.05")),
        new Filter.Comparison("l_discount", Filter.Op.LE, new BigDecimal("0.07")),
        new Filter.Comparison("l_quantity", Filter.Op.LT, new BigDecimal("24"))));
  }

  /** A decimal(15,2) value as its unscaled long: the low eight bytes of Arrow's sixteen. */
  private static long unscaled(DecimalVector vector, int row) {
    return vector.getDataBuffer().getLong((long) row * DecimalVector.TYPE_WIDTH);
  }

  /** A string, from the column chunk's dictionary (one {@code String} per entry) when it is kept. */
  private static String text(FieldVector vector, int row) {
    return vector instanceof DictionaryVector encoded
        ? encoded.dictionary().string(encoded.index(row))
        : new String(((VarCharVector) vector).get(row), StandardCharsets.UTF_8);
  }

  /** Reads every live batch of a scan of {@code columns} (all when null) through {@code filter}. */
  private void scan(String[] columns, Filter filter, BatchConsumer consumer) throws IOException {
    int[] projection;
    if (columns == null) {
      projection = new int[fieldIndex.size()];
      for (int i = 0; i < projection.length; i++) {
        projection[i] = i;
      }
    } else {
      projection = new int[columns.length];
      for (int i = 0; i < columns.length; i++) {
        projection[i] = fieldIndex.get(columns[i]);
      }
    }
    Map<String, Integer> vectorIndex = new HashMap<>();
    List<Field> fields = snapshot.schema().getFields();
    for (int i = 0; i < projection.length; i++) {
      vectorIndex.put(fields.get(projection[i]).getName(), i);
    }
    Map<String, ArrowType> types = new HashMap<>();
    for (int p : projection) {
      types.put(fields.get(p).getName(), fields.get(p).getType());
    }
    RowFilter rows = RowFilter.of(RowFilter.residual(filter, types::get), vectorIndex);
    ScanStatistics statistics = new ScanStatistics();
    try (BufferAllocator allocator = Memory.newRootAllocator(Long.MAX_VALUE)) {
      // as the driver reads: dictionaries kept, the residual evaluated by the reader
      ScanContext context = new ScanContext(allocator, BATCH_SIZE, statistics, true).withRowFilter(rows);
      for (ScanTask task : snapshot.plan(new ScanRequest(projection, filter)).tasks()) {
        try (CloseableIterator<RowBatch> batches = task.open(context)) {
          while (batches.hasNext()) {
            try (RowBatch batch = rows.apply(batches.next(), statistics)) {
              consumer.accept(batch);
            }
          }
        }
      }
    }
  }

  @FunctionalInterface
  private interface BatchConsumer {
    void accept(RowBatch batch);
  }

  @Override
  public Answer fullScan() throws IOException {
    long[] count = {0};
    long[] sums = new long[8];
    String[] maxText = new String[16];
    int[] maxDays = {Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE};
    scan(null, Filter.ALWAYS_TRUE, batch -> {
      List<FieldVector> v = batch.root().getFieldVectors();
      for (int i = 0; i < batch.rowCount(); i++) {
        int row = batch.rowIndex(i);
        count[0]++;
        sums[0] += ((BigIntVector) v.get(0)).get(row);
        sums[1] += ((BigIntVector) v.get(1)).get(row);
        sums[2] += ((BigIntVector) v.get(2)).get(row);
        sums[3] += ((IntVector) v.get(3)).get(row);
        for (int column = 4; column < 8; column++) {
          sums[column] += unscaled((DecimalVector) v.get(column), row);
        }
        for (int column : new int[] {8, 9, 13, 14, 15}) {
          String value = text(v.get(column), row);
          if (maxText[column] == null || value.compareTo(maxText[column]) > 0) {
            maxText[column] = value;
          }
        }
        for (int day = 0; day < 3; day++) {
          maxDays[day] = Math.max(maxDays[day], ((DateDayVector) v.get(10 + day)).get(row));
        }
      }
    });
    return Answer.of(count[0], sums[0], sums[1], sums[2], sums[3],
        BigDecimal.valueOf(sums[4], 2), BigDecimal.valueOf(sums[5], 2), BigDecimal.valueOf(sums[6], 2),
        BigDecimal.valueOf(sums[7], 2), maxText[8], maxText[9], LocalDate.ofEpochDay(maxDays[0]),
        LocalDate.ofEpochDay(maxDays[1]), LocalDate.ofEpochDay(maxDays[2]), maxText[13], maxText[14], maxText[15]);
  }

  @Override
  public Answer projection() throws IOException {
    long[] sums = new long[5];
    scan(PROJECTION, Filter.ALWAYS_TRUE, batch -> {
      List<FieldVector> v = batch.root().getFieldVectors();
      for (int i = 0; i < batch.rowCount(); i++) {
        int row = batch.rowIndex(i);
        sums[0]++;
        sums[1] += ((BigIntVector) v.get(0)).get(row);
        sums[2] += unscaled((DecimalVector) v.get(1), row);
        sums[3] += unscaled((DecimalVector) v.get(2), row);
        sums[4] += text(v.get(3), row).length();
      }
    });
    return Answer.of(sums[0], sums[1], BigDecimal.valueOf(sums[2], 2), BigDecimal.valueOf(sums[3], 2), sums[4]);
  }

  @Override
  public Answer selectiveFilter() throws IOException {
    long[] sums = new long[2];
    scan(FILTER_COLUMNS, q6, batch -> {
      List<FieldVector> v = batch.root().getFieldVectors();
      for (int i = 0; i < batch.rowCount(); i++) {
        int row = batch.rowIndex(i);
        sums[0] += unscaled((DecimalVector) v.get(1), row) * unscaled((DecimalVector) v.get(2), row);
        sums[1]++;
      }
    });
    return Answer.of(BigDecimal.valueOf(sums[0], 4), sums[1]);
  }

  @Override
  public void close() {
    storage.close();
  }
}
