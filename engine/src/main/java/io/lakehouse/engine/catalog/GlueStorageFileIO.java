package io.lakehouse.engine.catalog;

import io.lakehouse.engine.io.ForwardingFileIO;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.LakeException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.io.FileIO;

/**
 * The file IO that iceberg-aws's {@code GlueCatalog} makes, by class name ({@code io-impl}), for
 * each table it loads: the file IO of the connection's {@link Storage}, found by the key that
 * {@link IcebergGlueCatalog} puts in the catalog's properties. So table metadata, manifests and
 * data are all read through the connection's storage, its caches and its S3 settings. Public only
 * because the catalog instantiates it by reflection; not for other use.
 */
public final class GlueStorageFileIO extends ForwardingFileIO {

  /** The catalog property holding the key of the storage to read through. */
  static final String STORAGE_KEY = "lakehouse.storage-key";

  private static final Map<String, Storage> STORAGES = new ConcurrentHashMap<>();

  private volatile FileIO io;

  /** Made by the catalog, then {@linkplain #initialize initialized} with its properties. */
  public GlueStorageFileIO() {}

  /** Makes a storage reachable by the key returned, until {@link #unregister}. */
  static String register(Storage storage) {
    String key = UUID.randomUUID().toString();
    STORAGES.put(key, storage);
    return key;
  }

  static void unregister(String key) {
    STORAGES.remove(key);
  }

  @Override
  public void initialize(Map<String, String> properties) {
    Storage storage = STORAGES.get(properties.get(STORAGE_KEY));
    if (storage == null) {
      throw new LakeException(LakeException.IO_ERROR, "The Glue catalog this table was loaded from is closed");
    }
    io = storage.fileIO();
  }

  @Override
  protected FileIO delegate() {
    FileIO result = io;
    if (result == null) {
      throw new LakeException(LakeException.IO_ERROR, "The Glue catalog's file IO was used before it was initialized");
    }
    return result;
  }

  @Override
  public Map<String, String> properties() {
    return Map.of();
  }
}
