package io.lakehouse.engine.catalog;

import java.nio.file.Path;
import java.util.List;

/**
 * How tables in a warehouse are opened.
 *
 * @param relocate map each Iceberg table's recorded location onto the directory where the table
 *     lies now (for tables copied from another machine, whose metadata holds absolute paths)
 * @param roots when not empty, the directories (real paths) the warehouse may read below: a child
 *     of the warehouse whose real path lies elsewhere (a link out) is neither a table nor a schema,
 *     and the storage must enforce the same roots for every file a table's metadata names
 */
public record WarehouseOptions(boolean relocate, List<Path> roots) {

  public static final WarehouseOptions DEFAULTS = new WarehouseOptions(false);

  public WarehouseOptions {
    roots = List.copyOf(roots);
  }

  public WarehouseOptions(boolean relocate) {
    this(relocate, List.of());
  }

  /** Whether reads are confined to {@link #roots()}. */
  public boolean confined() {
    return !roots.isEmpty();
  }
}
