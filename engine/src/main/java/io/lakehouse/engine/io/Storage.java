package io.lakehouse.engine.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.FileIO;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * The storage a connection reads through. Holds the Hadoop configuration that Delta Kernel's
 * default engine needs and the Iceberg {@link FileIO} every other read goes through.
 *
 * <p>The Hadoop configuration is bound to this class's own class loader, with file system
 * implementations named explicitly, so that it works when the driver is loaded by a BI tool whose
 * context class loader cannot see the driver's classes.
 */
public final class Storage implements AutoCloseable {

  private final Configuration conf;
  private final FileIO fileIO;

  private Storage(Configuration conf) {
    this.conf = conf;
    HadoopFileIO io = new HadoopFileIO(conf);
    this.fileIO = io;
  }

  /** Storage for local files (and any other scheme Hadoop knows), with extra Hadoop settings. */
  public static Storage create(Map<String, String> hadoopSettings) {
    Configuration conf = new Configuration(false);
    conf.setClassLoader(Storage.class.getClassLoader());
    conf.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
    conf.set("fs.AbstractFileSystem.file.impl", "org.apache.hadoop.fs.local.RawLocalFs");
    hadoopSettings.forEach(conf::set);
    return new Storage(conf);
  }

  /**
   * Storage for local files that reads only below {@code roots} (by real path, links followed)
   * and never writes: see {@link ConfinedLocalFileSystem}.
   */
  public static Storage confined(java.util.List<java.nio.file.Path> roots) {
    StringBuilder lines = new StringBuilder();
    for (java.nio.file.Path root : roots) {
      try {
        lines.append(root.toRealPath()).append('\n');
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot resolve warehouse root " + root, e);
      }
    }
    return create(
        Map.of(
            "fs.file.impl", ConfinedLocalFileSystem.class.getName(),
            "fs.AbstractFileSystem.file.impl", ConfinedLocalFs.class.getName(),
            // Hadoop caches file systems by scheme and user, not by configuration: a cached
            // confined instance must not serve another connection, nor a plain one this connection.
            "fs.file.impl.disable.cache", "true",
            ConfinedLocalFileSystem.ROOTS, lines.toString()));
  }

  /** Storage for local files with default settings. */
  public static Storage local() {
    return create(Map.of());
  }

  public Configuration hadoopConf() {
    return conf;
  }

  public FileIO fileIO() {
    return fileIO;
  }

  /**
   * A Parquet input file over {@link #fileIO()}.
   *
   * @param location a location as {@link FileIO} takes it (a path or URI string, not URI-encoded)
   */
  public InputFile parquetInput(String location) {
    return parquetInput(fileIO.newInputFile(location));
  }

  /** Adapts an Iceberg input file to Parquet's. */
  public static InputFile parquetInput(org.apache.iceberg.io.InputFile file) {
    return new InputFile() {
      @Override
      public long getLength() {
        return file.getLength();
      }

      @Override
      public SeekableInputStream newStream() {
        org.apache.iceberg.io.SeekableInputStream in = file.newStream();
        return new DelegatingSeekableInputStream(in) {
          @Override
          public long getPos() throws IOException {
            return in.getPos();
          }

          @Override
          public void seek(long newPos) throws IOException {
            in.seek(newPos);
          }
        };
      }

      @Override
      public String toString() {
        return file.location();
      }
    };
  }

  @Override
  public void close() {
    try {
      fileIO.close();
    } catch (RuntimeException e) {
      throw new UncheckedIOException(new IOException("Cannot close storage", e));
    }
  }
}
