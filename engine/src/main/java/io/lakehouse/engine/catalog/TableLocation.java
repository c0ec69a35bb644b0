package io.lakehouse.engine.catalog;

import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.TableFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Recognises a directory (local or an object-store prefix) as a table of one of the supported formats. */
final class TableLocation {

  private TableLocation() {}

  /**
   * The format of the table rooted at {@code dir}, or empty when it is not a table: Delta when it
   * holds {@code _delta_log/}, Iceberg when it holds {@code metadata/*.metadata.json*}. On an object
   * store this costs one or two listing requests, whatever the size of the table.
   */
  static Optional<TableFormat> detect(Storage storage, String dir) {
    if (!Storage.isObjectStore(dir)) {
      return detect(Path.of(dir));
    }
    if (storage.hasEntries(Locations.child(dir, "_delta_log"))) {
      return Optional.of(TableFormat.DELTA);
    }
    if (storage.list(Locations.child(dir, "metadata")).files().stream()
        .anyMatch(file -> file.name().contains(".metadata.json"))) {
      return Optional.of(TableFormat.ICEBERG);
    }
    return Optional.empty();
  }

  private static Optional<TableFormat> detect(Path dir) {
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
