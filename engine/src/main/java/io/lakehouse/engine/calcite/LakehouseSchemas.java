package io.lakehouse.engine.calcite;

import io.lakehouse.engine.catalog.TableCatalog;
import java.util.Map;
import org.apache.calcite.schema.SchemaPlus;

/** Registers the schemas of a warehouse or catalog under a Calcite root schema. */
public final class LakehouseSchemas {

  private LakehouseSchemas() {}

  /** Adds one Calcite schema per warehouse schema to {@code rootSchema}. */
  public static void register(SchemaPlus rootSchema, TableCatalog warehouse, QueryResources resources) {
    for (Map.Entry<String, String> schema : warehouse.schemas().entrySet()) {
      rootSchema.add(schema.getKey(), new LakehouseSchema(warehouse, schema.getValue(), resources));
    }
  }
}
