package io.lakehouse.engine.catalog;

import io.lakehouse.engine.table.TableFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Recognises a directory as a table of one of the supported formats. */
final class TableLocation {

  private TableLocation() {}

  /** The format of the table rooted at {@code dir}, or empty when it is not a table. */
  static Optional<TableFormat> detect(Path dir) {
    if (Files.isDirectory(dir.resolve("_delta_log"))) {
      return Optional.of(TableFormat.DELTA);
    }
    Path metadata = dir.resolve("metadata");
    if (Files.isDirectory(metadata) && hasMetadataJson(metadata)) {
      return Optional.of(TableFormat.ICEBERG);
    }
    return Optional.empty();
  }

  private static boolean hasMetadataJson(Path metadata) {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(metadata, "*.metadata.json*")) {
      return files.iterator().hasNext();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + metadata, e);
    }
  }
}
