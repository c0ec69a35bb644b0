package io.lakehouse.engine.io;

import java.util.List;
import java.util.Map;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.StorageCredential;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.io.SupportsStorageCredentials;

/**
 * The file IO of a table whose catalog hands out how to reach its files, as an Iceberg REST
 * catalog does ("vended credentials"): Iceberg's S3 file IO properties in the table's load result
 * ({@code s3.endpoint}, {@code s3.path-style-access}, {@code client.region}, {@code
 * s3.access-key-id}, {@code s3.secret-access-key}, {@code s3.session-token}, see {@link
 * S3Settings#withIcebergProperties}) and storage credentials (the same properties for the
 * locations below a prefix; the longest matching prefix wins). What the catalog hands out
 * overrides the connection's S3 settings; what it leaves out is taken from them.
 *
 * <p>Files are read through the connection's {@link Storage}: its footer and metadata caches, its
 * request records and ranged reads. The storage makes one S3 client per distinct settings and
 * closes them when it closes, so closing this file IO (as a catalog does when it drops a table)
 * closes nothing.
 */
public final class CatalogFileIO extends ForwardingFileIO
    implements SupportsPrefixOperations, SupportsStorageCredentials {

  private final transient Storage storage;
  private final Map<String, String> properties;
  private volatile List<StorageCredential> credentials = List.of();
  private transient volatile FileIO delegate;

  /**
   * @param storage the connection's storage, which this reads through
   * @param properties the file IO properties the catalog gave for the table (or for itself)
   */
  public CatalogFileIO(Storage storage, Map<String, String> properties) {
    this.storage = storage;
    this.properties = Map.copyOf(properties);
  }

  @Override
  public void setCredentials(List<StorageCredential> credentials) {
    this.credentials = List.copyOf(credentials);
    this.delegate = null;
  }

  @Override
  public List<StorageCredential> credentials() {
    return credentials;
  }

  @Override
  public Map<String, String> properties() {
    return properties;
  }

  /** The S3 settings for a location: the storage's, under the properties, under the credential of its prefix. */
  S3Settings settingsFor(String location) {
    S3Settings settings = storage.s3Settings().withIcebergProperties(properties);
    StorageCredential best = null;
    for (StorageCredential credential : credentials) {
      if (location.startsWith(credential.prefix())
          && (best == null || credential.prefix().length() > best.prefix().length())) {
        best = credential;
      }
    }
    return best == null ? settings : settings.withIcebergProperties(best.config());
  }

  @Override
  protected SupportsPrefixOperations delegate() {
    FileIO io = delegate;
    if (io == null) {
      io = storage.fileIO(this::settingsFor);
      delegate = io;
    }
    return (SupportsPrefixOperations) io;
  }

  @Override
  public Iterable<FileInfo> listPrefix(String prefix) {
    return delegate().listPrefix(prefix);
  }

  @Override
  public void deletePrefix(String prefix) {
    delegate().deletePrefix(prefix);
  }
}
