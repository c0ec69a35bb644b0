package io.lakehouse.engine.parquet;

import io.lakehouse.engine.table.DictionaryVector;
import io.lakehouse.engine.table.Memory;
import io.lakehouse.engine.table.ScanContext;
import io.lakehouse.engine.table.SharedDictionary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.parquet.CorruptDeltaByteArrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Reads one flat column (no repetition, at most one definition level) page by page, decoding the
 * levels and values of each data page straight into the batch's Arrow vector.
 *
 * <p>A column chunk is read this way only when its footer lists no encoding outside
 * {@link #NATIVE_ENCODINGS} (PLAIN, dictionaries, RLE booleans and levels, the DELTA encodings and
 * BYTE_STREAM_SPLIT); other chunks stay on the column-level path. A page that still turns
 * out to use something else (for example bit-packed definition levels) is decoded by parquet-mr's
 * own column reader, one page at a time, so nothing is ever guessed.
 *
 * <p>A string or binary column can also keep its dictionary ({@link #readKeepingDictionary}): a
 * batch whose rows all come from dictionary-encoded pages becomes a {@link DictionaryVector} of
 * indices into the chunk's dictionary, decoded into Arrow once per chunk.
 */
final class PageColumnReader {

  /** The value and level encodings decoded here. */
  static final Set<Encoding> NATIVE_ENCODINGS = EnumSet.of(
      Encoding.PLAIN,
      Encoding.PLAIN_DICTIONARY,
      Encoding.RLE_DICTIONARY,
      Encoding.RLE,
      Encoding.DELTA_BINARY_PACKED,
      Encoding.DELTA_LENGTH_BYTE_ARRAY,
      Encoding.DELTA_BYTE_ARRAY,
      Encoding.BYTE_STREAM_SPLIT,
      // the footer lists BIT_PACKED for the absent repetition levels of V1 pages; a page that uses it
      // for definition levels is handed to the page fallback
      Encoding.BIT_PACKED);

  private final ColumnDescriptor descriptor;
  private final PrimitiveTypeName physical;
  private final int width;
  private final boolean optional;
  private final FlatSink sink;
  private final SinglePageFallback fallback;
  private final Set<Encoding> nativeEncodings;
  /**
   * The file's codecs, which decompress the pages decoded here into {@link #pageBuffer}; null to
   * read pages as parquet-mr gives them.
   */
  private final PageCodecs codecs;
  private final PageCodecs.PageBuffer pageBuffer = new PageCodecs.PageBuffer();

  private PageReader pages;
  private DictionaryPage dictionaryPage;
  private PageValues.Dictionary dictionary;
  private boolean dictionaryRead;

  private LevelSource levels;
  private PageValues values;
  private int pageRemaining;
  /**
   * The index in the row group of the next row to read: the current page's next row, or when the
   * page is done where the next page starts unless it says otherwise (pages of a row group read
   * with row ranges leave gaps).
   */
  private long nextRow;

  private byte[] defined = new byte[0];
  private byte[] fixed = new byte[0];
  private final BinaryBuffer binaries = new BinaryBuffer();
  private int nonNull;

  /** The dictionary indices of the batch's defined rows, when {@link #indexed}. */
  private int[] indices = new int[0];
  private byte[] indexBytes = new byte[0];
  /** Whether the batch just decoded is held as {@link #indices} rather than values. */
  private boolean indexed;
  /** The chunk's dictionary as Arrow entries, made by the first batch that keeps it. */
  private SharedDictionary shared;

  private long nativePages;
  private long fallbackPages;
  private long pagesPassedOver;

  /**
   * @param nativeEncodings the encodings to decode here (normally {@link #NATIVE_ENCODINGS}); pages
   *     in others go to parquet-mr's reader. Chunks are chosen by {@link #NATIVE_ENCODINGS} alone,
   *     so a smaller set sends pages to the page fallback.
   */
  PageColumnReader(
      ColumnDescriptor descriptor,
      ArrowType target,
      ValueWriter writer,
      MessageType schema,
      String createdBy,
      Set<Encoding> nativeEncodings,
      PageCodecs codecs) {
    this.descriptor = descriptor;
    this.physical = descriptor.getPrimitiveType().getPrimitiveTypeName();
    this.width = FlatSink.fixedWidth(descriptor.getPrimitiveType());
    this.optional = descriptor.getMaxDefinitionLevel() > 0;
    this.sink = FlatSink.choose(descriptor, target, writer);
    this.fallback = new SinglePageFallback(descriptor, schema, createdBy);
    this.nativeEncodings = nativeEncodings;
    this.codecs = codecs;
  }

  /** Whether a column can be read page by page: not repeated, and null at most at its own level. */
  static boolean isFlat(ColumnDescriptor descriptor) {
    return descriptor.getMaxRepetitionLevel() == 0
        && descriptor.getMaxDefinitionLevel() <= 1
        && descriptor.getPath().length == 1;
  }

  /**
   * Whether every encoding the chunk's footer lists is decoded here. Old parquet-mr writers wrote
   * DELTA_BYTE_ARRAY pages that continue the previous page's last value (PARQUET-246); those chunks
   * need parquet-mr's reader, which reads them in sequence.
   */
  static boolean canRead(ColumnChunkMetaData chunk, String createdBy) {
    Set<Encoding> encodings = chunk.getEncodings();
    return NATIVE_ENCODINGS.containsAll(encodings)
        && !(encodings.contains(Encoding.DELTA_BYTE_ARRAY)
            && CorruptDeltaByteArrays.requiresSequentialReads(createdBy, Encoding.DELTA_BYTE_ARRAY));
  }

  /** Starts reading a new row group's column chunk. */
  void startRowGroup(PageReader pageReader) {
    if (shared != null) {
      shared.release();
      shared = null;
    }
    this.pages = pageReader;
    this.dictionaryPage = null;
    this.dictionary = null;
    this.dictionaryRead = false;
    this.levels = null;
    this.values = null;
    this.pageRemaining = 0;
    this.nextRow = 0;
  }

  /** Pages decoded here, and pages handed to parquet-mr's reader, since this reader was made. */
  long nativePages() {
    return nativePages;
  }

  long fallbackPages() {
    return fallbackPages;
  }

  /** Pages passed over without decoding (all their rows were skipped), since this reader was made. */
  long pagesPassedOver() {
    return pagesPassedOver;
  }

  /**
   * Reads the {@code rows} rows from row {@code firstRow} of the row group into {@code vector},
   * passing over the rows before it that were not read: whole pages without decoding them (nor,
   * with a lazily decompressing codec, decompressing them), the rest of a page by decoding only
   * its levels and advancing over its values.
   *
   * @return false when the column chunk ended before those rows
   */
  boolean read(FieldVector vector, long firstRow, int rows) {
    return skipTo(firstRow) && read(vector, rows);
  }

  private boolean skipTo(long row) {
    while (nextRow < row) {
      if (pageRemaining == 0) {
        if (!nextPage(row)) {
          return false;
        }
        continue;
      }
      int n = (int) Math.min(row - nextRow, pageRemaining);
      int present;
      if (levels == null) {
        present = n;
      } else {
        if (defined.length < n) {
          defined = new byte[n];
        }
        present = levels.readBits(defined, 0, n);
      }
      if (width > 0) {
        values.skipFixed(present, width);
      } else {
        values.skipBinary(present);
      }
      nextRow += n;
      pageRemaining -= n;
    }
    return true;
  }

  /**
   * Reads the next {@code rows} rows into {@code vector}, a new vector of the column's type that
   * holds no memory yet.
   *
   * @return false when the column chunk ended before that many rows
   */
  boolean read(FieldVector vector, int rows) {
    return read(vector, rows, null, rows);
  }

  /**
   * Reads the rows from row {@code firstRow} as {@link #read(FieldVector, long, int)} does, writing
   * the values of the rows {@code selection[0, count)} only when the column's sink can (their
   * consumers read no other), else every row's.
   */
  boolean read(FieldVector vector, long firstRow, int rows, int[] selection, int count) {
    return skipTo(firstRow) && read(vector, rows, selection, count);
  }

  private boolean read(FieldVector vector, int rows, int[] selection, int count) {
    if (!decode(rows, sink.writesEntries())) {
      return false;
    }
    if (selection != null && nonNull == rows && sink.writesSelected()) {
      FlatSink.allocate(vector, rows, true);
      sink.writeSelected(vector, rows, selection, count, indexed ? indices : null, dictionary, fixed);
      return true;
    }
    FlatSink.allocate(vector, rows, nonNull == rows && sink.writesEveryDefinedValue());
    if (indexed && nonNull == rows) {
      // every row defined and dictionary-encoded: entries go straight into the vector
      sink.writeEntries(vector, rows, indices, dictionary);
      return true;
    }
    if (indexed) {
      materializeIndices();
    }
    sink.write(vector, rows, defined, nonNull, fixed, binaries);
    return true;
  }

  /** Whether {@link #readKeepingDictionary} can keep this column's dictionary: byte arrays stored unchanged. */
  boolean canKeepDictionary() {
    return physical == PrimitiveTypeName.BINARY && sink.copiesBytes();
  }

  /**
   * Whether {@link #readKeepingDictionary} can keep the dictionary of this column when only the
   * scan's filter reads it: also fixed-width values, whose entries are converted to the requested
   * type once per chunk (the filter then tests each entry once, and no row's value is written).
   */
  boolean canKeepFilterDictionary() {
    return canKeepDictionary() || (width > 0 && physical != PrimitiveTypeName.BOOLEAN);
  }

  /**
   * Reads the next {@code rows} rows into a new vector: a {@link DictionaryVector} over the chunk's
   * dictionary when every one of them comes from a dictionary-encoded page, else a plain vector of
   * {@code field}, as {@link #read} fills it (the batch reaches a PLAIN page, which parquet-mr
   * writes once a dictionary grows too big, or a page decoded by parquet-mr's reader).
   *
   * @return null when the column chunk ended before that many rows
   */
  FieldVector readKeepingDictionary(Field field, ScanContext context, long firstRow, int rows) {
    return skipTo(firstRow) ? readKeepingDictionary(field, context, rows) : null;
  }

  FieldVector readKeepingDictionary(Field field, ScanContext context, int rows) {
    if (!decode(rows, true)) {
      return null;
    }
    BufferAllocator allocator = context.allocator();
    FieldVector vector = indexed
        ? new DictionaryVector(field, sharedDictionary(field, allocator), allocator)
        : field.createVector(allocator);
    try {
      if (vector instanceof DictionaryVector encoded) {
        writeIndices(encoded, rows);
        context.statistics().dictionaryVector();
      } else {
        FlatSink.allocate(vector, rows, nonNull == rows && sink.writesEveryDefinedValue());
        sink.write(vector, rows, defined, nonNull, fixed, binaries);
      }
      return vector;
    } catch (RuntimeException e) {
      vector.close();
      throw e;
    }
  }

  /**
   * Decodes the levels and values of the next {@code rows} rows; with {@code keepIndices}, the
   * values stay dictionary indices as long as the pages are dictionary-encoded.
   */
  private boolean decode(int rows, boolean keepIndices) {
    if (defined.length < rows) {
      defined = new byte[rows];
    }
    if (width > 0 && fixed.length < rows * width) {
      fixed = new byte[rows * width];
    }
    if (keepIndices && indices.length < rows) {
      indices = new int[rows];
    }
    binaries.clear();
    indexed = keepIndices;
    nonNull = 0;
    int row = 0;
    while (row < rows) {
      if (pageRemaining == 0 && !nextPage(nextRow)) {
        return false;
      }
      int n = Math.min(rows - row, pageRemaining);
      int present;
      if (levels == null) {
        Arrays.fill(defined, row, row + n, (byte) 1);
        present = n;
      } else {
        present = levels.readBits(defined, row, n);
      }
      if (indexed && !(values instanceof PageValues.DictionaryIndexed)) {
        materializeIndices();
        indexed = false;
      }
      if (indexed) {
        ((PageValues.DictionaryIndexed) values).readIndices(indices, nonNull, present);
      } else if (width > 0) {
        values.readFixed(fixed, nonNull * width, present);
      } else {
        values.readBinary(binaries, present);
      }
      nonNull += present;
      row += n;
      pageRemaining -= n;
      nextRow += n;
    }
    return true;
  }

  /** Replaces the indices decoded so far by their values: the batch goes on in a page of another encoding. */
  private void materializeIndices() {
    if (width > 0) {
      for (int i = 0; i < nonNull; i++) {
        System.arraycopy(dictionary.fixed, indices[i] * width, fixed, i * width, width);
      }
      return;
    }
    BinaryBuffer entries = nonNull == 0 ? null : dictionary.binaries;
    binaries.ensureValues(nonNull);
    for (int i = 0; i < nonNull; i++) {
      binaries.append(entries.data, entries.offset(indices[i]), entries.length(indices[i]));
    }
  }

  private void writeIndices(DictionaryVector vector, int rows) {
    vector.allocateNew(rows);
    ArrowBuf data = vector.getDataBuffer();
    ArrowBuf validity = vector.getValidityBuffer();
    if (nonNull == rows) {
      // every row has an entry: the indices go into the vector's memory after one bounds check
      long address = Memory.address(data, 0, (long) rows * Integer.BYTES);
      for (int row = 0; row < rows; row++) {
        MemoryUtil.putInt(address + ((long) row << 2), indices[row]);
      }
      FlatSink.setValid(validity, 0, rows);
      vector.setValueCount(rows);
      return;
    }
    validity.setZero(0, (rows + 7) / 8);
    // laid out little-endian on the heap, then copied in one go: Arrow checks bounds on every set
    int bytes = rows * Integer.BYTES;
    if (indexBytes.length < bytes) {
      indexBytes = new byte[bytes];
    }
    int value = 0;
    for (int row = 0; row < rows; ) {
      int end = FlatSink.runEnd(defined, row, rows);
      if (defined[row] != 0) {
        for (int i = row; i < end; i++) {
          PageValues.INTS.set(indexBytes, i * Integer.BYTES, indices[value++]);
        }
        FlatSink.setValid(validity, row, end);
      } else {
        Arrays.fill(indexBytes, row * Integer.BYTES, end * Integer.BYTES, (byte) 0);
      }
      row = end;
    }
    data.setBytes(0, indexBytes, 0, bytes);
    vector.setValueCount(rows);
  }

  /** The chunk's dictionary as a vector of {@code field}'s type (text, binary or fixed-width), made once per chunk. */
  private SharedDictionary sharedDictionary(Field field, BufferAllocator allocator) {
    if (shared != null) {
      return shared;
    }
    if (width > 0) {
      shared = new SharedDictionary(fixedEntries(field, allocator));
      return shared;
    }
    BinaryBuffer values = dictionary.binaries;
    int size = dictionary.size;
    BaseVariableWidthVector entries = field.getType() instanceof ArrowType.Utf8
        ? new VarCharVector(field.getName(), allocator)
        : new VarBinaryVector(field.getName(), allocator);
    try {
      entries.allocateNew(Math.max(1, values.size()), Math.max(1, size));
      ArrowBuf offsets = entries.getOffsetBuffer();
      for (int i = 0; i <= size; i++) {
        offsets.setInt((long) i * Integer.BYTES, values.ends[i]);
      }
      entries.getDataBuffer().setBytes(0, values.data, 0, values.size());
      FlatSink.setValid(entries.getValidityBuffer(), 0, size);
      entries.setLastSet(size - 1);
      entries.setValueCount(size);
    } catch (RuntimeException e) {
      entries.close();
      throw e;
    }
    shared = new SharedDictionary(entries);
    return shared;
  }

  /** The chunk's fixed-width dictionary as a vector of {@code field}'s type, written as the rows' values are. */
  private FieldVector fixedEntries(Field field, BufferAllocator allocator) {
    int size = dictionary.size;
    byte[] defined = new byte[size];
    Arrays.fill(defined, (byte) 1);
    FieldVector entries = field.createVector(allocator);
    try {
      FlatSink.allocate(entries, size, sink.writesEveryDefinedValue());
      sink.write(entries, size, defined, size, dictionary.fixed, new BinaryBuffer());
      entries.setValueCount(size);
      return entries;
    } catch (RuntimeException e) {
      entries.close();
      throw e;
    }
  }

  /** Drops the references to the row group's pages. */
  void release() {
    startRowGroup(null);
  }

  /** Starts the next page that holds a row at or after {@code target}, passing over those before it. */
  private boolean nextPage(long target) {
    // before the data page: pages decompress lazily through the codec's shared decompressor, so a
    // page must be consumed before the next one is decompressed
    readDictionaryPage();
    DataPage page;
    int count;
    while (true) {
      page = pages.readPage();
      if (page == null) {
        return false;
      }
      count = page.getValueCount();
      long first = page.getFirstRowIndex().orElse(nextRow);
      if (first + count > target) {
        nextRow = first;
        break;
      }
      // the page's bytes are never touched: codecs that decompress lazily never decompress them
      nextRow = first + count;
      pagesPassedOver++;
    }
    if (page instanceof DataPageV1 v1 && isNative(v1.getValueEncoding())
        && (!optional || v1.getDlEncoding() == Encoding.RLE)) {
      Slice bytes = pageBytes(v1.getBytes());
      int from = bytes.from;
      if (optional) {
        if (bytes.to - from < 4) {
          throw PageValues.truncated();
        }
        int length = (int) PageValues.INTS.get(bytes.array, from);
        if (length < 0 || length > bytes.to - from - 4) {
          throw PageValues.truncated();
        }
        levels = hybridLevels(bytes.array, from + 4, from + 4 + length);
        from += 4 + length;
      } else {
        levels = null;
      }
      values = values(v1.getValueEncoding(), bytes.array, from, bytes.to);
      nativePages++;
    } else if (page instanceof DataPageV2 v2 && isNative(v2.getDataEncoding())) {
      if (optional) {
        Slice definitions = Slice.of(v2.getDefinitionLevels());
        levels = hybridLevels(definitions.array, definitions.from, definitions.to);
      } else {
        levels = null;
      }
      Slice data = pageBytes(v2.getData());
      values = values(v2.getDataEncoding(), data.array, data.from, data.to);
      nativePages++;
    } else {
      SinglePageFallback.Decoded decoded = fallback.decode(page, dictionaryPage, count);
      levels = decoded.levels();
      values = decoded.values();
      fallbackPages++;
    }
    pageRemaining = count;
    return true;
  }

  /** A data page's bytes: decompressed into the array this reader reuses from page to page when the codec allows. */
  private Slice pageBytes(BytesInput input) {
    return codecs == null ? Slice.of(input) : codecs.decompressInto(input, pageBuffer);
  }

  private boolean isNative(Encoding encoding) {
    return nativeEncodings.contains(encoding) && PageDecoders.decodes(encoding, physical, dictionary != null);
  }

  private PageValues values(Encoding encoding, byte[] data, int from, int to) {
    return PageDecoders.values(encoding, physical, width, dictionary, data, from, to);
  }

  private static LevelSource hybridLevels(byte[] data, int from, int to) {
    HybridDecoder decoder = new HybridDecoder(1);
    decoder.reset(data, from, to);
    return decoder::readBits;
  }

  /** Reads and decodes the chunk's dictionary page, once (its bytes can be read only once). */
  private void readDictionaryPage() {
    if (!dictionaryRead) {
      dictionaryRead = true;
      PageDecoders.ChunkDictionary chunk = PageDecoders.readDictionary(pages, physical, width);
      dictionaryPage = chunk.page();
      dictionary = chunk.decoded();
    }
  }

  /** Where a run of definition levels comes from. */
  @FunctionalInterface
  interface LevelSource {
    /** Decodes {@code count} levels (0 null, 1 defined) into {@code out}; returns how many are 1. */
    int readBits(byte[] out, int offset, int count);
  }

  /** A page's bytes as a heap array range. */
  record Slice(byte[] array, int from, int to) {
    static Slice of(BytesInput input) {
      try {
        ByteBuffer buffer = input.toByteBuffer();
        if (buffer.hasArray()) {
          int from = buffer.arrayOffset() + buffer.position();
          return new Slice(buffer.array(), from, from + buffer.remaining());
        }
        // a direct buffer is copied out with plain NIO; wrapping Arrow memory would need add-opens
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return new Slice(copy, 0, copy.length);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
