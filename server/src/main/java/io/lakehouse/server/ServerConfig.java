package io.lakehouse.server;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.avatica.remote.Driver;

/**
 * What a {@link LakehouseServer} serves and how: read from a properties file ({@code --config}) and
 * command-line flags, flags winning. Every flag {@code --some-name} has the file key
 * {@code some-name}; connection properties are {@code property.<key>=value} in the file and
 * {@code --property key=value} on the command line. {@link #validate()} refuses settings that would
 * expose the warehouse, such as no authentication on an address other than loopback.
 */
public final class ServerConfig {

  /** How clients prove who they are. */
  public enum Authentication {
    /** Nobody is asked: allowed only when the server listens on a loopback address. */
    NONE,
    /** HTTP Basic: the password travels in clear, so TLS is required off loopback. */
    BASIC,
    /** HTTP Digest: only a hash of the password travels. */
    DIGEST
  }

  static final String USAGE =
      """
      usage: serve --warehouse <dir> [options]    (or: serve --config server.properties [options])
        --warehouse <dir>             the warehouse root (required)
        --allowed-roots <dirs>        more directories tables may be read from, separated by '%s'
                                      (link targets); nothing outside the warehouse and these is read
        --bind <address>              default 127.0.0.1
        --port <n>                    default 8765 (0: any free port)
        --serialization PROTOBUF|JSON default PROTOBUF
        --authentication NONE|BASIC|DIGEST  default NONE, which is allowed on loopback only
        --users <file>                users file for BASIC/DIGEST: 'name: password,role...' per line
        --roles <r1,r2>               roles allowed in (default: any user in the users file)
        --keystore <file>             enables TLS (https) with this keystore
        --keystore-password <pw>      or the environment variable LAKEHOUSE_KEYSTORE_PASSWORD
        --keystore-type <type>        default PKCS12
        --query-timeout <duration>    per query, e.g. 30s, 5m (default 10m); 0 = none
        --memory-limit <size>         Arrow memory per connection, e.g. 512m (default 1g)
        --max-connections <n>         default 64
        --idle-timeout <duration>     a connection with no request for this long is closed (default 15m)
        --grace-period <duration>     on shutdown, how long running requests may finish (default 30s)
        --property <key=value>        any other connection property (timeZone, relocate, batchSize)
        --config <file>               read these settings from a properties file
      """
          .formatted(java.io.File.pathSeparator);

  private static final Set<String> KEYS =
      Set.of(
          "warehouse", "allowed-roots", "bind", "port", "serialization", "authentication", "users",
          "roles", "keystore", "keystore-password", "keystore-type", "query-timeout", "memory-limit",
          "max-connections", "idle-timeout", "grace-period");

  String warehouse;
  String allowedRoots = "";
  String bind = "127.0.0.1";
  int port = LakehouseServer.DEFAULT_PORT;
  Driver.Serialization serialization = Driver.Serialization.PROTOBUF;
  Authentication authentication = Authentication.NONE;
  Path users;
  List<String> roles = List.of();
  Path keystore;
  String keystorePassword = System.getenv("LAKEHOUSE_KEYSTORE_PASSWORD");
  String keystoreType = "PKCS12";
  Duration queryTimeout = Duration.ofMinutes(10);
  String memoryLimit = "1g";
  int maxConnections = 64;
  Duration idleTimeout = Duration.ofMinutes(15);
  Duration gracePeriod = Duration.ofSeconds(30);
  final Map<String, String> properties = new LinkedHashMap<>();

  /** A configuration serving {@code warehouse} with every other setting at its default. */
  public static ServerConfig forWarehouse(String warehouse) {
    ServerConfig config = new ServerConfig();
    config.warehouse = warehouse;
    return config;
  }

  /** Parses command-line arguments, reading any {@code --config} file first. */
  public static ServerConfig parse(String[] args) {
    List<String> rest = new ArrayList<>(List.of(args));
    Map<String, String> flags = new LinkedHashMap<>();
    List<String> flagProperties = new ArrayList<>();
    String configFile = null;
    while (!rest.isEmpty()) {
      String flag = rest.remove(0);
      if (!flag.startsWith("--") || rest.isEmpty()) {
        throw new IllegalArgumentException(
            flag.startsWith("--") ? "missing value after " + flag : "unexpected argument " + flag);
      }
      String key = flag.substring(2);
      String value = rest.remove(0);
      if (key.equals("config")) {
        configFile = value;
      } else if (key.equals("property")) {
        flagProperties.add(value);
      } else if (KEYS.contains(key)) {
        flags.put(key, value);
      } else {
        throw new IllegalArgumentException("unknown flag " + flag);
      }
    }
    ServerConfig config = new ServerConfig();
    if (configFile != null) {
      config.readFile(Path.of(configFile));
    }
    flags.forEach(config::set);
    for (String pair : flagProperties) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--property takes key=value, got " + pair);
      }
      config.property(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return config;
  }

  private void readFile(Path file) {
    Properties values = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      values.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    for (String key : new TreeSet<>(values.stringPropertyNames())) {
      String value = values.getProperty(key).trim();
      if (key.startsWith("property.")) {
        property(key.substring("property.".length()), value);
      } else if (KEYS.contains(key)) {
        set(key, value);
      } else {
        throw new IllegalArgumentException("unknown key '" + key + "' in config file " + file);
      }
    }
  }

  /** Sets one setting by its file key (the flag name without {@code --}). */
  public ServerConfig set(String key, String value) {
    try {
      switch (key) {
        case "warehouse" -> warehouse = value;
        case "allowed-roots" -> allowedRoots = value;
        case "bind" -> bind = value;
        case "port" -> port = Integer.parseInt(value);
        case "serialization" -> serialization = Driver.Serialization.valueOf(upper(value));
        case "authentication" -> authentication = Authentication.valueOf(upper(value));
        case "users" -> users = Path.of(value);
        case "roles" -> roles = value.isBlank() ? List.of() : List.of(value.trim().split("\\s*,\\s*"));
        case "keystore" -> keystore = Path.of(value);
        case "keystore-password" -> keystorePassword = value;
        case "keystore-type" -> keystoreType = value;
        case "query-timeout" -> queryTimeout = duration(value);
        case "memory-limit" -> memoryLimit = value;
        case "max-connections" -> maxConnections = Integer.parseInt(value);
        case "idle-timeout" -> idleTimeout = duration(value);
        case "grace-period" -> gracePeriod = duration(value);
        default -> throw new IllegalArgumentException("unknown setting " + key);
      }
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("unknown setting")) {
        throw e;
      }
      throw new IllegalArgumentException("bad value '" + value + "' for " + key + ": " + e.getMessage(), e);
    }
    return this;
  }

  /**
   * Sets a connection property of every remote connection. The ones the server owns (memory, file
   * confinement) have settings of their own.
   */
  public ServerConfig property(String key, String value) {
    if (SessionPolicy.serverOwned(key)) {
      throw new IllegalArgumentException(
          "connection property " + key + " is set by the server itself; use its own setting (see usage)");
    }
    properties.put(key, value);
    return this;
  }

  /** Checks the settings together; the message says what to change. */
  public void validate() {
    if (warehouse == null || warehouse.isBlank()) {
      throw new IllegalArgumentException("--warehouse is required");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
    }
    if (maxConnections <= 0) {
      throw new IllegalArgumentException("--max-connections must be positive, got " + maxConnections);
    }
    if (idleTimeout.isZero() || idleTimeout.isNegative()) {
      throw new IllegalArgumentException("--idle-timeout must be positive");
    }
    boolean loopback = loopback(bind);
    switch (authentication) {
      case NONE -> {
        if (!loopback) {
          throw new IllegalArgumentException(
              "--authentication NONE is allowed only on a loopback address, but --bind is " + bind
                  + ": use --authentication DIGEST (or BASIC with --keystore) and a --users file");
        }
      }
      case BASIC, DIGEST -> {
        if (users == null) {
          throw new IllegalArgumentException("--authentication " + authentication + " needs a --users file");
        }
        if (!Files.isReadable(users)) {
          throw new IllegalArgumentException("users file " + users + " cannot be read");
        }
        if (authentication == Authentication.BASIC && keystore == null && !loopback) {
          throw new IllegalArgumentException(
              "BASIC authentication sends passwords in clear: add --keystore for TLS, or use DIGEST");
        }
      }
    }
    if (keystore != null) {
      if (!Files.isReadable(keystore)) {
        throw new IllegalArgumentException("keystore " + keystore + " cannot be read");
      }
      if (keystorePassword == null) {
        throw new IllegalArgumentException(
            "--keystore needs --keystore-password or the environment variable LAKEHOUSE_KEYSTORE_PASSWORD");
      }
    }
  }

  /** The scheme clients use: https with a keystore, http otherwise. */
  public String scheme() {
    return keystore == null ? "http" : "https";
  }

  private static boolean loopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--bind address " + address + " is unknown", e);
    }
  }

  private static String upper(String value) {
    return value.trim().toUpperCase(Locale.ROOT);
  }

  /** A duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or a number of seconds. */
  static Duration duration(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      char unit = v.charAt(v.length() - 1);
      String number = Character.isDigit(unit) ? v : v.substring(0, v.length() - 1);
      long n = Long.parseLong(number);
      Duration d =
          switch (unit) {
            case 'h' -> Duration.ofHours(n);
            case 'm' -> Duration.ofMinutes(n);
            case 's' -> Duration.ofSeconds(n);
            default -> {
              if (!Character.isDigit(unit)) {
                throw new NumberFormatException();
              }
              yield Duration.ofSeconds(n);
            }
          };
      if (d.isNegative()) {
        throw new NumberFormatException();
      }
      return d;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("a duration looks like 500ms, 30s, 5m or 1h");
    }
  }
}
