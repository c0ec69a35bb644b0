package io.lakehouse.engine.parquet;

import java.util.Arrays;
import java.util.Set;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Reads a leaf column of a nested type (a struct's field, a list's element, a map's key or value)
 * page by page into a {@link LeafColumn}'s triples: each page's repetition and definition levels
 * are decoded whole from their RLE / bit-packed hybrid runs, and its values by the same decoders as
 * flat columns, instead of value by value through parquet-mr's column reader. A page whose levels
 * or values are in an encoding not decoded here (bit-packed levels, for one) is decoded by
 * parquet-mr's reader, one page at a time.
 */
final class NestedPageReader {

  private final ColumnDescriptor descriptor;
  private final PrimitiveTypeName physical;
  private final int width;
  private final int maxRepetition;
  private final int maxDefinition;
  private final SinglePageFallback fallback;
  private final Set<Encoding> nativeEncodings;

  private PageReader pages;
  private boolean dictionaryRead;
  private DictionaryPage dictionaryPage;
  private PageValues.Dictionary dictionary;

  /** The current page's levels and values, and how far they have been read. */
  private int[] repetitions = new int[0];
  private int[] definitions = new int[0];
  private int pageCount;
  private int position;
  private byte[] fixed = new byte[0];
  private BinaryBuffer binaries;
  private int nextValue;

  private long nativePages;
  private long fallbackPages;

  NestedPageReader(ColumnDescriptor descriptor, MessageType schema, String createdBy, Set<Encoding> nativeEncodings) {
    this.descriptor = descriptor;
    this.physical = descriptor.getPrimitiveType().getPrimitiveTypeName();
    this.width = FlatSink.fixedWidth(descriptor.getPrimitiveType());
    this.maxRepetition = descriptor.getMaxRepetitionLevel();
    this.maxDefinition = descriptor.getMaxDefinitionLevel();
    this.fallback = new SinglePageFallback(descriptor, schema, createdBy);
    this.nativeEncodings = nativeEncodings;
  }

  /** Starts reading a new row group's column chunk. */
  void startRowGroup(PageReader pageReader) {
    pages = pageReader;
    dictionaryRead = false;
    dictionaryPage = null;
    dictionary = null;
    pageCount = 0;
    position = 0;
    binaries = null;
  }

  long nativePages() {
    return nativePages;
  }

  long fallbackPages() {
    return fallbackPages;
  }

  /**
   * Reads the triples of the next {@code records} records into {@code leaf}, as
   * {@link LeafColumn#readRecords} does from a column reader.
   *
   * @return false when the column chunk ended before that many records
   */
  boolean readRecords(LeafColumn leaf, int records) {
    if (leaf.recordStarts.length < records + 1) {
      leaf.recordStarts = new int[records + 1];
    }
    int count = 0;
    int recordsRead = 0;
    while (position < pageCount || nextPage()) {
      int repetition = repetitions[position];
      if (repetition == 0) {
        if (recordsRead == records) {
          break;
        }
        leaf.recordStarts[recordsRead++] = count;
      }
      leaf.ensureCapacity(count + 1);
      int definition = definitions[position];
      leaf.repetitionLevels[count] = repetition;
      leaf.definitionLevels[count] = definition;
      if (definition == maxDefinition) {
        setValue(leaf, count, nextValue++);
      }
      position++;
      count++;
    }
    leaf.recordStarts[recordsRead] = count;
    leaf.tripleCount = count;
    return recordsRead == records;
  }

  private void setValue(LeafColumn leaf, int t, int value) {
    switch (physical) {
      case BOOLEAN -> leaf.booleans[t] = fixed[value] != 0;
      case INT32 -> leaf.ints[t] = (int) PageValues.INTS.get(fixed, value * 4);
      case INT64 -> leaf.longs[t] = (long) PageValues.LONGS.get(fixed, value * 8);
      case FLOAT -> leaf.floats[t] = Float.intBitsToFloat((int) PageValues.INTS.get(fixed, value * 4));
      case DOUBLE -> leaf.doubles[t] = Double.longBitsToDouble((long) PageValues.LONGS.get(fixed, value * 8));
      case INT96, FIXED_LEN_BYTE_ARRAY -> leaf.binaries[t] = Binary.fromConstantByteArray(fixed, value * width, width);
      case BINARY -> leaf.binaries[t] =
          Binary.fromConstantByteArray(binaries.data, binaries.offset(value), binaries.length(value));
    }
  }

  /** Decodes the next data page whole; false at the end of the chunk. */
  private boolean nextPage() {
    readDictionaryPage();
    DataPage page = pages.readPage();
    if (page == null) {
      return false;
    }
    int count = page.getValueCount();
    if (repetitions.length < count) {
      repetitions = new int[count];
      definitions = new int[count];
    }
    PageValues values = null;
    if (page instanceof DataPageV1 v1 && decodes(v1.getValueEncoding())
        && (maxRepetition == 0 || v1.getRlEncoding() == Encoding.RLE)
        && (maxDefinition == 0 || v1.getDlEncoding() == Encoding.RLE)) {
      PageColumnReader.Slice bytes = PageColumnReader.Slice.of(v1.getBytes());
      int from = levelsWithLength(bytes.array(), bytes.from(), bytes.to(), maxRepetition, repetitions, count);
      from = levelsWithLength(bytes.array(), from, bytes.to(), maxDefinition, definitions, count);
      values = PageDecoders.values(v1.getValueEncoding(), physical, width, dictionary, bytes.array(), from, bytes.to());
    } else if (page instanceof DataPageV2 v2 && decodes(v2.getDataEncoding())) {
      levels(v2.getRepetitionLevels(), maxRepetition, repetitions, count);
      levels(v2.getDefinitionLevels(), maxDefinition, definitions, count);
      PageColumnReader.Slice data = PageColumnReader.Slice.of(v2.getData());
      values = PageDecoders.values(v2.getDataEncoding(), physical, width, dictionary, data.array(), data.from(), data.to());
    }
    if (values != null) {
      nativePages++;
    } else {
      SinglePageFallback.Decoded decoded = fallback.decode(page, dictionaryPage, count);
      System.arraycopy(decoded.repetitions(), 0, repetitions, 0, count);
      System.arraycopy(decoded.definitions(), 0, definitions, 0, count);
      values = decoded.values();
      fallbackPages++;
    }
    int defined = 0;
    for (int i = 0; i < count; i++) {
      if (definitions[i] == maxDefinition) {
        defined++;
      }
    }
    // fresh buffers per page: the leaf's binaries point into them until the batch is written
    if (width > 0) {
      fixed = new byte[defined * width];
      values.readFixed(fixed, 0, defined);
    } else {
      binaries = new BinaryBuffer();
      values.readBinary(binaries, defined);
    }
    pageCount = count;
    position = 0;
    nextValue = 0;
    return true;
  }

  private boolean decodes(Encoding encoding) {
    return nativeEncodings.contains(encoding) && PageDecoders.decodes(encoding, physical, dictionary != null);
  }

  /**
   * Decodes the V1 levels at {@code from}: a four-byte length, then the hybrid runs; all zero when
   * the maximum level is zero (and nothing is stored). Returns where the next section starts.
   */
  private static int levelsWithLength(byte[] data, int from, int to, int maxLevel, int[] out, int count) {
    if (maxLevel == 0) {
      Arrays.fill(out, 0, count, 0);
      return from;
    }
    if (to - from < 4) {
      throw PageValues.truncated();
    }
    int length = (int) PageValues.INTS.get(data, from);
    if (length < 0 || length > to - from - 4) {
      throw PageValues.truncated();
    }
    hybrid(data, from + 4, from + 4 + length, maxLevel, out, count);
    return from + 4 + length;
  }

  /** Decodes V2 levels, stored without a length, or all zero when the maximum level is zero. */
  private static void levels(BytesInput input, int maxLevel, int[] out, int count) {
    if (maxLevel == 0) {
      Arrays.fill(out, 0, count, 0);
      return;
    }
    PageColumnReader.Slice bytes = PageColumnReader.Slice.of(input);
    hybrid(bytes.array(), bytes.from(), bytes.to(), maxLevel, out, count);
  }

  private static void hybrid(byte[] data, int from, int to, int maxLevel, int[] out, int count) {
    HybridDecoder decoder = new HybridDecoder(32 - Integer.numberOfLeadingZeros(maxLevel));
    decoder.reset(data, from, to);
    decoder.read(out, 0, count);
    for (int i = 0; i < count; i++) {
      if (out[i] < 0 || out[i] > maxLevel) {
        throw new IllegalStateException("a level of " + out[i] + " is above the column's maximum of " + maxLevel);
      }
    }
  }

  private void readDictionaryPage() {
    if (!dictionaryRead) {
      dictionaryRead = true;
      PageDecoders.ChunkDictionary chunk = PageDecoders.readDictionary(pages, physical, width);
      dictionaryPage = chunk.page();
      dictionary = chunk.decoded();
    }
  }

  /** Drops the references to the row group's pages. */
  void release() {
    startRowGroup(null);
    fixed = new byte[0];
  }
}
