package io.lakehouse.engine.io;

import io.lakehouse.engine.table.LakeException;
import java.util.Locale;
import java.util.Set;

/**
 * An object-store location: {@code s3://bucket/key}, also spelled {@code s3a://} or {@code s3n://}
 * (Hadoop's names for the same store).
 *
 * @param scheme the scheme as written ({@code s3}, {@code s3a} or {@code s3n})
 * @param bucket the bucket
 * @param key the key (or key prefix) below the bucket, without a leading slash; empty for the bucket
 */
record S3Location(String scheme, String bucket, String key) {

  private static final Set<String> SCHEMES = Set.of("s3", "s3a", "s3n");

  /** Whether {@code location} names an object in S3 (or an S3-compatible store). */
  static boolean isS3(String location) {
    int colon = location.indexOf("://");
    return colon > 0 && SCHEMES.contains(location.substring(0, colon).toLowerCase(Locale.ROOT));
  }

  static S3Location parse(String location) {
    if (!isS3(location)) {
      throw new LakeException(LakeException.CONNECTION_ERROR, "'" + location + "' is not an s3:// or s3a:// location");
    }
    int schemeEnd = location.indexOf("://");
    String rest = location.substring(schemeEnd + 3);
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    if (bucket.isEmpty()) {
      throw new LakeException(
          LakeException.CONNECTION_ERROR, "Location '" + location + "' names no bucket: write s3://bucket/prefix");
    }
    return new S3Location(location.substring(0, schemeEnd).toLowerCase(Locale.ROOT), bucket, key);
  }

  /** The key as a directory prefix: empty, or ending with one slash. */
  String directoryPrefix() {
    String trimmed = key;
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed.isEmpty() ? "" : trimmed + "/";
  }

  /** The location of a key in the same bucket, in this location's scheme. */
  String locationOf(String otherKey) {
    return scheme + "://" + bucket + "/" + otherKey;
  }

  @Override
  public String toString() {
    return scheme + "://" + bucket + "/" + key;
  }
}
