package io.lakehouse.engine.iceberg;

import io.lakehouse.engine.table.LakeSnapshot;
import io.lakehouse.engine.table.Memory;
import io.lakehouse.engine.table.RowBatch;
import io.lakehouse.engine.table.ScanContext;
import io.lakehouse.engine.table.ScanPlan;
import io.lakehouse.engine.table.ScanRequest;
import io.lakehouse.engine.table.ScanTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.iceberg.io.CloseableIterator;

/**
 * Reads a whole snapshot through the scan tasks into plain Java values: Integer, Long, Float,
 * Double, Boolean, BigDecimal, String, LocalDate, LocalTime, LocalDateTime (timestamp), Instant
 * (timestamptz), hex strings for binary, maps for structs and maps, lists for lists.
 */
final class Rows {

  private static final int DEFAULT_BATCH_SIZE = 1000;

  private Rows() {}

  static List<List<Object>> readAll(LakeSnapshot snapshot) {
    return read(snapshot, ScanRequest.allColumns(snapshot.schema().getFields().size()));
  }

  static List<List<Object>> read(LakeSnapshot snapshot, int... projection) {
    return read(snapshot, new ScanRequest(projection));
  }

  static List<List<Object>> read(LakeSnapshot snapshot, ScanRequest request) {
    return read(snapshot, request, DEFAULT_BATCH_SIZE);
  }

  /** Reads in batches of {@code batchSize} rows; small sizes make deletes cross batch boundaries. */
  static List<List<Object>> read(LakeSnapshot snapshot, ScanRequest request, int batchSize) {
    List<List<Object>> rows = new ArrayList<>();
    try (BufferAllocator allocator = Memory.newRootAllocator(Long.MAX_VALUE)) {
      ScanPlan plan = snapshot.plan(request);
      for (ScanTask task : plan.tasks()) {
        try (CloseableIterator<RowBatch> batches = task.open(new ScanContext(allocator, batchSize))) {
          while (batches.hasNext()) {
            try (RowBatch batch = batches.next()) {
              List<FieldVector> vectors = batch.root().getFieldVectors();
              for (int i = 0; i < batch.rowCount(); i++) {
                int row = batch.rowIndex(i);
                List<Object> values = new ArrayList<>();
                for (FieldVector vector : vectors) {
                  values.add(value(vector, row));
                }
                rows.add(values);
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

  /** The number of live rows, read with no columns. */
  static long count(LakeSnapshot snapshot) {
    return read(snapshot, new int[0]).size();
  }

  static Object value(ValueVector vector, int index) {
    if (vector.isNull(index)) {
      return null;
    }
    if (vector instanceof BitVector v) {
      return v.get(index) != 0;
    } else if (vector instanceof IntVector v) {
      return v.get(index);
    } else if (vector instanceof BigIntVector v) {
      return v.get(index);
    } else if (vector instanceof Float4Vector v) {
      return v.get(index);
    } else if (vector instanceof Float8Vector v) {
      return v.get(index);
    } else if (vector instanceof DecimalVector v) {
      return v.getObject(index);
    } else if (vector instanceof DateDayVector v) {
      return LocalDate.ofEpochDay(v.get(index));
    } else if (vector instanceof TimeStampMicroTZVector v) {
      return instant(v.get(index));
    } else if (vector instanceof TimeStampMicroVector v) {
      return LocalDateTime.ofInstant(instant(v.get(index)), ZoneOffset.UTC);
    } else if (vector instanceof TimeMicroVector v) {
      return LocalTime.ofNanoOfDay(v.get(index) * 1000);
    } else if (vector instanceof VarCharVector v) {
      return new String(v.get(index), java.nio.charset.StandardCharsets.UTF_8);
    } else if (vector instanceof VarBinaryVector v) {
      return HexFormat.of().formatHex(v.get(index));
    } else if (vector instanceof FixedSizeBinaryVector v) {
      return HexFormat.of().formatHex(v.get(index));
    } else if (vector instanceof MapVector v) {
      StructVector entries = (StructVector) v.getDataVector();
      Map<Object, Object> map = new LinkedHashMap<>();
      for (int i = v.getElementStartIndex(index); i < v.getElementEndIndex(index); i++) {
        map.put(value(entries.getChild("key"), i), value(entries.getChild("value"), i));
      }
      return map;
    } else if (vector instanceof ListVector v) {
      List<Object> list = new ArrayList<>();
      for (int i = v.getElementStartIndex(index); i < v.getElementEndIndex(index); i++) {
        list.add(value(v.getDataVector(), i));
      }
      return list;
    } else if (vector instanceof StructVector v) {
      Map<String, Object> struct = new LinkedHashMap<>();
      for (String name : v.getChildFieldNames()) {
        struct.put(name, value(v.getChild(name), index));
      }
      return struct;
    }
    throw new IllegalArgumentException("No test rendering for " + vector.getClass().getSimpleName());
  }

  private static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }

  /** Renders a value the way the DuckDB and Impala expected files mostly do. */
  static String text(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    return value.toString();
  }

  static List<String> texts(List<List<Object>> rows, String separator) {
    List<String> lines = new ArrayList<>();
    for (List<Object> row : rows) {
      lines.add(String.join(separator, row.stream().map(Rows::text).toList()));
    }
    return lines;
  }
}
