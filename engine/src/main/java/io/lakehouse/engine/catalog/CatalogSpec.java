package io.lakehouse.engine.catalog;

import io.lakehouse.engine.io.S3Settings;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.LakeException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One catalog of a connection as its settings declare it: {@code catalog.<name>.type=...} and the
 * other {@code catalog.<name>.<key>} settings, given as connection properties or in a catalogs
 * file ({@link #readFile}). Names are plain identifiers, unique regardless of case; keys are
 * case-insensitive. Relative paths in a catalogs file are relative to the file.
 *
 * @param name the catalog's name, as declared (the first part of a three-part table name)
 * @param type the catalog's type, lower case: one of {@link Catalogs#TYPES}
 * @param settings the catalog's settings without the {@code catalog.<name>.} prefix, keys spelled
 *     as {@link Catalogs} knows them; {@code type} left out
 * @param origin where it was declared, for messages: {@code catalogs file /etc/c.properties} or
 *     {@code connection properties}
 * @param base the directory relative paths are resolved against, or null to leave them relative
 *     to the working directory
 */
public record CatalogSpec(String name, String type, Map<String, String> settings, String origin, Path base) {

  /** The prefix of every catalog setting. */
  public static final String PREFIX = "catalog.";

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public CatalogSpec {
    settings = Map.copyOf(settings);
  }

  /**
   * Reads a catalogs file: a Java properties file, read as UTF-8, holding only
   * {@code catalog.<name>.<key>} settings.
   *
   * @throws LakeException ({@code 08001}) naming the file when it is missing, unreadable, or holds
   *     anything else
   */
  public static List<CatalogSpec> readFile(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(absolute, StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (NoSuchFileException e) {
      throw new LakeException(
          LakeException.CONNECTION_ERROR,
          "Catalogs file " + absolute + " does not exist: check the catalogs property");
    } catch (IOException | IllegalArgumentException e) {
      throw new LakeException(
          LakeException.CONNECTION_ERROR, "Cannot read catalogs file " + absolute + ": " + e, e);
    }
    Map<String, String> settings = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      settings.put(key, properties.getProperty(key));
    }
    return parse(settings, "catalogs file " + absolute, absolute.getParent());
  }

  /**
   * The catalogs that {@code catalog.<name>.<key>} settings declare, in the order of their names.
   *
   * @param settings full keys ({@code catalog.lake.type}) to values
   * @param origin where they come from, for messages
   * @param base the directory relative paths are resolved against, or null
   * @throws LakeException ({@code 08001}) naming the setting (never a value but the type) when a
   *     key is not a catalog setting, a name is not an identifier or is given in two spellings, a
   *     catalog has no type or an unknown one, or a key does not belong to the catalog's type
   */
  public static List<CatalogSpec> parse(Map<String, String> settings, String origin, Path base) {
    Map<String, String> spellings = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Map<String, Map<String, String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, String> entry : settings.entrySet()) {
      String key = entry.getKey();
      if (!key.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
        throw new LakeException(
            LakeException.CONNECTION_ERROR,
            "'" + key + "' in the " + origin + " is not a catalog setting: write " + PREFIX + "<name>.<key>");
      }
      String rest = key.substring(PREFIX.length());
      int dot = rest.indexOf('.');
      String name = dot < 0 ? rest : rest.substring(0, dot);
      if (dot < 0 || dot == rest.length() - 1 || !NAME.matcher(name).matches()) {
        throw new LakeException(
            LakeException.CONNECTION_ERROR,
            "'" + key + "' in the " + origin + " is not a catalog setting: write " + PREFIX
                + "<name>.<key>, the name a plain identifier (letters, digits, _)");
      }
      String spelled = spellings.putIfAbsent(name, name);
      if (spelled != null && !spelled.equals(name)) {
        throw new LakeException(
            LakeException.CONNECTION_ERROR,
            "Catalog names '" + spelled + "' and '" + name + "' in the " + origin
                + " differ only in case: catalog names are case-insensitive, as in SQL; write one spelling");
      }
      byName.computeIfAbsent(name, n -> new TreeMap<>(String.CASE_INSENSITIVE_ORDER))
          .put(rest.substring(dot + 1), entry.getValue());
    }
    List<CatalogSpec> specs = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> catalog : byName.entrySet()) {
      specs.add(declared(spellings.get(catalog.getKey()), catalog.getValue(), origin, base));
    }
    return specs;
  }

  private static CatalogSpec declared(String name, Map<String, String> keys, String origin, Path base) {
    String typeValue = keys.get("type");
    if (typeValue == null) {
      throw new LakeException(
          LakeException.CONNECTION_ERROR,
          "Catalog '" + name + "' in the " + origin + " has settings (" + prefixed(name, keys.keySet())
              + ") but no " + PREFIX + name + ".type: declare it with a type (" + String.join(", ", Catalogs.TYPES)
              + "), or correct the catalog name");
    }
    String type = typeValue.trim().toLowerCase(Locale.ROOT);
    Catalogs.checkType(name, type, origin);
    Map<String, String> settings = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : keys.entrySet()) {
      if (entry.getKey().equalsIgnoreCase("type")) {
        continue;
      }
      String canonical = Catalogs.key(type, entry.getKey());
      if (canonical == null) {
        throw new LakeException(
            LakeException.CONNECTION_ERROR,
            "Unknown setting " + PREFIX + name + "." + entry.getKey() + " in the " + origin + ": a " + type
                + " catalog takes " + prefixed(name, Catalogs.keys(type)));
      }
      settings.put(canonical, entry.getValue().trim());
    }
    return new CatalogSpec(name, type, settings, origin, base);
  }

  private static String prefixed(String name, Iterable<String> keys) {
    List<String> names = new ArrayList<>();
    keys.forEach(key -> names.add(PREFIX + name + "." + key));
    return String.join(", ", names);
  }

  /** A setting, or null. */
  public String get(String key) {
    return settings.get(key);
  }

  /**
   * A setting the catalog cannot do without.
   *
   * @throws LakeException ({@code 08001}) naming the missing setting and what it is for
   */
  public String required(String key, String meaning) {
    String value = settings.get(key);
    if (value == null || value.isEmpty()) {
      throw new LakeException(
          LakeException.CONNECTION_ERROR,
          "Catalog '" + name + "' (" + type + ") in the " + origin + " needs " + PREFIX + name + "." + key + ": "
              + meaning);
    }
    return value;
  }

  /**
   * A location setting: an object-store URI or {@code file:} URI as written, a relative path
   * resolved against {@link #base()}.
   */
  public String location(String key, String meaning) {
    String value = required(key, meaning);
    if (Storage.isObjectStore(value) || value.startsWith("file:") || base == null) {
      return value;
    }
    return base.resolve(value).normalize().toString();
  }

  /**
   * A JDBC URL setting: a SQLite database file given by a relative path
   * ({@code jdbc:sqlite:shop.db}) is resolved against {@link #base()}; any other URL is kept.
   */
  public String jdbcUrl(String key, String meaning) {
    String value = required(key, meaning);
    String sqlite = "jdbc:sqlite:";
    if (base == null || !value.startsWith(sqlite)) {
      return value;
    }
    String file = value.substring(sqlite.length());
    if (file.isEmpty() || file.startsWith(":") || file.startsWith("file:") || Path.of(file).isAbsolute()) {
      return value;
    }
    return sqlite + base.resolve(file).normalize();
  }

  /** A true/false setting, or {@code defaultValue} when it is not set. */
  public boolean flag(String key, boolean defaultValue) {
    String value = settings.getOrDefault(key, String.valueOf(defaultValue)).toLowerCase(Locale.ROOT);
    if (!value.equals("true") && !value.equals("false")) {
      throw new LakeException(
          LakeException.CONNECTION_ERROR,
          PREFIX + name + "." + key + " in the " + origin + " must be true or false, got '" + value + "'");
    }
    return Boolean.parseBoolean(value);
  }

  /**
   * How this catalog reaches S3: the connection's {@code s3.*} properties with the catalog's own
   * on top. A catalog that sets any credential ({@link S3Settings#CREDENTIAL_KEYS}) inherits none
   * of the connection's, so that keys are never paired across the two.
   *
   * @param connection the connection's {@code s3.*} properties, spelled as {@link S3Settings#KEYS}
   */
  public S3Settings s3(Map<String, String> connection) {
    Map<String, String> merged = new LinkedHashMap<>(connection);
    if (S3Settings.CREDENTIAL_KEYS.stream().anyMatch(settings::containsKey)) {
      S3Settings.CREDENTIAL_KEYS.forEach(merged::remove);
    }
    for (String key : S3Settings.KEYS) {
      if (settings.containsKey(key)) {
        merged.put(key, settings.get(key));
      }
    }
    try {
      return S3Settings.of(merged);
    } catch (LakeException e) {
      throw new LakeException(e.sqlState(), "Catalog '" + name + "' in the " + origin + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    // never a secret
    return "CatalogSpec[" + name + ", " + type + ", keys " + settings.keySet() + ", " + origin + "]";
  }
}
