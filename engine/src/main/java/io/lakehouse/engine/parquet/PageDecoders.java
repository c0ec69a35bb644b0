package io.lakehouse.engine.parquet;

import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Which value encodings the page readers decode themselves, and the decoder of a page's values in
 * each; shared by the flat ({@link PageColumnReader}) and nested ({@link NestedPageReader}) readers.
 */
final class PageDecoders {

  private PageDecoders() {}

  /**
   * Whether values of {@code physical} in {@code encoding} are decoded here.
   *
   * @param dictionary whether the chunk has a dictionary decoded here (for the dictionary encodings)
   */
  static boolean decodes(Encoding encoding, PrimitiveTypeName physical, boolean dictionary) {
    return switch (encoding) {
      case PLAIN -> true;
      case PLAIN_DICTIONARY, RLE_DICTIONARY -> dictionary;
      case RLE -> physical == PrimitiveTypeName.BOOLEAN;
      case DELTA_BINARY_PACKED -> physical == PrimitiveTypeName.INT32 || physical == PrimitiveTypeName.INT64;
      case DELTA_LENGTH_BYTE_ARRAY -> physical == PrimitiveTypeName.BINARY;
      case DELTA_BYTE_ARRAY ->
          physical == PrimitiveTypeName.BINARY || physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
      case BYTE_STREAM_SPLIT -> switch (physical) {
        case FLOAT, DOUBLE, INT32, INT64, FIXED_LEN_BYTE_ARRAY -> true;
        default -> false;
      };
      default -> false;
    };
  }

  /**
   * The decoder of a page's values in {@code data[from, to)}, for an encoding {@link #decodes}
   * accepts.
   *
   * @param width the bytes of a fixed-width value, or -1 for byte arrays
   * @param dictionary the chunk's dictionary, for the dictionary encodings
   */
  static PageValues values(
      Encoding encoding, PrimitiveTypeName physical, int width, PageValues.Dictionary dictionary,
      byte[] data, int from, int to) {
    return switch (encoding) {
      case PLAIN -> switch (physical) {
        case BOOLEAN -> new PageValues.PlainBoolean(data, from, to);
        case BINARY -> new PageValues.PlainBinary(data, from, to);
        default -> new PageValues.PlainFixed(data, from, to, width);
      };
      case RLE -> new PageValues.RleBoolean(data, from, to);
      case DELTA_BINARY_PACKED -> new DeltaValues.BinaryPacked(data, from, to, width);
      case DELTA_LENGTH_BYTE_ARRAY -> new DeltaValues.LengthByteArray(data, from, to);
      case DELTA_BYTE_ARRAY -> new DeltaValues.ByteArray(data, from, to, width);
      case BYTE_STREAM_SPLIT -> new DeltaValues.ByteStreamSplit(data, from, to, width);
      case PLAIN_DICTIONARY, RLE_DICTIONARY -> {
        if (dictionary == null) {
          throw new IllegalStateException("a dictionary-encoded page but no usable dictionary page");
        }
        yield new PageValues.DictionaryIndexed(dictionary, data, from, to);
      }
      default -> throw new IllegalStateException("unexpected encoding " + encoding);
    };
  }

  /**
   * A chunk's dictionary page in a copy that can be read again (for parquet-mr's reader, should a
   * page need it), and the dictionary decoded here, or null when it is not decoded here (not PLAIN,
   * or of booleans). Both are null for a chunk without a dictionary.
   */
  record ChunkDictionary(DictionaryPage page, PageValues.Dictionary decoded) {}

  /** Reads and decodes a chunk's dictionary page; its bytes can be read only once. */
  static ChunkDictionary readDictionary(PageReader pages, PrimitiveTypeName physical, int width) {
    DictionaryPage page = pages.readDictionaryPage();
    if (page == null) {
      return new ChunkDictionary(null, null);
    }
    PageColumnReader.Slice bytes = PageColumnReader.Slice.of(page.getBytes());
    byte[] copy = Arrays.copyOfRange(bytes.array(), bytes.from(), bytes.to());
    DictionaryPage rereadable = new DictionaryPage(
        BytesInput.from(copy), page.getUncompressedSize(), page.getDictionarySize(), page.getEncoding());
    Encoding encoding = page.getEncoding();
    boolean plain = encoding == Encoding.PLAIN || encoding == Encoding.PLAIN_DICTIONARY;
    if (!plain || physical == PrimitiveTypeName.BOOLEAN) {
      return new ChunkDictionary(rereadable, null);
    }
    int size = page.getDictionarySize();
    return new ChunkDictionary(rereadable, width > 0
        ? new PageValues.Dictionary(copy, 0, copy.length, size, width)
        : new PageValues.Dictionary(copy, 0, copy.length, size));
  }
}
