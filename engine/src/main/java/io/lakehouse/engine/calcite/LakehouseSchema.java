package io.lakehouse.engine.calcite;

import io.lakehouse.engine.catalog.TableCatalog;
import io.lakehouse.engine.table.MetadataTableKind;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.lookup.LikePattern;
import org.apache.calcite.schema.lookup.Lookup;
import org.apache.calcite.schema.lookup.Named;

/**
 * One schema of a warehouse or catalog: the Delta and Iceberg tables directly below a directory
 * (local or an object-store prefix) or in a catalog's namespace, and each
 * table's metadata tables ({@code "t$history"}, ...). Calcite resolves only names a schema lists,
 * so the metadata tables are listed here; the JDBC driver leaves them out of
 * {@code DatabaseMetaData}, so that they do not flood a BI tool's navigator.
 */
public final class LakehouseSchema extends AbstractSchema {

  /** Separates a table's name from the kind of its metadata table. */
  public static final char METADATA_SEPARATOR = '$';

  private final TableCatalog warehouse;
  private final String directory;
  private final QueryResources resources;
  private final Map<String, LakehouseRelTable> tables = new ConcurrentHashMap<>();

  LakehouseSchema(TableCatalog warehouse, String directory, QueryResources resources) {
    this.warehouse = warehouse;
    this.directory = directory;
    this.resources = resources;
  }

  @Override
  protected Map<String, Table> getTableMap() {
    Map<String, Table> map = new HashMap<>();
    for (String name : warehouse.tableNames(directory).keySet()) {
      map.put(name, dataTable(name));
    }
    return map;
  }

  private LakehouseRelTable dataTable(String name) {
    return tables.computeIfAbsent(
        name, n -> new LakehouseTable(() -> warehouse.table(directory, n).orElseThrow(), resources));
  }

  /** Resolves names against the warehouse's (cached) listing, and metadata-table names on top. */
  @Override
  public Lookup<Table> tables() {
    return new Lookup<>() {
      @Override
      public Table get(String name) {
        if (warehouse.tableNames(directory).containsKey(name)) {
          return dataTable(name);
        }
        return metadataTable(name, false).map(Named::entity).orElse(null);
      }

      @Override
      public Named<Table> getIgnoreCase(String name) {
        for (String table : warehouse.tableNames(directory).keySet()) {
          if (table.equalsIgnoreCase(name)) {
            return new Named<>(table, dataTable(table));
          }
        }
        return metadataTable(name, true).orElse(null);
      }

      /** The tables and their metadata tables (Calcite resolves only names it is given here). */
      @Override
      public Set<String> getNames(LikePattern pattern) {
        var matches = pattern.matcher();
        Set<String> names = new java.util.TreeSet<>();
        for (String table : warehouse.tableNames(directory).keySet()) {
          if (matches.apply(table)) {
            names.add(table);
          }
          for (MetadataTableKind kind : MetadataTableKind.values()) {
            String metadata = table + METADATA_SEPARATOR + kind.suffix();
            if (matches.apply(metadata)) {
              names.add(metadata);
            }
          }
        }
        return names;
      }
    };
  }

  /** The metadata table a name such as {@code orders$history} denotes, if any. */
  private Optional<Named<Table>> metadataTable(String name, boolean ignoreCase) {
    int separator = name.lastIndexOf(METADATA_SEPARATOR);
    if (separator <= 0) {
      return Optional.empty();
    }
    Optional<MetadataTableKind> kind = MetadataTableKind.fromSuffix(name.substring(separator + 1));
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    String wanted = name.substring(0, separator);
    Map<String, ?> names = warehouse.tableNames(directory);
    String table = names.containsKey(wanted) ? wanted : null;
    if (table == null && ignoreCase) {
      table = names.keySet().stream().filter(wanted::equalsIgnoreCase).findFirst().orElse(null);
    }
    if (table == null) {
      return Optional.empty();
    }
    String tableName = table;
    String resolved = tableName + METADATA_SEPARATOR + kind.get().suffix();
    Table metadata = tables.computeIfAbsent(
        resolved,
        n -> new LakehouseMetadataTable(() -> warehouse.table(directory, tableName).orElseThrow(), kind.get()));
    return Optional.of(new Named<>(resolved, metadata));
  }

  @Override
  public boolean isMutable() {
    return false;
  }
}
