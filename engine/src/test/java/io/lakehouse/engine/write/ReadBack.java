package io.lakehouse.engine.write;

import io.lakehouse.engine.table.LakeSnapshot;
import io.lakehouse.engine.table.Memory;
import io.lakehouse.engine.table.RowBatch;
import io.lakehouse.engine.table.ScanContext;
import io.lakehouse.engine.table.ScanRequest;
import io.lakehouse.engine.table.ScanTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.iceberg.io.CloseableIterator;

/**
 * Reads a snapshot back through the engine's own scan (plan, then each task's batches) into plain
 * Java values: numbers, Boolean, BigDecimal, String, LocalDate, Instant (timestamp with time
 * zone), LocalDateTime (timestamp without), hex strings for binary.
 */
final class ReadBack {

  private ReadBack() {}

  /** Every live row with every column, sorted by the first column (a number). */
  static List<List<Object>> rows(LakeSnapshot snapshot) {
    int[] all = new int[snapshot.schema().getFields().size()];
    Arrays.setAll(all, i -> i);
    List<List<Object>> rows = rows(snapshot, all);
    rows.sort(Comparator.comparingLong(row -> ((Number) row.get(0)).longValue()));
    return rows;
  }

  /** The live rows of the projected columns, in scan order. */
  static List<List<Object>> rows(LakeSnapshot snapshot, int... projection) {
    List<List<Object>> rows = new ArrayList<>();
    try (BufferAllocator allocator = Memory.newRootAllocator(1L << 30)) {
      for (ScanTask task : snapshot.plan(new ScanRequest(projection)).tasks()) {
        try (CloseableIterator<RowBatch> batches = task.open(new ScanContext(allocator, 100))) {
          while (batches.hasNext()) {
            try (RowBatch batch = batches.next()) {
              for (int i = 0; i < batch.rowCount(); i++) {
                List<Object> row = new ArrayList<>();
                for (FieldVector vector : batch.root().getFieldVectors()) {
                  row.add(value(vector, batch.rowIndex(i)));
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

  /** The number of data files a full scan of the snapshot reads. */
  static int files(LakeSnapshot snapshot) {
    return snapshot.plan(ScanRequest.allColumns(snapshot.schema().getFields().size())).tasks().size();
  }

  /** The data files a full scan of the snapshot reads, sorted. */
  static List<String> paths(LakeSnapshot snapshot) {
    return snapshot.plan(ScanRequest.allColumns(snapshot.schema().getFields().size())).tasks().stream()
        .map(ScanTask::path).sorted().toList();
  }

  private static Object value(FieldVector vector, int index) {
    if (vector.isNull(index)) {
      return null;
    } else if (vector instanceof VarCharVector text) {
      return text.getObject(index).toString();
    } else if (vector instanceof VarBinaryVector binary) {
      return HexFormat.of().formatHex(binary.get(index));
    } else if (vector instanceof DateDayVector date) {
      return LocalDate.ofEpochDay(date.get(index));
    } else if (vector instanceof TimeStampMicroTZVector timestamp) {
      return instant(timestamp.get(index));
    } else if (vector instanceof TimeStampMicroVector timestamp) {
      return LocalDateTime.ofInstant(instant(timestamp.get(index)), ZoneOffset.UTC);
    }
    return vector.getObject(index);
  }

  private static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }
}
