package io.lakehouse.engine.io;

import java.util.Map;
import java.util.function.Function;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * The {@link FileIO} of a {@link Storage}: {@code s3://}, {@code s3a://} and {@code s3n://}
 * locations go to the storage's S3 file IO, everything else to Hadoop's. Remote files carry the
 * storage's {@link FooterCache}; small remote table-metadata files of known length are read through
 * its {@link LogFileCache}.
 */
final class StorageFileIO implements FileIO, SupportsPrefixOperations {

  private final SupportsPrefixOperations local;
  private final Function<String, SupportsPrefixOperations> s3;
  private final FooterCache footers;
  private final LogFileCache logFiles;

  /**
   * @param s3 the S3 file IO for a location; throws when S3 may not be read
   * @param footers the tails of remote Parquet files read so far
   * @param logFiles the remote table-metadata files read so far
   */
  StorageFileIO(
      SupportsPrefixOperations local,
      Function<String, SupportsPrefixOperations> s3,
      FooterCache footers,
      LogFileCache logFiles) {
    this.local = local;
    this.s3 = s3;
    this.footers = footers;
    this.logFiles = logFiles;
  }

  private SupportsPrefixOperations route(String location) {
    return S3Location.isS3(location) ? s3.apply(location) : local;
  }

  @Override
  public InputFile newInputFile(String path) {
    return remote(route(path).newInputFile(path));
  }

  @Override
  public InputFile newInputFile(String path, long length) {
    InputFile file = remote(route(path).newInputFile(path, length));
    return S3Location.isS3(file.location()) && LogFileCache.cacheable(file.location(), length)
        ? logFiles.wrap(file, length)
        : file;
  }

  /** An object-store file, marked so that Parquet reads of it use the storage's footer cache. */
  private InputFile remote(InputFile file) {
    return S3Location.isS3(file.location()) ? new RemoteInputFile(file, footers) : file;
  }

  /** An input file in an object store, with the footer cache of the storage that made it. */
  record RemoteInputFile(InputFile file, FooterCache footers) implements InputFile {
    @Override
    public long getLength() {
      return file.getLength();
    }

    @Override
    public org.apache.iceberg.io.SeekableInputStream newStream() {
      return file.newStream();
    }

    @Override
    public String location() {
      return file.location();
    }

    @Override
    public boolean exists() {
      return file.exists();
    }
  }

  @Override
  public OutputFile newOutputFile(String path) {
    return route(path).newOutputFile(path);
  }

  @Override
  public void deleteFile(String path) {
    route(path).deleteFile(path);
  }

  @Override
  public Iterable<FileInfo> listPrefix(String prefix) {
    return route(prefix).listPrefix(prefix);
  }

  @Override
  public void deletePrefix(String prefix) {
    route(prefix).deletePrefix(prefix);
  }

  @Override
  public Map<String, String> properties() {
    return local.properties();
  }

  @Override
  public void close() {
    // the storage closes the file IOs it made
  }
}
