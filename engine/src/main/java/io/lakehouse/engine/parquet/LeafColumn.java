package io.lakehouse.engine.parquet;

import java.util.Arrays;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * One leaf column of the file being read, and the repetition levels, definition levels and values
 * of the records of the current batch, kept in plain arrays so that nested vectors can be
 * assembled from the levels before the values are written.
 *
 * <p>Entry {@code t} (a "triple") holds the levels of the {@code t}-th value of the batch and, when
 * its definition level is the column's maximum, the value itself in the array of its physical
 * type.
 */
final class LeafColumn {

  final ColumnDescriptor descriptor;
  private final PrimitiveTypeName physicalType;
  private final int maxDefinitionLevel;

  private ColumnReader reader;
  private long consumedInRowGroup;
  /** The chunk's reader when it is read page by page, else null (then {@link #reader} reads it). */
  private NestedPageReader pages;

  int tripleCount;
  int[] repetitionLevels = new int[0];
  int[] definitionLevels = new int[0];
  int[] ints;
  long[] longs;
  float[] floats;
  double[] doubles;
  boolean[] booleans;
  Binary[] binaries;

  /** Where record {@code k} of the batch starts; entry {@code recordCount} is the end. */
  int[] recordStarts = new int[1];

  LeafColumn(ColumnDescriptor descriptor) {
    this.descriptor = descriptor;
    this.physicalType = descriptor.getPrimitiveType().getPrimitiveTypeName();
    this.maxDefinitionLevel = descriptor.getMaxDefinitionLevel();
  }

  /** Starts reading a new row group through parquet-mr's column reader. */
  void startRowGroup(ColumnReader columnReader) {
    this.reader = columnReader;
    this.pages = null;
    this.consumedInRowGroup = 0;
  }

  /** Starts reading a new row group page by page. */
  void startRowGroup(NestedPageReader pageReader, PageReader chunk) {
    this.reader = null;
    this.pages = pageReader;
    pageReader.startRowGroup(chunk);
  }

  /**
   * Reads the next {@code records} records of the current row group.
   *
   * @return false when the column chunk ended before that many records
   */
  boolean readRecords(int records) {
    if (pages != null) {
      return pages.readRecords(this, records);
    }
    if (recordStarts.length < records + 1) {
      recordStarts = new int[records + 1];
    }
    long total = reader.getTotalValueCount();
    int count = 0;
    int recordsRead = 0;
    while (consumedInRowGroup < total) {
      int repetition = reader.getCurrentRepetitionLevel();
      if (repetition == 0) {
        if (recordsRead == records) {
          break;
        }
        recordStarts[recordsRead++] = count;
      }
      ensureCapacity(count + 1);
      int definition = reader.getCurrentDefinitionLevel();
      repetitionLevels[count] = repetition;
      definitionLevels[count] = definition;
      if (definition == maxDefinitionLevel) {
        readValue(count);
      }
      reader.consume();
      consumedInRowGroup++;
      count++;
    }
    recordStarts[recordsRead] = count;
    tripleCount = count;
    return recordsRead == records;
  }

  private void readValue(int t) {
    switch (physicalType) {
      case BOOLEAN -> booleans[t] = reader.getBoolean();
      case INT32 -> ints[t] = reader.getInteger();
      case INT64 -> longs[t] = reader.getLong();
      case FLOAT -> floats[t] = reader.getFloat();
      case DOUBLE -> doubles[t] = reader.getDouble();
      case BINARY, FIXED_LEN_BYTE_ARRAY, INT96 -> binaries[t] = reader.getBinary();
    }
  }

  void ensureCapacity(int needed) {
    if (definitionLevels.length >= needed) {
      return;
    }
    int capacity = Math.max(needed, Math.max(16, definitionLevels.length * 2));
    repetitionLevels = Arrays.copyOf(repetitionLevels, capacity);
    definitionLevels = Arrays.copyOf(definitionLevels, capacity);
    switch (physicalType) {
      case BOOLEAN -> booleans = booleans == null ? new boolean[capacity] : Arrays.copyOf(booleans, capacity);
      case INT32 -> ints = ints == null ? new int[capacity] : Arrays.copyOf(ints, capacity);
      case INT64 -> longs = longs == null ? new long[capacity] : Arrays.copyOf(longs, capacity);
      case FLOAT -> floats = floats == null ? new float[capacity] : Arrays.copyOf(floats, capacity);
      case DOUBLE -> doubles = doubles == null ? new double[capacity] : Arrays.copyOf(doubles, capacity);
      case BINARY, FIXED_LEN_BYTE_ARRAY, INT96 ->
          binaries = binaries == null ? new Binary[capacity] : Arrays.copyOf(binaries, capacity);
    }
  }

  /** Drops references to the row group's page data. */
  void release() {
    reader = null;
    pages = null;
    if (binaries != null) {
      Arrays.fill(binaries, null);
    }
  }
}
