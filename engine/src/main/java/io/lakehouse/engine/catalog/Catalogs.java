package io.lakehouse.engine.catalog;

import io.lakehouse.engine.io.S3Settings;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.LakeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 *   <li>{@code rest}: an Iceberg REST catalog ({@link IcebergRestCatalog}) at {@code uri}, asking
 *       for {@code warehouse} if set, signing in with {@code credential} or {@code token}, and
 *       passing every {@code rest.<key>} setting on to iceberg-core as {@code <key>};
 *   <li>{@code glue}: the AWS Glue Data Catalog ({@link IcebergGlueCatalog}) in {@code glue.region},
 *       at {@code glue.endpoint} if set, of account {@code glue.catalogId} if set, its writers' tables
 *       under {@code warehouse} if set; signed with the catalog's S3 keys, else the default chain.
 * </ul>
 *
 * Every type also takes {@code relocate} and the {@code s3.*} settings.
 */
public final class Catalogs {

  /** The types, in the order messages list them. */
  public static final List<String> TYPES = List.of("directory", "hadoop", "jdbc", "rest", "glue");

  /** Opens a catalog of one type. */
  @FunctionalInterface
  private interface Opener {
    TableCatalog open(CatalogSpec spec, Storage storage, WarehouseOptions options);
  }

  /**
   * A type: the settings it takes beyond the common ones, the prefix of the settings it passes on
   * as they are (null: none), and how it opens.
   */
  private record Type(List<String> keys, String passThrough, Opener opener) {}

  /** The prefix of a REST catalog's settings passed on to iceberg-core without it. */
  private static final String REST_PASS_THROUGH = "rest.";

  private static final Map<String, Type> BY_TYPE = new LinkedHashMap<>();

  static {
    BY_TYPE.put("directory", new Type(List.of("location"), null, Catalogs::directory));
    BY_TYPE.put("hadoop", new Type(List.of("warehouse"), null, Catalogs::hadoop));
    BY_TYPE.put(
        "jdbc",
        new Type(List.of("uri", "warehouse", "catalogName", "jdbc.user", "jdbc.password"), null, Catalogs::jdbc));
    BY_TYPE.put(
        "rest",
        new Type(
            List.of("uri", "warehouse", IcebergRestCatalog.CREDENTIAL, IcebergRestCatalog.TOKEN),
            REST_PASS_THROUGH,
            Catalogs::rest));
    BY_TYPE.put(
        "glue",
        new Type(
            List.of(IcebergGlueCatalog.REGION, IcebergGlueCatalog.ENDPOINT, IcebergGlueCatalog.CATALOG_ID, "warehouse"),
            null,
            Catalogs::glue));
  }

  /** Settings every type takes. */
  private static final List<String> COMMON = common();

  private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
  private static final Pattern SECRET_NAMES = Pattern.compile("password|secret|token|credential");
  /** Shorter values are left alone: masking them would garble ordinary words of a message. */
  private static final int MIN_MASKED = 4;

  private Catalogs() {}

  private static List<String> common() {
    List<String> keys = new ArrayList<>();
    keys.add("relocate");
    keys.addAll(S3Settings.KEYS);
    return List.copyOf(keys);
  }

  /**
   * Checks that a type exists.
   *
   * @throws LakeException {@code 08001} for an unknown type
   */
  static void checkType(String name, String type, String origin) {
    if (!BY_TYPE.containsKey(type)) {
      throw new LakeException(
          LakeException.CONNECTION_ERROR,
          "Catalog '" + name + "' in the " + origin + " has unknown type '" + type + "': the types are "
              + String.join(", ", TYPES));
    }
  }

  /** The settings a type takes, as spelled; a pass-through prefix as {@code rest.<key>}. */
  static List<String> keys(String type) {
    List<String> keys = new ArrayList<>(BY_TYPE.get(type).keys());
    keys.addAll(COMMON);
    String passThrough = BY_TYPE.get(type).passThrough();
    if (passThrough != null) {
      keys.add(passThrough + "<key>");
    }
    return keys;
  }

  /**
   * A key as the type spells it (keys are case-insensitive), or null when the type does not take
   * it. A key under the type's pass-through prefix keeps its own spelling after the prefix, as
   * iceberg-core's property names are case-sensitive.
   */
  static String key(String type, String key) {
    Type known = BY_TYPE.get(type);
    for (String name : known.keys()) {
      if (name.equalsIgnoreCase(key)) {
        return name;
      }
    }
    for (String name : COMMON) {
      if (name.equalsIgnoreCase(key)) {
        return name;
      }
    }
    String prefix = known.passThrough();
    if (prefix != null && key.length() > prefix.length() && key.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return prefix + key.substring(prefix.length());
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
   *     opened; never with a password or another secret setting's value in the message
   */
  public static TableCatalog open(CatalogSpec spec, Storage storage, WarehouseOptions options) {
    Type type = BY_TYPE.get(spec.type());
    WarehouseOptions own = new WarehouseOptions(spec.flag("relocate", options.relocate()), options.roots());
    try {
      return type.opener().open(spec, storage, own);
    } catch (LakeException e) {
      throw new LakeException(e.sqlState(), "Catalog '" + spec.name() + "': " + withoutSecrets(spec, e.getMessage()), e);
    }
  }

  /**
   * A message with every secret masked: {@code password=...} in URLs, and the value of every
   * setting whose name says it is secret (a password, secret, token or credential; of a credential
   * {@code id:secret} also the secret alone), should a catalog or its server repeat it.
   */
  private static String withoutSecrets(CatalogSpec spec, String message) {
    String masked = PASSWORD.matcher(message).replaceAll("$1***");
    for (Map.Entry<String, String> setting : spec.settings().entrySet()) {
      String key = setting.getKey().toLowerCase(Locale.ROOT);
      if (!SECRET_NAMES.matcher(key).find()) {
        continue;
      }
      String value = setting.getValue();
      int colon = value.indexOf(':');
      for (String secret : colon < 0 ? List.of(value) : List.of(value, value.substring(colon + 1))) {
        if (secret.length() >= MIN_MASKED) {
          masked = masked.replace(secret, "***");
        }
      }
    }
    return masked;
  }

  private static TableCatalog directory(CatalogSpec spec, Storage storage, WarehouseOptions options) {
    return Warehouse.at(spec.location("location", "the warehouse directory, a path or s3:// URI"), storage, options);
  }

  private static TableCatalog hadoop(CatalogSpec spec, Storage storage, WarehouseOptions options) {
    return Warehouse.at(
        spec.location("warehouse", "the catalog's warehouse directory, a path or s3:// URI"), storage, options);
  }

  private static void refuseConfined(CatalogSpec spec, WarehouseOptions options) {
    if (options.confined()) {
      throw new LakeException(
          LakeException.CONNECTION_ERROR,
          "a connection confined to local directories (confineToWarehouse) reads no " + spec.type() + " catalog;"
              + " only directory and hadoop catalogs below the allowed roots");
    }
  }

  private static TableCatalog jdbc(CatalogSpec spec, Storage storage, WarehouseOptions options) {
    refuseConfined(spec, options);
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

  private static TableCatalog rest(CatalogSpec spec, Storage storage, WarehouseOptions options) {
    refuseConfined(spec, options);
    String uri = spec.required("uri", "the catalog's base URI, e.g. http://127.0.0.1:8181");
    String credential = spec.get(IcebergRestCatalog.CREDENTIAL);
    String token = spec.get(IcebergRestCatalog.TOKEN);
    if (credential != null && token != null) {
      throw new LakeException(
          LakeException.CONNECTION_ERROR,
          "set " + CatalogSpec.PREFIX + spec.name() + "." + IcebergRestCatalog.CREDENTIAL + " or "
              + CatalogSpec.PREFIX + spec.name() + "." + IcebergRestCatalog.TOKEN + ", not both");
    }
    Map<String, String> properties = new LinkedHashMap<>();
    spec.settings().forEach((key, value) -> {
      if (key.startsWith(REST_PASS_THROUGH)) {
        properties.put(key.substring(REST_PASS_THROUGH.length()), value);
      }
    });
    if (credential != null) {
      properties.put(IcebergRestCatalog.CREDENTIAL, credential);
    }
    if (token != null) {
      properties.put(IcebergRestCatalog.TOKEN, token);
    }
    // the warehouse is the server's to interpret (a name or a location): passed on as written
    return new IcebergRestCatalog(
        spec.name(), uri, spec.get("warehouse"), properties, storage, CatalogSpec.PREFIX + spec.name() + ".");
  }

  private static TableCatalog glue(CatalogSpec spec, Storage storage, WarehouseOptions options) {
    refuseConfined(spec, options);
    return new IcebergGlueCatalog(
        spec.name(),
        spec.get(IcebergGlueCatalog.REGION),
        spec.get(IcebergGlueCatalog.ENDPOINT),
        spec.get(IcebergGlueCatalog.CATALOG_ID),
        spec.get("warehouse"),
        storage,
        CatalogSpec.PREFIX + spec.name() + ".");
  }
}
