package io.lakehouse.engine.parquet;

import com.github.luben.zstd.Zstd;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Decompressor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.xerial.snappy.Snappy;

/**
 * A page codec whose library decompresses from one heap array into another: Snappy, ZSTD and
 * LZ4_RAW. parquet-mr's own decompressors go through Hadoop's stream classes and copy every page
 * into and out of direct buffers, which on a scan of Snappy pages cost a third as much as the
 * decompression itself.
 *
 * <p>A page's bytes stay compressed until something reads them. parquet-mr's readers get them in
 * a new array; a column reader that decodes the page itself has them decompressed into an array
 * it reuses from page to page ({@link PageCodecs#decompressInto}).
 */
final class HeapPageCodec implements BytesInputDecompressor {

  /** Decompresses one page, which must come out exactly {@code size} bytes long. */
  @FunctionalInterface
  interface Decompression {
    void decompress(byte[] in, int from, int length, byte[] out, int at, int size) throws IOException;
  }

  static final Decompression SNAPPY = (in, from, length, out, at, size) -> {
    // Snappy writes as many bytes as its header states, unchecked against the output array
    int stated = Snappy.uncompressedLength(in, from, length);
    if (stated != size) {
      throw new IOException("its header states " + stated + " bytes");
    }
    Snappy.uncompress(in, from, length, out, at);
  };

  static final Decompression ZSTD = (in, from, length, out, at, size) -> {
    long written = Zstd.decompressByteArray(out, at, size, in, from, length);
    if (Zstd.isError(written)) {
      throw new IOException(Zstd.getErrorName(written));
    }
    if (written != size) {
      throw new IOException("it holds " + written + " bytes");
    }
  };

  static final Decompression LZ4_RAW = (in, from, length, out, at, size) -> {
    int written;
    try {
      written = new Lz4Decompressor().decompress(in, from, length, out, at, size);
    } catch (MalformedInputException e) {
      throw new IOException(e.getMessage(), e);
    }
    if (written != size) {
      throw new IOException("it holds " + written + " bytes");
    }
  };

  private final PageCodecs codecs;
  private final String name;
  private final Decompression decompression;

  HeapPageCodec(PageCodecs codecs, String name, Decompression decompression) {
    this.codecs = codecs;
    this.name = name;
    this.decompression = decompression;
  }

  @Override
  public BytesInput decompress(BytesInput compressed, int size) {
    Page page = new Page(compressed, size);
    BytesInput bytes = BytesInput.from(page, size);
    codecs.deferred(bytes, page);
    return bytes;
  }

  @Override
  public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int size) throws IOException {
    byte[] compressed = new byte[compressedSize];
    input.duplicate().get(compressed);
    byte[] page = new byte[size];
    decompress(compressed, 0, compressedSize, page, 0, size);
    output.put(page);
  }

  private void decompress(byte[] in, int from, int length, byte[] out, int at, int size) throws IOException {
    try {
      decompression.decompress(in, from, length, out, at, size);
    } catch (IOException | RuntimeException e) {
      throw new IOException(name + " page is corrupt or does not decompress to its stated size of " + size
          + " bytes: " + e.getMessage(), e);
    }
  }

  @Override
  public void release() {}

  /**
   * A page's bytes, decompressed when first read: into the reader's array when the first read
   * asks for all of them (as parquet-mr's page readers do), else into an array of its own.
   */
  final class Page extends InputStream {
    private final BytesInput compressed;
    private final int size;
    private final AtomicBoolean taken = new AtomicBoolean();
    /** The page when a read asked for less than all of it. */
    private byte[] held;
    private int position;

    Page(BytesInput compressed, int size) {
      this.compressed = compressed;
      this.size = size;
    }

    int size() {
      return size;
    }

    /** Decompresses the page into {@code out} from {@code at}, unless it was read already; then false. */
    boolean decompressInto(byte[] out, int at) throws IOException {
      if (!taken.compareAndSet(false, true)) {
        return false;
      }
      ByteBuffer in = compressed.toByteBuffer();
      if (in.hasArray()) {
        decompress(in.array(), in.arrayOffset() + in.position(), in.remaining(), out, at, size);
      } else {
        byte[] copy = new byte[in.remaining()];
        in.duplicate().get(copy);
        decompress(copy, 0, copy.length, out, at, size);
      }
      return true;
    }

    @Override
    public int read(byte[] out, int at, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      if (position == 0 && held == null) {
        if (length >= size) {
          take(out, at);
          position = size;
          return size == 0 ? -1 : size;
        }
        held = new byte[size];
        take(held, 0);
      }
      if (position >= size) {
        return -1;
      }
      int n = Math.min(length, size - position);
      System.arraycopy(held, position, out, at, n);
      position += n;
      return n;
    }

    private void take(byte[] out, int at) throws IOException {
      if (!decompressInto(out, at)) {
        throw new IOException(name + " page was read already");
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }
  }
}
