package io.lakehouse.engine.catalog;

import io.lakehouse.engine.io.S3Settings;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.LakeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Opens a declared catalog ({@link CatalogSpec}) by its type. Each type lists the settings it takes
 * and how it opens:
 *
 * <ul>
 *   <li>{@code directory}: a warehouse directory, local or in S3 ({@link Warehouse}), at
 *       {@code location};
 *   <li>{@code hadoop}: an Iceberg Hadoop catalog, whose {@code warehouse} directory is read as a
 *       warehouse (namespaces are schemas);
 *   <li>{@code jdbc}: an Iceberg JDBC catalog ({@link IcebergJdbcCatalog}) at {@code uri}, its
 *       tables under {@code warehouse};
 *   <li>{@code rest}: an Iceberg REST catalog, not built yet.
 * </ul>
 *
 * Every type also takes {@code relocate} and the {@code s3.*} settings.
 */
public final class Catalogs {

  /** The types, in the order messages list them. */
  public static final List<String> TYPES = List.of("directory", "hadoop", "jdbc", "rest");

  /** Opens a catalog of one type. */
  @FunctionalInterface
  private interface Opener {
    TableCatalog open(CatalogSpec spec, Storage storage, WarehouseOptions options);
  }

  /** A type: the settings it takes beyond the common ones (null: not built) and how it opens. */
  private record Type(List<String> keys, Opener opener) {}

  private static final Type NOT_BUILT = new Type(null, null);

  private static final Map<String, Type> BY_TYPE = new LinkedHashMap<>();

  static {
    BY_TYPE.put("directory", new Type(List.of("location"), Catalogs::directory));
    BY_TYPE.put("hadoop", new Type(List.of("warehouse"), Catalogs::hadoop));
    BY_TYPE.put("jdbc", new Type(List.of("uri", "warehouse", "catalogName", "jdbc.user", "jdbc.password"), Catalogs::jdbc));
    BY_TYPE.put("rest", NOT_BUILT);
  }

  /** Settings every type takes. */
  private static final List<String> COMMON = common();

  private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

  private Catalogs() {}

  private static List<String> common() {
    List<String> keys = new ArrayList<>();
    keys.add("relocate");
    keys.addAll(S3Settings.KEYS);
    return List.copyOf(keys);
  }

  /**
   * Checks that a type exists and is built.
   *
   * @throws LakeException {@code 08001} for an unknown type, {@code 0A000} for one not built yet
   */
  static void checkType(String name, String type, String origin) {
    Type known = BY_TYPE.get(type);
    if (known == null) {
      throw new LakeException(
          LakeException.CONNECTION_ERROR,
          "Catalog '" + name + "' in the " + origin + " has unknown type '" + type + "': the types are "
              + String.join(", ", TYPES));
    }
    if (known == NOT_BUILT) {
      List<String> built = TYPES.stream().filter(t -> BY_TYPE.get(t) != NOT_BUILT).toList();
      throw new LakeException(
          LakeException.FEATURE_NOT_SUPPORTED,
          "Catalog '" + name + "' in the " + origin + ": " + type + " catalogs are not built yet; the types built are "
              + String.join(", ", built));
    }
  }

  /** The settings a (built) type takes, as spelled. */
  static List<String> keys(String type) {
    List<String> keys = new ArrayList<>(BY_TYPE.get(type).keys());
    keys.addAll(COMMON);
    return keys;
  }

  /** A key as the type spells it (keys are case-insensitive), or null when the type does not take it. */
  static String key(String type, String key) {
    for (String known : keys(type)) {
      if (known.equalsIgnoreCase(key)) {
        return known;
      }
    }
    return null;
  }

  /**
   * Opens a catalog.
   *
   * @param storage the storage its files are read through (the catalog does not close it)
   * @param options the connection's: {@code relocate} unless the catalog sets its own, and the
   *     confinement roots; a confined connection opens only local directory and Hadoop catalogs
   * @throws LakeException naming the catalog, with the SQLState of the cause, when it cannot be
   *     opened; never with a password in the message
   */
  public static TableCatalog open(CatalogSpec spec, Storage storage, WarehouseOptions options) {
    Type type = BY_TYPE.get(spec.type());
    WarehouseOptions own = new WarehouseOptions(spec.flag("relocate", options.relocate()), options.roots());
    try {
      return type.opener().open(spec, storage, own);
    } catch (LakeException e) {
      throw new LakeException(
          e.sqlState(), "Catalog '" + spec.name() + "': " + PASSWORD.matcher(e.getMessage()).replaceAll("$1***"), e);
    }
  }

  private static TableCatalog directory(CatalogSpec spec, Storage storage, WarehouseOptions options) {
    return Warehouse.at(spec.location("location", "the warehouse directory, a path or s3:// URI"), storage, options);
  }

  private static TableCatalog hadoop(CatalogSpec spec, Storage storage, WarehouseOptions options) {
    return Warehouse.at(
        spec.location("warehouse", "the catalog's warehouse directory, a path or s3:// URI"), storage, options);
  }

  private static TableCatalog jdbc(CatalogSpec spec, Storage storage, WarehouseOptions options) {
    if (options.confined()) {
      throw new LakeException(
          LakeException.CONNECTION_ERROR,
          "a connection confined to local directories (confineToWarehouse) reads no jdbc catalog;"
              + " only directory and hadoop catalogs below the allowed roots");
    }
    String uri = spec.jdbcUrl("uri", "the JDBC URL of the catalog database, e.g. jdbc:sqlite:/data/catalog.db");
    String warehouse = spec.location("warehouse", "where the catalog's writers put new tables, a path or s3:// URI");
    Map<String, String> properties = new LinkedHashMap<>();
    if (spec.get("jdbc.user") != null) {
      properties.put("jdbc.user", spec.get("jdbc.user"));
    }
    if (spec.get("jdbc.password") != null) {
      properties.put("jdbc.password", spec.get("jdbc.password"));
    }
    String catalogName = spec.settings().getOrDefault("catalogName", spec.name());
    return new IcebergJdbcCatalog(catalogName, uri, warehouse, properties, storage);
  }
}
