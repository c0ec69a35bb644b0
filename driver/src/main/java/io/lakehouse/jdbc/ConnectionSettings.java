package io.lakehouse.jdbc;

import io.lakehouse.engine.calcite.QueryResources;
import io.lakehouse.engine.catalog.CatalogSpec;
import io.lakehouse.engine.catalog.IcebergGlueCatalog;
import io.lakehouse.engine.io.S3Settings;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.LakeException;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The settings of one connection, from the URL ({@code jdbc:lakehouse:<warehouse>;key=value;...})
 * and the {@link Properties} given to {@code connect}; the URL wins where both set a key. Keys are
 * case-insensitive; an unknown key is an error, so that a typo does not go unnoticed. Keys
 * {@code catalog.<name>.<key>} declare catalogs and are checked by {@link CatalogSpec}.
 */
final class ConnectionSettings {

  static final String TIME_ZONE = "timeZone";
  static final String RELOCATE = "relocate";
  static final String MEMORY_LIMIT = "memoryLimit";
  static final String BATCH_SIZE = "batchSize";
  static final String CONFINE_TO_WAREHOUSE = "confineToWarehouse";
  static final String ALLOWED_ROOTS = "allowedRoots";
  static final String DATA_SKIPPING = "dataSkipping";
  static final String SCAN_THREADS = "scan.threads";
  static final String SCAN_SPLIT_SIZE = "scan.splitSize";
  static final String S3_ENDPOINT = "s3.endpoint";
  static final String S3_REGION = "s3.region";
  static final String S3_PATH_STYLE = "s3.pathStyleAccess";
  static final String S3_ACCESS_KEY_ID = "s3.accessKeyId";
  static final String S3_SECRET_ACCESS_KEY = "s3.secretAccessKey";
  static final String S3_SESSION_TOKEN = "s3.sessionToken";
  static final String ICEBERG_CATALOG = "iceberg.catalog";
  static final String ICEBERG_URI = "iceberg.uri";
  static final String ICEBERG_CATALOG_NAME = "iceberg.catalogName";
  static final String ICEBERG_JDBC_USER = "iceberg.jdbc.user";
  static final String ICEBERG_JDBC_PASSWORD = "iceberg.jdbc.password";
  static final String ICEBERG_CREDENTIAL = "iceberg.credential";
  static final String ICEBERG_TOKEN = "iceberg.token";
  static final String ICEBERG_GLUE_REGION = "iceberg." + IcebergGlueCatalog.REGION;
  static final String ICEBERG_GLUE_ENDPOINT = "iceberg." + IcebergGlueCatalog.ENDPOINT;
  static final String ICEBERG_GLUE_CATALOG_ID = "iceberg." + IcebergGlueCatalog.CATALOG_ID;
  /** The prefix of properties passed on to a REST catalog as they are, without the prefix. */
  static final String ICEBERG_REST_PREFIX = "iceberg.rest.";
  static final String CATALOGS = "catalogs";
  static final String DEFAULT_CATALOG = "defaultCatalog";
  /** The name of the URL's catalog among several, unless {@value #DEFAULT_CATALOG} says otherwise. */
  static final String DEFAULT_CATALOG_NAME = "warehouse";

  /** Keys a BI tool or the JDBC API may pass that mean nothing to us. */
  private static final Set<String> IGNORED = Set.of("user", "password");

  private static final Map<String, String> KNOWN = new LinkedHashMap<>();

  static {
    for (String key :
        new String[] {
          TIME_ZONE, RELOCATE, MEMORY_LIMIT, BATCH_SIZE, DATA_SKIPPING, SCAN_THREADS, SCAN_SPLIT_SIZE,
          CONFINE_TO_WAREHOUSE, ALLOWED_ROOTS,
          S3_ENDPOINT, S3_REGION, S3_PATH_STYLE, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_SESSION_TOKEN,
          ICEBERG_CATALOG, ICEBERG_URI, ICEBERG_CATALOG_NAME, ICEBERG_JDBC_USER, ICEBERG_JDBC_PASSWORD,
          ICEBERG_CREDENTIAL, ICEBERG_TOKEN, ICEBERG_GLUE_REGION, ICEBERG_GLUE_ENDPOINT, ICEBERG_GLUE_CATALOG_ID,
          CATALOGS, DEFAULT_CATALOG
        }) {
      KNOWN.put(key.toLowerCase(Locale.ROOT), key);
    }
  }

  private final String warehouse;
  private final Map<String, String> values;
  /** The {@code catalog.<name>.<key>} properties, checked when the catalogs are declared. */
  private final Map<String, String> catalogValues;

  private ConnectionSettings(String warehouse, Map<String, String> values, Map<String, String> catalogValues) {
    this.warehouse = warehouse;
    this.values = values;
    this.catalogValues = catalogValues;
  }

  /** Parses a URL that starts with {@code prefix}. */
  static ConnectionSettings parse(String prefix, String url, Properties info) throws SQLException {
    String rest = url.substring(prefix.length());
    int semicolon = rest.indexOf(';');
    String location = (semicolon < 0 ? rest : rest.substring(0, semicolon)).trim();
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> catalogValues = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (info != null) {
      for (String name : info.stringPropertyNames()) {
        put(values, catalogValues, name, info.getProperty(name));
      }
    }
    if (semicolon >= 0) {
      for (String pair : rest.substring(semicolon + 1).split(";")) {
        if (pair.isBlank()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new SQLException(
              "Malformed property '" + pair + "' in the JDBC URL: write key=value", "08001");
        }
        put(values, catalogValues, pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    // a REST catalog's warehouse is the server's to interpret (a location or a name), and optional;
    // a Glue catalog's is only where its writers put new tables, and optional
    String catalogType = values.getOrDefault(ICEBERG_CATALOG, "").trim();
    boolean optionalWarehouse = "rest".equalsIgnoreCase(catalogType) || "glue".equalsIgnoreCase(catalogType);
    return new ConnectionSettings(optionalWarehouse ? location : warehouseLocation(location), values, catalogValues);
  }

  private static void put(Map<String, String> values, Map<String, String> catalogValues, String key, String value)
      throws SQLException {
    String lower = key.toLowerCase(Locale.ROOT);
    if (IGNORED.contains(lower)) {
      return;
    }
    if (lower.startsWith(CatalogSpec.PREFIX)) {
      catalogValues.remove(key);
      catalogValues.put(key, value);
      return;
    }
    if (lower.startsWith(ICEBERG_REST_PREFIX) && lower.length() > ICEBERG_REST_PREFIX.length()) {
      values.put(ICEBERG_REST_PREFIX + key.substring(ICEBERG_REST_PREFIX.length()), value);
      return;
    }
    String canonical = KNOWN.get(lower);
    if (canonical == null) {
      throw new SQLException(
          "Unknown connection property '" + key + "'. Known properties: " + new TreeSet<>(KNOWN.values())
              + ", " + ICEBERG_REST_PREFIX + "* and " + CatalogSpec.PREFIX + "<name>.<key>",
          "08001");
    }
    values.put(canonical, value);
  }

  /** The warehouse: an object-store URI as written, else a local path (a {@code file:} URI becomes one). */
  private static String warehouseLocation(String location) throws SQLException {
    if (location.isEmpty()) {
      throw new SQLException(
          "No warehouse in the JDBC URL: write jdbc:lakehouse:/path/to/warehouse or jdbc:lakehouse:s3://bucket/prefix",
          "08001");
    }
    if (Storage.isObjectStore(location)) {
      return location;
    }
    try {
      return (location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location)).toString();
    } catch (RuntimeException e) {
      throw new SQLException(
          "Warehouse location '" + location + "' is not a path, file: URI or s3:// URI (" + e.getMessage() + ")",
          "08001",
          e);
    }
  }

  /** The warehouse location: a local path or an object-store URI such as {@code s3://bucket/prefix}. */
  String warehouse() {
    return warehouse;
  }

  /**
   * The Iceberg catalog the tables come from: empty for the warehouse directory itself, else the
   * catalog's type ({@code jdbc}, {@code rest} or {@code glue}).
   */
  java.util.Optional<String> icebergCatalog() throws SQLException {
    String type = values.get(ICEBERG_CATALOG);
    boolean rest = type != null && type.trim().equalsIgnoreCase("rest");
    boolean glue = type != null && type.trim().equalsIgnoreCase("glue");
    for (String key : values.keySet()) {
      boolean restOnly =
          key.equals(ICEBERG_CREDENTIAL) || key.equals(ICEBERG_TOKEN) || key.startsWith(ICEBERG_REST_PREFIX);
      if (restOnly && !rest) {
        throw new SQLException(key + " only has a meaning with " + ICEBERG_CATALOG + "=rest", "08001");
      }
      boolean glueOnly =
          key.equals(ICEBERG_GLUE_REGION) || key.equals(ICEBERG_GLUE_ENDPOINT) || key.equals(ICEBERG_GLUE_CATALOG_ID);
      if (glueOnly && !glue) {
        throw new SQLException(key + " only has a meaning with " + ICEBERG_CATALOG + "=glue", "08001");
      }
    }
    if (glue) {
      if (values.containsKey(ICEBERG_URI)) {
        throw new SQLException(
            ICEBERG_URI + " has no meaning with " + ICEBERG_CATALOG + "=glue: set " + ICEBERG_GLUE_REGION
                + ", and " + ICEBERG_GLUE_ENDPOINT + " for a Glue-compatible endpoint",
            "08001");
      }
      if (flag(CONFINE_TO_WAREHOUSE, false)) {
        throw new SQLException(CONFINE_TO_WAREHOUSE + " cannot be combined with " + ICEBERG_CATALOG, "08001");
      }
      return java.util.Optional.of("glue");
    }
    if (type == null || type.equalsIgnoreCase("directory")) {
      if (values.containsKey(ICEBERG_URI)) {
        throw new SQLException(ICEBERG_URI + " only has a meaning with " + ICEBERG_CATALOG + "=jdbc or rest", "08001");
      }
      return java.util.Optional.empty();
    }
    if (!type.equalsIgnoreCase("jdbc") && !rest) {
      throw new SQLException(
          "Unsupported " + ICEBERG_CATALOG + " '" + type + "': jdbc, rest, glue, or directory (the default) are"
              + " supported; Hive catalogs are not yet",
          "0A000");
    }
    if (!values.containsKey(ICEBERG_URI)) {
      throw new SQLException(
          rest
              ? ICEBERG_CATALOG + "=rest needs " + ICEBERG_URI + ", the catalog's base URI, e.g. http://host:8181"
              : ICEBERG_CATALOG + "=jdbc needs " + ICEBERG_URI + ", the JDBC URL of the catalog database",
          "08001");
    }
    if (rest && values.containsKey(ICEBERG_CREDENTIAL) && values.containsKey(ICEBERG_TOKEN)) {
      throw new SQLException("Set " + ICEBERG_CREDENTIAL + " or " + ICEBERG_TOKEN + ", not both", "08001");
    }
    if (flag(CONFINE_TO_WAREHOUSE, false)) {
      throw new SQLException(CONFINE_TO_WAREHOUSE + " cannot be combined with " + ICEBERG_CATALOG, "08001");
    }
    return java.util.Optional.of(rest ? "rest" : "jdbc");
  }

  /** The JDBC URL of an Iceberg JDBC catalog's database. */
  String icebergUri() {
    return values.get(ICEBERG_URI);
  }

  /** The name an Iceberg catalog's writers gave it (default {@code default}). */
  String icebergCatalogName() {
    return values.getOrDefault(ICEBERG_CATALOG_NAME, "default");
  }

  /** The properties of an Iceberg JDBC catalog beyond its URI: the database user and password. */
  Map<String, String> icebergJdbcProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    if (values.containsKey(ICEBERG_JDBC_USER)) {
      properties.put("jdbc.user", values.get(ICEBERG_JDBC_USER));
    }
    if (values.containsKey(ICEBERG_JDBC_PASSWORD)) {
      properties.put("jdbc.password", values.get(ICEBERG_JDBC_PASSWORD));
    }
    return properties;
  }

  /**
   * The properties of an Iceberg REST catalog beyond its URI and warehouse: {@code credential},
   * {@code token}, and every {@value #ICEBERG_REST_PREFIX}{@code *} property without the prefix.
   */
  Map<String, String> icebergRestProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    values.forEach(
        (key, value) -> {
          if (key.startsWith(ICEBERG_REST_PREFIX)) {
            properties.put(key.substring(ICEBERG_REST_PREFIX.length()), value);
          }
        });
    if (values.containsKey(ICEBERG_CREDENTIAL)) {
      properties.put("credential", values.get(ICEBERG_CREDENTIAL));
    }
    if (values.containsKey(ICEBERG_TOKEN)) {
      properties.put("token", values.get(ICEBERG_TOKEN));
    }
    return properties;
  }

  /** The Glue catalog's region, endpoint and account id ({@code iceberg.glue.*}), each null when not set. */
  String icebergGlue(String key) {
    return values.get("iceberg." + key);
  }

  /** How to reach S3, from the {@code s3.*} properties. */
  S3Settings s3() throws SQLException {
    try {
      return S3Settings.of(s3Properties());
    } catch (LakeException e) {
      throw new SQLException(e.getMessage(), e.sqlState(), e);
    }
  }

  /** The {@code s3.*} properties that are set, spelled as {@link S3Settings#KEYS}. */
  Map<String, String> s3Properties() {
    Map<String, String> properties = new LinkedHashMap<>();
    for (String key : S3Settings.KEYS) {
      if (values.containsKey(key)) {
        properties.put(key, values.get(key));
      }
    }
    return properties;
  }

  /**
   * The catalogs declared beside the URL's: those of the catalogs file ({@value #CATALOGS}) and of
   * the {@code catalog.<name>.<key>} properties; empty for a connection to the URL's catalog alone.
   *
   * @throws SQLException naming the file or property that is wrong (never a secret's value)
   */
  List<CatalogSpec> catalogs() throws SQLException {
    List<CatalogSpec> specs = new ArrayList<>();
    try {
      String file = values.get(CATALOGS);
      if (file != null) {
        if (file.isBlank()) {
          throw new SQLException(CATALOGS + " must name a catalogs file", "08001");
        }
        specs.addAll(CatalogSpec.readFile(Path.of(file.trim())));
      }
      specs.addAll(CatalogSpec.parse(catalogValues, "connection properties", null));
    } catch (LakeException e) {
      throw new SQLException(e.getMessage(), e.sqlState(), e);
    } catch (java.nio.file.InvalidPathException e) {
      throw new SQLException(CATALOGS + " '" + values.get(CATALOGS) + "' is not a path: " + e.getMessage(), "08001", e);
    }
    if (specs.isEmpty() && values.containsKey(DEFAULT_CATALOG)) {
      throw new SQLException(
          DEFAULT_CATALOG + " only has a meaning with " + CATALOGS + " or " + CatalogSpec.PREFIX + "<name>.* properties",
          "08001");
    }
    return specs;
  }

  /** The name of the URL's catalog among several ({@value #DEFAULT_CATALOG_NAME} unless set). */
  String defaultCatalog() throws SQLException {
    String name = values.getOrDefault(DEFAULT_CATALOG, DEFAULT_CATALOG_NAME).trim();
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new SQLException(
          DEFAULT_CATALOG + " '" + name + "' must be a plain identifier (letters, digits, _)", "08001");
    }
    return name;
  }

  String timeZone() throws SQLException {
    String zone = values.getOrDefault(TIME_ZONE, "UTC");
    TimeZone parsed = TimeZone.getTimeZone(zone);
    if (!parsed.getID().equals(zone) && !"GMT".equals(zone)) {
      throw new SQLException("Unknown time zone '" + zone + "' in property " + TIME_ZONE, "08001");
    }
    return zone;
  }

  boolean relocate() throws SQLException {
    return flag(RELOCATE, false);
  }

  /**
   * The directories reads are confined to (real paths: the warehouse and each of
   * {@value #ALLOWED_ROOTS}), or an empty list when {@value #CONFINE_TO_WAREHOUSE} is off.
   */
  List<Path> confinementRoots() throws SQLException {
    if (!flag(CONFINE_TO_WAREHOUSE, false)) {
      if (values.containsKey(ALLOWED_ROOTS)) {
        throw new SQLException(
            ALLOWED_ROOTS + " only has a meaning with " + CONFINE_TO_WAREHOUSE + "=true", "08001");
      }
      return List.of();
    }
    if (Storage.isObjectStore(warehouse)) {
      throw new SQLException(
          CONFINE_TO_WAREHOUSE + " confines reads to local directories; warehouse " + warehouse + " is not one",
          "08001");
    }
    List<Path> roots = new ArrayList<>();
    roots.add(realPath(Path.of(warehouse), "warehouse"));
    String extra = values.getOrDefault(ALLOWED_ROOTS, "");
    for (String root : extra.split(java.util.regex.Pattern.quote(File.pathSeparator))) {
      if (!root.isBlank()) {
        roots.add(realPath(Path.of(root.trim()), ALLOWED_ROOTS + " entry"));
      }
    }
    return roots;
  }

  private static Path realPath(Path path, String what) throws SQLException {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      throw new SQLException("Cannot resolve " + what + " " + path + ": " + e, "08001", e);
    }
  }

  /** Whether scans skip files, row groups and rows by the query's filters (default true). */
  boolean dataSkipping() throws SQLException {
    return flag(DATA_SKIPPING, true);
  }

  private boolean flag(String key, boolean defaultValue) throws SQLException {
    String value = values.getOrDefault(key, String.valueOf(defaultValue)).trim().toLowerCase(Locale.ROOT);
    if (!value.equals("true") && !value.equals("false")) {
      throw new SQLException(key + " must be true or false, got '" + value + "'", "08001");
    }
    return Boolean.parseBoolean(value);
  }

  /** The memory limit in bytes: a number with an optional k, m or g suffix (default 2g). */
  long memoryLimit() throws SQLException {
    return size(MEMORY_LIMIT, "2g", "512m or 4g");
  }

  /**
   * The least bytes of a part of a data file that a scan decodes on a thread of its own (default
   * 64m): a file of at least twice this is cut into parts.
   */
  long scanSplitSize() throws SQLException {
    return size(SCAN_SPLIT_SIZE, String.valueOf(QueryResources.DEFAULT_SPLIT_SIZE), "32m or 128m");
  }

  /** A size in bytes: a positive number with an optional k, m or g suffix. */
  private long size(String key, String defaultValue, String examples) throws SQLException {
    String value = values.getOrDefault(key, defaultValue).trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    char last = value.isEmpty() ? ' ' : value.charAt(value.length() - 1);
    if (last == 'k' || last == 'm' || last == 'g') {
      unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
      value = value.substring(0, value.length() - 1);
    }
    try {
      long size = Math.multiplyExact(Long.parseLong(value), unit);
      if (size <= 0) {
        throw new NumberFormatException();
      }
      return size;
    } catch (NumberFormatException | ArithmeticException e) {
      throw new SQLException(
          key + " must be a positive size like " + examples + ", got '" + values.get(key) + "'", "08001");
    }
  }

  /**
   * How many data files a scan decodes at once (default: the available cores); 1 decodes them one
   * after another on the thread that reads the rows.
   */
  int scanThreads() throws SQLException {
    String value = values.get(SCAN_THREADS);
    if (value == null) {
      return QueryResources.defaultScanThreads();
    }
    try {
      int threads = Integer.parseInt(value.trim());
      if (threads <= 0) {
        throw new NumberFormatException();
      }
      return threads;
    } catch (NumberFormatException e) {
      throw new SQLException(
          SCAN_THREADS + " must be a positive integer (1 decodes data files one after another), got '" + value + "'",
          "08001");
    }
  }

  int batchSize() throws SQLException {
    String value = values.getOrDefault(BATCH_SIZE, "4096");
    try {
      int size = Integer.parseInt(value.trim());
      if (size <= 0) {
        throw new NumberFormatException();
      }
      return size;
    } catch (NumberFormatException e) {
      throw new SQLException(BATCH_SIZE + " must be a positive integer, got '" + value + "'", "08001");
    }
  }
}
