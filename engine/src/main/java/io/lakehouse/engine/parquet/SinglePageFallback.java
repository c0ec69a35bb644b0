package io.lakehouse.engine.parquet;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Decodes a single data page of a flat column with parquet-mr's own column reader, for the pages
 * whose encodings {@link PageColumnReader} does not decode itself. The page's levels and values
 * come back in the page reader's dense layout, so the rest of the page path is unchanged.
 */
final class SinglePageFallback {

  private final ColumnDescriptor descriptor;
  private final MessageType schema;
  private final String createdBy;
  private final PrimitiveTypeName physical;
  private final int width;

  SinglePageFallback(ColumnDescriptor descriptor, MessageType schema, String createdBy) {
    this.descriptor = descriptor;
    this.schema = schema;
    this.createdBy = createdBy;
    this.physical = descriptor.getPrimitiveType().getPrimitiveTypeName();
    this.width = FlatSink.fixedWidth(descriptor.getPrimitiveType());
  }

  /**
   * A decoded page: whether each value is defined, its non-null values, and every value's
   * repetition and definition levels (for nested columns).
   */
  record Decoded(PageColumnReader.LevelSource levels, PageValues values, int[] repetitions, int[] definitions) {}

  /**
   * Decodes all {@code count} values of {@code page}.
   *
   * @param dictionary the chunk's dictionary page, or null
   */
  Decoded decode(DataPage page, DictionaryPage dictionary, int count) {
    ColumnReader reader = new ColumnReadStoreImpl(
            new OnePage(descriptor, page, dictionary), new LevelsOnlyConverter(schema), schema, createdBy)
        .getColumnReader(descriptor);
    byte[] defined = new byte[count];
    int[] repetitions = new int[count];
    int[] definitions = new int[count];
    byte[] fixed = width > 0 ? new byte[count * width] : null;
    BinaryBuffer binaries = width > 0 ? null : new BinaryBuffer();
    int maxDefinition = descriptor.getMaxDefinitionLevel();
    int values = 0;
    for (int i = 0; i < count; i++) {
      repetitions[i] = reader.getCurrentRepetitionLevel();
      definitions[i] = reader.getCurrentDefinitionLevel();
      if (definitions[i] == maxDefinition) {
        defined[i] = 1;
        switch (physical) {
          case BOOLEAN -> fixed[values] = (byte) (reader.getBoolean() ? 1 : 0);
          case INT32 -> PageValues.INTS.set(fixed, values * 4, reader.getInteger());
          case INT64 -> PageValues.LONGS.set(fixed, values * 8, reader.getLong());
          case FLOAT -> PageValues.INTS.set(fixed, values * 4, Float.floatToRawIntBits(reader.getFloat()));
          case DOUBLE -> PageValues.LONGS.set(fixed, values * 8, Double.doubleToRawLongBits(reader.getDouble()));
          case INT96, FIXED_LEN_BYTE_ARRAY -> {
            byte[] bytes = reader.getBinary().getBytesUnsafe();
            if (bytes.length != width) {
              throw new IllegalStateException(
                  "column " + descriptor + " holds a value of " + bytes.length + " bytes instead of " + width);
            }
            System.arraycopy(bytes, 0, fixed, values * width, width);
          }
          case BINARY -> {
            Binary value = reader.getBinary();
            byte[] bytes = value.getBytesUnsafe();
            binaries.append(bytes, 0, bytes.length);
          }
        }
        values++;
      }
      reader.consume();
    }
    int[] cursor = {0};
    PageColumnReader.LevelSource levels = (out, offset, n) -> {
      System.arraycopy(defined, cursor[0], out, offset, n);
      int ones = 0;
      for (int i = 0; i < n; i++) {
        ones += defined[cursor[0] + i];
      }
      cursor[0] += n;
      return ones;
    };
    PageValues dense = fixed != null
        ? new PageValues.PlainFixed(fixed, 0, values * width, width)
        : new DenseBinary(binaries);
    return new Decoded(levels, dense, repetitions, definitions);
  }

  /** Byte arrays already decoded into a buffer. */
  private static final class DenseBinary extends PageValues {
    private final BinaryBuffer source;
    private int next;

    DenseBinary(BinaryBuffer source) {
      this.source = source;
    }

    @Override
    void readBinary(BinaryBuffer out, int count) {
      if (next + count > source.count) {
        throw truncated();
      }
      for (int i = 0; i < count; i++, next++) {
        out.append(source.data, source.offset(next), source.length(next));
      }
    }
  }

  /** A page store holding one page of one column, and the column's dictionary. */
  private record OnePage(ColumnDescriptor descriptor, DataPage page, DictionaryPage dictionary)
      implements PageReadStore {
    @Override
    public PageReader getPageReader(ColumnDescriptor column) {
      if (!column.equals(descriptor)) {
        throw new IllegalArgumentException("no pages of column " + column);
      }
      DataPage[] remaining = {page};
      return new PageReader() {
        @Override
        public DictionaryPage readDictionaryPage() {
          return dictionary;
        }

        @Override
        public long getTotalValueCount() {
          return page.getValueCount();
        }

        @Override
        public DataPage readPage() {
          DataPage next = remaining[0];
          remaining[0] = null;
          return next;
        }
      };
    }

    @Override
    public long getRowCount() {
      return page.getValueCount();
    }
  }
}
