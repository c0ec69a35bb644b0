package io.lakehouse.engine.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.table.LakeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.jpountz.lz4.LZ4Factory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.conf.HadoopParquetConfiguration;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

/**
 * The page decompressors added to parquet-mr's (the files they read are in {@link PageDecodingTest}):
 * what older writers put under the LZ4 codec, corrupt pages, and the codec that is refused.
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
    for (CompressionCodecName codec : new CompressionCodecName[] {CompressionCodecName.LZ4, CompressionCodecName.BROTLI}) {
      BytesInputDecompressor decompressor = codecs.getDecompressor(codec);
      IOException e = assertThrows(IOException.class,
          () -> decompressor.decompress(BytesInput.from(garbage), 1000).toByteArray());
      assertTrue(e.getMessage().contains(codec.name()), e.getMessage());
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
