package io.lakehouse.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Writable copies of test tables, for tests that damage a table's files. */
final class TableCopies {

  private TableCopies() {}

  /** Copies a directory tree; the copies are writable. */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
          target.toFile().setWritable(true);
        }
      }
    }
  }
}
