package io.lakehouse.engine.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.table.LakeException;
import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.nio.charset.StandardCharsets;
import net.jpountz.lz4.LZ4Factory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.conf.HadoopParquetConfiguration;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/**
 * The page decompressors added to parquet-mr's (the files they read are in {@link PageDecodingTest}):
 * what older writers put under the LZ4 codec, the codecs that decompress array to array, corrupt
 * pages, and the codec that is refused.
 */
class PageCodecsTest {

  private final PageCodecs codecs = new PageCodecs(new HadoopParquetConfiguration(new Configuration()));

  private static byte[] page() {
    return "a page of values, a page of values, a page of values; 0123456789".repeat(40)
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsABareLz4BlockUnderTheLz4Codec() throws IOException {
    byte[] page = page();
    // a bare LZ4 block, without Hadoop's framing, as some older writers wrote it
    byte[] block = LZ4Factory.safeInstance().fastCompressor().compress(page);
    BytesInput read = codecs.getDecompressor(CompressionCodecName.LZ4).decompress(BytesInput.from(block), page.length);
    assertArrayEquals(page, read.toByteArray());
  }

  @Test
  void corruptPagesAreErrorsNotWrongBytes() {
    byte[] garbage = new byte[64];
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = (byte) (i * 37 + 11);
    }
    for (CompressionCodecName codec : new CompressionCodecName[] {
        CompressionCodecName.LZ4, CompressionCodecName.BROTLI, CompressionCodecName.SNAPPY, CompressionCodecName.ZSTD,
        CompressionCodecName.LZ4_RAW}) {
      BytesInputDecompressor decompressor = codecs.getDecompressor(codec);
      IOException e = assertThrows(IOException.class,
          () -> decompressor.decompress(BytesInput.from(garbage), 1000).toByteArray());
      assertTrue(e.getMessage().contains(codec.name()), e.getMessage());
    }
  }

  @Test
  void arrayCodecsReadPagesWholeInPartsOrIntoAReusedArray() throws IOException {
    byte[] page = page();
    byte[][] compressed = {
        Snappy.compress(page), Zstd.compress(page), LZ4Factory.safeInstance().fastCompressor().compress(page),
    };
    CompressionCodecName[] names = {CompressionCodecName.SNAPPY, CompressionCodecName.ZSTD, CompressionCodecName.LZ4_RAW};
    PageCodecs.PageBuffer reused = new PageCodecs.PageBuffer();
    for (int c = 0; c < names.length; c++) {
      BytesInputDecompressor decompressor = codecs.getDecompressor(names[c]);
      // as parquet-mr's readers read a page: all of it at once
      assertArrayEquals(page, decompressor.decompress(BytesInput.from(compressed[c]), page.length).toByteArray());
      // a byte at a time
      try (InputStream in = decompressor.decompress(BytesInput.from(compressed[c]), page.length).toInputStream()) {
        assertArrayEquals(page, in.readAllBytes());
      }
      // into the column reader's array, twice over: the second page overwrites the first
      for (int round = 0; round < 2; round++) {
        BytesInput deferred = decompressor.decompress(BytesInput.from(compressed[c]), page.length);
        PageColumnReader.Slice slice = codecs.decompressInto(deferred, reused);
        assertArrayEquals(page, Arrays.copyOfRange(slice.array(), slice.from(), slice.to()), names[c].name());
      }
    }
    // bytes no codec deferred (an uncompressed page) are read as they are, not into the array
    PageColumnReader.Slice plain = codecs.decompressInto(BytesInput.from(page), reused);
    assertArrayEquals(page, Arrays.copyOfRange(plain.array(), plain.from(), plain.to()));
    assertTrue(plain.array() != reused.atLeast(0));
  }

  @Test
  void aPageOfAnotherSizeThanItsHeaderStatesIsAnError() throws IOException {
    byte[] page = page();
    byte[] compressed = Snappy.compress(page);
    BytesInputDecompressor decompressor = codecs.getDecompressor(CompressionCodecName.SNAPPY);
    for (int size : new int[] {page.length - 1, page.length + 1}) {
      IOException e = assertThrows(IOException.class,
          () -> decompressor.decompress(BytesInput.from(compressed), size).toByteArray());
      assertTrue(e.getMessage().contains("SNAPPY") && e.getMessage().contains(String.valueOf(size)), e.getMessage());
    }
  }

  @Test
  void lzoIsRefusedAsAnUnsupportedFeatureNamingTheFile() {
    UnsupportedOperationException refused =
        assertThrows(UnsupportedOperationException.class, () -> codecs.getDecompressor(CompressionCodecName.LZO));
    LakeException error = LakeException.unreadableFile("s3://bucket/t/part-0.parquet", refused);
    assertEquals(LakeException.FEATURE_NOT_SUPPORTED, error.sqlState());
    assertTrue(error.getMessage().contains("s3://bucket/t/part-0.parquet"), error.getMessage());
    assertTrue(error.getMessage().contains("LZO"), error.getMessage());
  }
}
