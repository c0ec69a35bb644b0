package io.lakehouse.engine.iceberg;

import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.LakeSnapshot;
import io.lakehouse.engine.table.SnapshotRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The Iceberg tables of the shared test corpus, opened the way copied tables must be: relocated. */
final class Corpus {

  static final Storage STORAGE = Storage.local();

  private Corpus() {}

  static Path root(String name) {
    return Path.of(System.getProperty("lakehouse.corpus"), "tables", "iceberg", name, "table");
  }

  static IcebergTable open(String name) {
    return IcebergTable.open(name, root(name).toString(), STORAGE, true);
  }

  static LakeSnapshot latest(String name) {
    return open(name).snapshot(SnapshotRef.LATEST);
  }

  /** The names of all Iceberg tables in the corpus. */
  static List<String> tableNames() {
    Path iceberg = Path.of(System.getProperty("lakehouse.corpus"), "tables", "iceberg");
    try (Stream<Path> tables = Files.list(iceberg)) {
      return tables.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
