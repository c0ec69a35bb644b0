package io.lakehouse.jdbc.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared corpus of real tables as a warehouse: a directory holding one link per corpus table,
 * named after the table, pointing at its {@code table/} root. Built once per test JVM.
 */
public final class CorpusWarehouse {

  private static Path warehouse;

  private CorpusWarehouse() {}

  /** The shared folder ({@code shared/} beside the repository). */
  public static Path shared() {
    String location = System.getProperty("lakehouse.corpus");
    if (location == null) {
      throw new IllegalStateException("system property lakehouse.corpus is not set");
    }
    Path shared = Path.of(location).toAbsolutePath().normalize();
    if (!Files.isDirectory(shared.resolve("tables"))) {
      throw new IllegalStateException("no corpus at " + shared + "/tables");
    }
    return shared;
  }

  /** The JDBC URL of the corpus warehouse (Iceberg tables relocated to where they lie). */
  public static String url() {
    return "jdbc:lakehouse:" + directory() + ";relocate=true";
  }

  /** The warehouse directory. */
  public static synchronized Path directory() {
    if (warehouse == null) {
      warehouse = build();
    }
    return warehouse;
  }

  private static Path build() {
    try {
      Path dir = Files.createTempDirectory("lakehouse-corpus");
      for (String format : new String[] {"delta", "iceberg"}) {
        try (DirectoryStream<Path> tables = Files.newDirectoryStream(shared().resolve("tables").resolve(format))) {
          for (Path table : tables) {
            Path root = table.resolve("table");
            if (Files.isDirectory(root)) {
              Files.createSymbolicLink(dir.resolve(table.getFileName().toString()), root);
            }
          }
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
