package io.lakehouse.engine.catalog;

import io.lakehouse.engine.io.Storage;
import java.nio.file.Path;

/**
 * Directory locations as a warehouse keeps them: an absolute local path, or an object-store URI
 * ({@code s3://bucket/prefix}) without a trailing slash.
 */
final class Locations {

  private Locations() {}

  /** The location of a child directory. */
  static String child(String dir, String name) {
    if (Storage.isObjectStore(dir)) {
      return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }
    return Path.of(dir).resolve(name).toString();
  }

  /**
   * The location as a URI string: {@code file:///...} for a local directory (with a trailing
   * slash), as given for an object store.
   */
  static String uri(String dir) {
    return Storage.isObjectStore(dir) ? dir : Path.of(dir).toUri().toString();
  }

  /** An object-store location without trailing slashes. */
  static String trimmed(String location) {
    String result = location;
    while (result.endsWith("/") && !result.endsWith("://")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }
}
