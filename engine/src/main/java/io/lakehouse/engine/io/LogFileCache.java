package io.lakehouse.engine.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.RangeReadable;
import org.apache.iceberg.io.SeekableInputStream;

/**
 * The bytes of small table-metadata files in an object store that a storage has read: Delta log
 * files ({@code _delta_log/}: commits, checksums, checkpoints) and Iceberg metadata files
 * ({@code metadata/}: manifests, manifest lists), least recently used dropped first once their
 * bytes pass a budget. Such files are written once and never changed, so a file is known by its
 * location and its length, which the caller takes from a fresh listing or from the table's
 * metadata. Files whose length is not known beforehand (the pointers that do change, such as
 * {@code _last_checkpoint} and {@code version-hint.text}) are never cached.
 */
final class LogFileCache {

  /** Files larger than this are read from the store each time. */
  static final long MAX_FILE = 4L << 20;

  private final long budget;
  private final Map<String, byte[]> files = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  LogFileCache(long budget) {
    this.budget = budget;
  }

  /** Whether a file of this location and length is kept once read. */
  static boolean cacheable(String location, long length) {
    return length >= 0
        && length <= MAX_FILE
        && (location.contains("/_delta_log/") || location.contains("/metadata/"))
        && !location.endsWith("/_last_checkpoint")
        && !location.contains("version-hint");
  }

  /** An input file that reads through this cache. */
  InputFile wrap(InputFile file, long length) {
    return new CachedFile(file, length);
  }

  private synchronized byte[] get(String key) {
    return files.get(key);
  }

  private synchronized void put(String key, byte[] content) {
    byte[] previous = files.put(key, content);
    bytes += content.length - (previous == null ? 0 : previous.length);
    var oldest = files.entrySet().iterator();
    while (bytes > budget && oldest.hasNext()) {
      bytes -= oldest.next().getValue().length;
      oldest.remove();
    }
  }

  private final class CachedFile implements InputFile {
    private final InputFile file;
    private final long length;
    private final String key;

    CachedFile(InputFile file, long length) {
      this.file = file;
      this.length = length;
      this.key = length + ":" + file.location();
    }

    @Override
    public long getLength() {
      return length;
    }

    @Override
    public SeekableInputStream newStream() {
      byte[] content = get(key);
      if (content == null) {
        try (InputStream in = file.newStream()) {
          content = in.readAllBytes();
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot read " + file.location(), e);
        }
        if (content.length == length) {
          put(key, content);
        }
      }
      return new BytesStream(content);
    }

    @Override
    public String location() {
      return file.location();
    }

    @Override
    public boolean exists() {
      return get(key) != null || file.exists();
    }
  }

  /** A stream over bytes in memory. */
  private static final class BytesStream extends SeekableInputStream implements RangeReadable {
    private final byte[] content;
    private final ByteArrayInputStream in;

    BytesStream(byte[] content) {
      this.content = content;
      this.in = new ByteArrayInputStream(content);
    }

    @Override
    public long getPos() {
      return content.length - in.available();
    }

    @Override
    public void seek(long newPos) throws IOException {
      if (newPos < 0 || newPos > content.length) {
        throw new IOException("Cannot seek to " + newPos + " in " + content.length + " bytes");
      }
      in.reset();
      in.skip(newPos);
    }

    @Override
    public int read() {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return in.read(b, off, len);
    }

    @Override
    public void readFully(long position, byte[] buffer, int offset, int length) throws IOException {
      if (position < 0 || position + length > content.length) {
        throw new java.io.EOFException("Cannot read " + length + " bytes at " + position + " of " + content.length);
      }
      System.arraycopy(content, (int) position, buffer, offset, length);
    }

    @Override
    public int readTail(byte[] buffer, int offset, int length) {
      int n = Math.min(length, content.length);
      System.arraycopy(content, content.length - n, buffer, offset, n);
      return n;
    }
  }
}
