package io.lakehouse.engine.parquet;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.lz4.Lz4HadoopStreams;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.brotli.dec.BrotliInputStream;

/**
 * The page decompressors of a file being read: for SNAPPY, ZSTD and LZ4_RAW, {@link HeapPageCodec}s
 * that decompress array to array; pure-Java ones for the two codecs parquet-mr reads only through
 * Hadoop codec classes this driver does not ship: BROTLI (whose Hadoop codec is not on Maven
 * Central) and LZ4 in Hadoop's framing (which needs lz4-java); parquet-mr's own for the rest. One
 * instance per open file: parquet-mr's factory keeps its decompressors unsynchronized.
 */
final class PageCodecs implements CompressionCodecFactory {

  private final CompressionCodecFactory parquet;

  /** The page a {@link HeapPageCodec} of this file deferred last, with the bytes parquet-mr made of it. */
  private volatile Deferred deferred;

  private record Deferred(BytesInput bytes, HeapPageCodec.Page page) {}

  PageCodecs(ParquetConfiguration configuration) {
    this.parquet = new CodecFactory(configuration, 0);
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    return switch (codec) {
      case SNAPPY -> new HeapPageCodec(this, "SNAPPY", HeapPageCodec.SNAPPY);
      case ZSTD -> new HeapPageCodec(this, "ZSTD", HeapPageCodec.ZSTD);
      case LZ4_RAW -> new HeapPageCodec(this, "LZ4_RAW", HeapPageCodec.LZ4_RAW);
      case BROTLI -> new Streamed(BrotliInputStream::new, "BROTLI");
      case LZ4 -> new HadoopLz4();
      // parquet-mr would look for Hadoop's GPL codec class and fail with a class name
      case LZO -> throw new UnsupportedOperationException(
          "its pages are compressed with LZO, which is not supported; rewrite it with another codec");
      default -> parquet.getDecompressor(codec);
    };
  }

  void deferred(BytesInput bytes, HeapPageCodec.Page page) {
    deferred = new Deferred(bytes, page);
  }

  /**
   * A page's bytes as a heap array range. A page that a {@link HeapPageCodec} of this file deferred
   * last, and that nothing has read, is decompressed into {@code buffer}'s array (which must then
   * not be reused while the range is); any other is read as parquet-mr gives it.
   */
  PageColumnReader.Slice decompressInto(BytesInput bytes, PageBuffer buffer) {
    Deferred last = deferred;
    if (last != null && last.bytes() == bytes) {
      deferred = null;
      byte[] out = buffer.atLeast(last.page().size());
      try {
        if (last.page().decompressInto(out, 0)) {
          return new PageColumnReader.Slice(out, 0, last.page().size());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return PageColumnReader.Slice.of(bytes);
  }

  /** An array reused for one page after another. */
  static final class PageBuffer {
    private byte[] array = new byte[0];

    byte[] atLeast(int size) {
      if (array.length < size) {
        array = new byte[Math.max(size, array.length + (array.length >> 1))];
      }
      return array;
    }
  }

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    return parquet.getCompressor(codec);
  }

  @Override
  public void release() {
    parquet.release();
  }

  /** Opens a decompressing stream over compressed bytes. */
  @FunctionalInterface
  private interface Decompressing {
    InputStream open(InputStream compressed) throws IOException;
  }

  /** A codec read as a stream of its own framing, which must yield exactly the page's size. */
  private static class Streamed implements BytesInputDecompressor {
    private final Decompressing stream;
    private final String name;

    Streamed(Decompressing stream, String name) {
      this.stream = stream;
      this.name = name;
    }

    @Override
    public BytesInput decompress(BytesInput bytes, int decompressedSize) throws IOException {
      return BytesInput.from(decompress(bytes.toByteArray(), decompressedSize));
    }

    @Override
    public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize)
        throws IOException {
      byte[] compressed = new byte[compressedSize];
      input.duplicate().get(compressed);
      output.put(decompress(compressed, decompressedSize));
    }

    byte[] decompress(byte[] compressed, int decompressedSize) throws IOException {
      byte[] page;
      boolean longer;
      try (InputStream in = stream.open(new ByteArrayInputStream(compressed))) {
        page = in.readNBytes(decompressedSize);
        longer = in.read() >= 0;
      } catch (IOException | RuntimeException e) {
        // the decoders report corrupt input as either
        throw new IOException(name + " page is corrupt: " + e.getMessage(), e);
      }
      if (page.length != decompressedSize || longer) {
        throw new IOException(name + " page does not decompress to its stated size of " + decompressedSize + " bytes");
      }
      return page;
    }

    @Override
    public void release() {}
  }

  /**
   * Parquet's deprecated LZ4 codec: Hadoop's block framing, as parquet-mr and Spark write it. Some
   * older writers put a bare LZ4 block under the same codec; those pages, which do not parse as
   * Hadoop frames, are read as one block, as other readers do.
   */
  private static final class HadoopLz4 extends Streamed {
    HadoopLz4() {
      super(new Lz4HadoopStreams()::createInputStream, "LZ4");
    }

    @Override
    byte[] decompress(byte[] compressed, int decompressedSize) throws IOException {
      try {
        if (!framed(compressed, decompressedSize)) {
          throw new IOException("LZ4 page is neither in Hadoop's framing nor a bare LZ4 block");
        }
        return super.decompress(compressed, decompressedSize);
      } catch (IOException framed) {
        byte[] page = new byte[decompressedSize];
        try {
          int size = new Lz4Decompressor().decompress(compressed, 0, compressed.length, page, 0, page.length);
          if (size == decompressedSize) {
            return page;
          }
        } catch (MalformedInputException e) {
          framed.addSuppressed(e);
        }
        throw framed;
      }
    }

    /** Whether the bytes start as a Hadoop frame of this page could: a block no longer than the page. */
    private static boolean framed(byte[] compressed, int decompressedSize) {
      if (compressed.length < 8) {
        return false;
      }
      int block = (compressed[0] & 0xff) << 24 | (compressed[1] & 0xff) << 16 | (compressed[2] & 0xff) << 8
          | (compressed[3] & 0xff);
      return block >= 0 && block <= decompressedSize;
    }
  }
}
