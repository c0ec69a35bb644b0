package io.lakehouse.engine.io;

import java.util.List;

/**
 * What one directory (a local directory or an object-store prefix) holds directly: the names of
 * its child directories and its files, each sorted by name.
 */
public record Listing(List<String> directories, List<File> files) {

  /**
   * A file.
   *
   * @param location the file's full location (a local path or {@code s3://bucket/key})
   * @param size its length in bytes
   * @param modifiedMillis when it was last written, in milliseconds since the epoch
   */
  public record File(String location, long size, long modifiedMillis) {

    /** The file's name: the part of its location after the last slash. */
    public String name() {
      return location.substring(location.lastIndexOf('/') + 1);
    }
  }

  public Listing {
    directories = List.copyOf(directories);
    files = List.copyOf(files);
  }
}
