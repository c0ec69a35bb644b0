package io.lakehouse.engine.calcite;

import io.lakehouse.engine.catalog.TableCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * Several catalogs under one Calcite root schema. Each catalog is a schema of the root holding one
 * schema per schema of the catalog, so that {@code catalog.schema.table} names a table of any
 * catalog. The schemas of the <em>current</em> catalog are also schemas of the root, so that
 * {@code schema.table} and (in the connection's schema) {@code table} name tables of the current
 * catalog; {@link #use} makes another catalog current. Where a schema of the current catalog has the
 * name of a catalog, the catalog wins: that schema is reached by its three-part name.
 *
 * <p>The root-level schemas are the same objects as those under the catalog, so a table read by
 * either name is one table (one snapshot per query, one cache).
 */
public final class CatalogSchemas {

  /** Calcite's own schema of the root, which no catalog may hide. */
  public static final String CALCITE_METADATA_SCHEMA = "metadata";

  private final SchemaPlus root;
  private final Map<String, TableCatalog> catalogs;
  private final Map<String, Map<String, LakehouseSchema>> schemas = new LinkedHashMap<>();
  private List<String> aliases = List.of();
  private String current;

  private CatalogSchemas(SchemaPlus root, Map<String, TableCatalog> catalogs) {
    this.root = root;
    this.catalogs = catalogs;
  }

  /**
   * Adds the catalogs to {@code root} and makes {@code current} the current catalog.
   *
   * @param catalogs the catalogs by name, names unique regardless of case and none
   *     {@value #CALCITE_METADATA_SCHEMA}
   */
  public static CatalogSchemas register(
      SchemaPlus root, Map<String, TableCatalog> catalogs, String current, QueryResources resources) {
    CatalogSchemas result = new CatalogSchemas(root, new LinkedHashMap<>(catalogs));
    for (Map.Entry<String, TableCatalog> catalog : catalogs.entrySet()) {
      SchemaPlus parent = root.add(catalog.getKey(), new AbstractSchema());
      Map<String, LakehouseSchema> own = new LinkedHashMap<>();
      for (Map.Entry<String, String> schema : catalog.getValue().schemas().entrySet()) {
        LakehouseSchema lakehouse = new LakehouseSchema(catalog.getValue(), schema.getValue(), resources);
        parent.add(schema.getKey(), lakehouse);
        own.put(schema.getKey(), lakehouse);
      }
      result.schemas.put(catalog.getKey(), own);
    }
    result.use(current);
    return result;
  }

  /** The catalogs' names, as declared. */
  public List<String> names() {
    return List.copyOf(catalogs.keySet());
  }

  /** The catalog a name denotes, ignoring case: its declared name. */
  public Optional<String> find(String name) {
    return catalogs.keySet().stream().filter(n -> n.equalsIgnoreCase(name)).findFirst();
  }

  public TableCatalog catalog(String name) {
    return catalogs.get(name);
  }

  /** The current catalog's name. */
  public synchronized String current() {
    return current;
  }

  /**
   * Makes a catalog current: its schemas become the root's schemas, replacing those of the
   * catalog current before.
   *
   * @param name a declared name (see {@link #find})
   */
  public synchronized void use(String name) {
    if (!catalogs.containsKey(name)) {
      throw new IllegalArgumentException("No catalog " + name);
    }
    CalciteSchema calciteRoot = CalciteSchema.from(root);
    aliases.forEach(calciteRoot::removeSubSchema);
    List<String> added = new ArrayList<>();
    for (Map.Entry<String, LakehouseSchema> schema : schemas.get(name).entrySet()) {
      String schemaName = schema.getKey();
      if (find(schemaName).isEmpty() && !schemaName.equalsIgnoreCase(CALCITE_METADATA_SCHEMA)) {
        root.add(schemaName, schema.getValue());
        added.add(schemaName);
      }
    }
    aliases = List.copyOf(added);
    current = name;
  }
}
