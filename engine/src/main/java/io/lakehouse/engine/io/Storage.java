package io.lakehouse.engine.io;

import io.lakehouse.engine.table.LakeException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.FileIO;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * The storage a connection reads through: local files (through Hadoop's local file system) and
 * S3 or S3-compatible object stores ({@code s3://}, {@code s3a://}, through Iceberg's S3 file IO on
 * the AWS SDK, see {@link S3Settings}). Holds the Hadoop configuration that Delta Kernel's default
 * engine needs for local tables and the Iceberg {@link FileIO} every other read goes through.
 *
 * <p>The Hadoop configuration is bound to this class's own class loader, with file system
 * implementations named explicitly, so that it works when the driver is loaded by a BI tool whose
 * context class loader cannot see the driver's classes.
 */
public final class Storage implements AutoCloseable {

  /** Threads that fetch byte ranges of remote files concurrently, shared by all connections. */
  private static final ExecutorService RANGE_READS = rangeReadPool();
  /** The bytes of remote Parquet file tails (footers) a storage keeps: about 500 files' worth. */
  private static final long FOOTER_CACHE_BYTES = 32L << 20;
  /** The bytes of remote Delta log and Iceberg metadata files a storage keeps. */
  private static final long LOG_FILE_CACHE_BYTES = 64L << 20;

  private final Configuration conf;
  private final HadoopFileIO hadoopIO;
  private final S3Settings s3Settings;
  private final String s3Refusal;
  private final FooterCache footers = new FooterCache(FOOTER_CACHE_BYTES);
  private final LogFileCache logFiles = new LogFileCache(LOG_FILE_CACHE_BYTES);
  private final FileIO fileIO;
  private final S3Requests s3Requests = new S3Requests();
  private volatile S3Storage s3;
  /** S3 with settings a catalog handed out for its tables, one client per distinct settings. */
  private final Map<S3Settings, S3Storage> catalogS3 = new ConcurrentHashMap<>();

  private Storage(Configuration conf, S3Settings s3Settings, String s3Refusal) {
    this.conf = conf;
    this.hadoopIO = new HadoopFileIO(conf);
    this.s3Settings = s3Settings;
    this.s3Refusal = s3Refusal;
    this.fileIO = new StorageFileIO(hadoopIO, location -> s3(location).fileIO(), footers, logFiles);
  }

  /** Storage for local files (and any other scheme Hadoop knows), with extra Hadoop settings. */
  public static Storage create(Map<String, String> hadoopSettings) {
    return create(hadoopSettings, S3Settings.DEFAULTS);
  }

  /** Storage for local files and S3, with extra Hadoop settings and how to reach S3. */
  public static Storage create(Map<String, String> hadoopSettings, S3Settings s3) {
    return new Storage(hadoopConf(hadoopSettings), s3, null);
  }

  private static Configuration hadoopConf(Map<String, String> hadoopSettings) {
    Configuration conf = new Configuration(false);
    conf.setClassLoader(Storage.class.getClassLoader());
    conf.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
    conf.set("fs.AbstractFileSystem.file.impl", "org.apache.hadoop.fs.local.RawLocalFs");
    hadoopSettings.forEach(conf::set);
    return conf;
  }

  /**
   * Storage for local files that reads only below {@code roots} (by real path, links followed)
   * and never writes: see {@link ConfinedLocalFileSystem}. It reads no object store.
   */
  public static Storage confined(List<Path> roots) {
    StringBuilder lines = new StringBuilder();
    for (Path root : roots) {
      try {
        lines.append(root.toRealPath()).append('\n');
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot resolve warehouse root " + root, e);
      }
    }
    Configuration conf =
        hadoopConf(
            Map.of(
                "fs.file.impl", ConfinedLocalFileSystem.class.getName(),
                "fs.AbstractFileSystem.file.impl", ConfinedLocalFs.class.getName(),
                // Hadoop caches file systems by scheme and user, not by configuration: a cached
                // confined instance must not serve another connection, nor a plain one this connection.
                "fs.file.impl.disable.cache", "true",
                ConfinedLocalFileSystem.ROOTS, lines.toString()));
    return new Storage(conf, S3Settings.DEFAULTS, "reads are confined to the local directories " + roots);
  }

  /** Storage for local files with default settings. */
  public static Storage local() {
    return create(Map.of());
  }

  /** Whether a location lies in an object store ({@code s3://}, {@code s3a://}, {@code s3n://}). */
  public static boolean isObjectStore(String location) {
    return S3Location.isS3(location);
  }

  public Configuration hadoopConf() {
    return conf;
  }

  public FileIO fileIO() {
    return fileIO;
  }

  /** How this storage reaches S3: the connection's settings. */
  public S3Settings s3Settings() {
    return s3Settings;
  }

  /**
   * A file IO like {@link #fileIO()} whose S3 reads use other settings, chosen by location: those a
   * catalog hands out for a table (see {@link CatalogFileIO}). The S3 client for each distinct
   * settings is made once and closed with this storage; caches and request records are this
   * storage's.
   */
  FileIO fileIO(java.util.function.Function<String, S3Settings> settingsByLocation) {
    return new StorageFileIO(
        hadoopIO,
        location -> {
          refuseS3(location);
          return catalogS3
              .computeIfAbsent(
                  settingsByLocation.apply(location), settings -> new S3Storage(settings, s3Requests, true))
              .fileIO();
        },
        footers,
        logFiles);
  }

  private void refuseS3(String location) {
    if (s3Refusal != null) {
      throw new LakeException(LakeException.UNDEFINED_OBJECT, "Cannot read " + location + ": " + s3Refusal);
    }
  }

  /** The S3 side, made on first use. */
  private S3Storage s3(String location) {
    refuseS3(location);
    S3Storage result = s3;
    if (result == null) {
      synchronized (this) {
        result = s3;
        if (result == null) {
          result = new S3Storage(s3Settings, s3Requests, false);
          s3 = result;
        }
      }
    }
    return result;
  }

  /**
   * The user-facing error when {@code failure} (or one of its causes) is an object store refusing
   * the credentials (HTTP 401 or 403), else null: reads deep inside a format's reader fail so.
   *
   * @param action what was being done, e.g. {@code read the manifests of table 'orders'}
   */
  public static LakeException refusedCredentials(Throwable failure, String action) {
    return S3Storage.refusedCredentials(failure, action);
  }

  /** Records of the requests this storage sent to S3 (empty until it first reads S3). */
  public S3Requests s3Requests() {
    return s3Requests;
  }

  /**
   * Checks that a directory can be listed: for S3 that its bucket exists and the credentials are
   * accepted, locally that it is a directory.
   *
   * @throws LakeException naming the location (and the endpoint and bucket) when not
   */
  public void checkDirectory(String location) {
    if (isObjectStore(location)) {
      s3(location).checkBucket(location);
      return;
    }
    if (!Files.isDirectory(localPath(location))) {
      throw new LakeException(LakeException.UNDEFINED_OBJECT, location + " is not a directory");
    }
  }

  /** The child directories and files directly below a directory; hidden ones are included. */
  public Listing list(String location) {
    if (isObjectStore(location)) {
      return s3(location).list(location);
    }
    Path dir = localPath(location);
    List<String> directories = new ArrayList<>();
    List<Listing.File> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path child : stream) {
        if (Files.isDirectory(child)) {
          directories.add(child.getFileName().toString());
        } else {
          BasicFileAttributes attributes = Files.readAttributes(child, BasicFileAttributes.class);
          files.add(new Listing.File(child.toString(), attributes.size(), attributes.lastModifiedTime().toMillis()));
        }
      }
    } catch (IOException e) {
      throw new LakeException(LakeException.IO_ERROR, "Cannot list directory " + dir + ": " + e, e);
    }
    directories.sort(null);
    files.sort((a, b) -> a.location().compareTo(b.location()));
    return new Listing(directories, files);
  }

  /** Whether an object-store directory (a key prefix) holds anything: one listing request. */
  public boolean hasEntries(String location) {
    return s3(location).hasEntries(location);
  }

  /**
   * The files of an object-store directory whose names sort at or after the name of
   * {@code location}, sorted by name.
   *
   * @throws FileNotFoundException when the directory holds nothing
   */
  public List<Listing.File> listFrom(String location) throws FileNotFoundException {
    return s3(location).listFrom(location);
  }

  /**
   * An object-store file's length and modification time.
   *
   * @throws FileNotFoundException when it does not exist
   */
  public Listing.File status(String location) throws FileNotFoundException {
    return s3(location).status(location);
  }

  private static Path localPath(String location) {
    try {
      return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
    } catch (IllegalArgumentException e) {
      throw new LakeException(LakeException.UNDEFINED_OBJECT, "'" + location + "' is not a path or file: URI", e);
    }
  }

  /**
   * A Parquet input file over {@link #fileIO()}.
   *
   * @param location a location as {@link FileIO} takes it (a path or URI string, not URI-encoded)
   */
  public InputFile parquetInput(String location) {
    return parquetInput(fileIO.newInputFile(location));
  }

  /**
   * A Parquet input file over {@link #fileIO()} whose length is known: on an object store that
   * saves a request (a local file's length is read from the file system all the same).
   */
  public InputFile parquetInput(String location, long length) {
    return parquetInput(
        length >= 0 && isObjectStore(location) ? fileIO.newInputFile(location, length) : fileIO.newInputFile(location));
  }

  /**
   * Adapts an Iceberg input file to Parquet's. Files in an object store are read by ranged
   * requests (see {@link RangedInputStream}); local files by Hadoop's stream.
   */
  public static InputFile parquetInput(org.apache.iceberg.io.InputFile file) {
    if (isObjectStore(file.location())) {
      FooterCache footers = file instanceof StorageFileIO.RemoteInputFile remote ? remote.footers() : null;
      return new RemoteParquetFile(file, footers, RANGE_READS);
    }
    return new InputFile() {
      @Override
      public long getLength() {
        return file.getLength();
      }

      @Override
      public SeekableInputStream newStream() {
        return parquetStream(file.newStream());
      }

      @Override
      public String toString() {
        return file.location();
      }
    };
  }

  /** Adapts an Iceberg stream to Parquet's, whose reads it passes through unchanged. */
  static SeekableInputStream parquetStream(org.apache.iceberg.io.SeekableInputStream in) {
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

  /**
   * Applies {@code action} to each item, up to 16 at a time on the storage's I/O threads, and
   * returns the results in the items' order: for many small requests to an object store, such as
   * telling which of a warehouse's prefixes are tables. The first failure is thrown.
   */
  public static <T, R> List<R> concurrently(List<T> items, java.util.function.Function<T, R> action) {
    List<java.util.concurrent.CompletableFuture<R>> futures = new ArrayList<>(items.size());
    for (T item : items) {
      futures.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> action.apply(item), RANGE_READS));
    }
    List<R> results = new ArrayList<>(items.size());
    for (java.util.concurrent.CompletableFuture<R> future : futures) {
      try {
        results.add(future.join());
      } catch (java.util.concurrent.CompletionException e) {
        futures.forEach(f -> f.cancel(false));
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw e;
      }
    }
    return results;
  }

  private static ExecutorService rangeReadPool() {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            16,
            16,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            runnable -> {
              Thread thread = new Thread(runnable, "lakehouse-range-read");
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  @Override
  public void close() {
    try {
      fileIO.close();
      hadoopIO.close();
      S3Storage opened = s3;
      if (opened != null) {
        opened.close();
      }
      catalogS3.values().forEach(S3Storage::close);
      catalogS3.clear();
    } catch (RuntimeException e) {
      throw new UncheckedIOException(new IOException("Cannot close storage", e));
    }
  }
}
