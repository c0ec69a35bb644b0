package org.apache.calcite.jdbc;

import io.lakehouse.engine.calcite.CatalogSchemas;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.lookup.LikePattern;

/**
 * Calcite's metadata, safe for a connection that several threads use at once. Schema browsers
 * (SchemaCrawler, DBeaver) read metadata on several threads over one connection, and every
 * metadata call creates a statement. Calcite numbers statements with an unguarded counter and keeps
 * them in a {@code HashMap}: two threads could get the same number, so that closing one statement
 * unregistered the other, or a lookup missed during a resize. Here statements are numbered under a
 * lock and the registry is a concurrent map ({@link #makeThreadSafe}).
 *
 * <p>With several catalogs ({@link CatalogSchemas}) the metadata lists them as JDBC catalogs:
 * {@code getCatalogs} gives their names, and {@code getSchemas}, {@code getTables} and
 * {@code getColumns} list each catalog's schemas with the catalog as {@code TABLE_CAT}, a catalog
 * argument selecting one (ignoring case; {@code ""} selects none, as no table is without a
 * catalog). The root's copies of the current catalog's schemas are not listed twice.
 *
 * <p>It lives in Calcite's package because Calcite's connection class, which its constructor
 * takes, is not public, nor are the listing methods it overrides; it is the driver's only class
 * there.
 */
public final class SharedConnectionMeta extends CalciteMetaImpl {

  private static final Comparator<String> BY_NAME =
      Comparator.comparing((String name) -> name.toLowerCase(Locale.ROOT)).thenComparing(name -> name);

  private final CalciteMetaTableFactory tables;
  private final Supplier<CatalogSchemas> catalogs;

  /**
   * @param catalogs the connection's catalogs once registered; null (or giving null) for a
   *     connection of one unnamed catalog, listed as Calcite lists it
   */
  public SharedConnectionMeta(
      CalciteConnection connection,
      CalciteMetaTableFactory tables,
      CalciteMetaColumnFactory columns,
      Supplier<CatalogSchemas> catalogs) {
    super((CalciteConnectionImpl) connection, tables, columns);
    this.tables = tables;
    this.catalogs = catalogs;
  }

  private CatalogSchemas several() {
    return catalogs == null ? null : catalogs.get();
  }

  @Override
  Enumerable<MetaImpl.MetaCatalog> catalogs() {
    CatalogSchemas several = several();
    if (several == null) {
      return super.catalogs();
    }
    return Linq4j.asEnumerable(several.names().stream().sorted(BY_NAME).map(MetaImpl.MetaCatalog::new).toList());
  }

  @Override
  Enumerable<MetaImpl.MetaSchema> schemas(String catalog, LikePattern pattern) {
    CatalogSchemas several = several();
    if (several == null) {
      return super.schemas(catalog, pattern);
    }
    CalciteSchema root = getConnection().rootSchema;
    List<MetaImpl.MetaSchema> rows = new ArrayList<>();
    for (String name : several.names().stream().sorted(BY_NAME).toList()) {
      if (catalog != null && !catalog.equalsIgnoreCase(name)) {
        continue;
      }
      CalciteSchema parent = root.getSubSchema(name, true);
      if (parent == null) {
        continue;
      }
      for (String schemaName : parent.subSchemas().getNames(pattern).stream().sorted(BY_NAME).toList()) {
        CalciteSchema schema = parent.getSubSchema(schemaName, true);
        if (schema != null) {
          rows.add(new CatalogMetaSchema(schema, name, schemaName));
        }
      }
    }
    return Linq4j.asEnumerable(rows);
  }

  @Override
  Enumerable<MetaTable> tables(MetaSchema schema, LikePattern tableNamePattern) {
    if (!(schema instanceof CatalogMetaSchema own)) {
      return super.tables(schema, tableNamePattern);
    }
    List<MetaTable> rows = new ArrayList<>();
    for (String name : own.schema.getTableNames(tableNamePattern)) {
      CalciteSchema.TableEntry entry = own.schema.getTable(name, true);
      if (entry != null) {
        Table table = entry.getTable();
        rows.add(tables.createTable(table, own.tableCatalog, own.tableSchem, name));
      }
    }
    return Linq4j.asEnumerable(rows);
  }

  /** A schema of one of several catalogs. */
  private static final class CatalogMetaSchema extends MetaImpl.MetaSchema {
    private final CalciteSchema schema;

    CatalogMetaSchema(CalciteSchema schema, String catalog, String name) {
      super(catalog, name);
      this.schema = schema;
    }
  }

  @Override
  public synchronized StatementHandle createStatement(ConnectionHandle ch) {
    return super.createStatement(ch);
  }

  /**
   * Replaces the connection's statement registry by a concurrent one. It must run before the
   * connection is handed out; a Calcite whose registry looks different fails here, loudly, rather
   * than at the first concurrent use.
   */
  public static void makeThreadSafe(CalciteConnection connection) {
    Object server = ((CalciteConnectionImpl) connection).server;
    try {
      Field field = server.getClass().getDeclaredField("statementMap");
      field.setAccessible(true);
      @SuppressWarnings("unchecked")
      Map<Integer, Object> statements = (Map<Integer, Object>) field.get(server);
      field.set(server, new ConcurrentHashMap<>(statements));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("This Calcite version keeps its statements differently: " + e, e);
    }
  }
}
