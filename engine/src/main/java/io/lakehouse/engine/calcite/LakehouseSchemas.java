package io.lakehouse.engine.calcite;

import io.lakehouse.engine.catalog.Warehouse;
import java.util.Map;
import org.apache.calcite.schema.SchemaPlus;

/** Registers a warehouse's schemas under a Calcite root schema. */
public final class LakehouseSchemas {

  private LakehouseSchemas() {}

  /** Adds one Calcite schema per warehouse schema to {@code rootSchema}. */
  public static void register(SchemaPlus rootSchema, Warehouse warehouse, QueryResources resources) {
    for (Map.Entry<String, String> schema : warehouse.schemas().entrySet()) {
      rootSchema.add(schema.getKey(), new LakehouseSchema(warehouse, schema.getValue(), resources));
    }
  }
}
