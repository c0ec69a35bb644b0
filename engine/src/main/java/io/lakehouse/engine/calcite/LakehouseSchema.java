package io.lakehouse.engine.calcite;

import io.lakehouse.engine.catalog.Warehouse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/** One schema of a warehouse: the Delta and Iceberg tables directly below a directory. */
public final class LakehouseSchema extends AbstractSchema {

  private final Warehouse warehouse;
  private final Path directory;
  private final QueryResources resources;

  LakehouseSchema(Warehouse warehouse, Path directory, QueryResources resources) {
    this.warehouse = warehouse;
    this.directory = directory;
    this.resources = resources;
  }

  @Override
  protected Map<String, Table> getTableMap() {
    Map<String, Table> map = new HashMap<>();
    for (String name : warehouse.tableNames(directory).keySet()) {
      map.put(name, new LakehouseTable(() -> warehouse.table(directory, name).orElseThrow(), resources));
    }
    return map;
  }

  @Override
  public boolean isMutable() {
    return false;
  }
}
