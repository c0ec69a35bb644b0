package io.lakehouse.engine.catalog;

/**
 * How tables in a warehouse are opened.
 *
 * @param relocate map each Iceberg table's recorded location onto the directory where the table
 *     lies now (for tables copied from another machine, whose metadata holds absolute paths)
 */
public record WarehouseOptions(boolean relocate) {

  public static final WarehouseOptions DEFAULTS = new WarehouseOptions(false);
}
