package io.lakehouse.engine.catalog;

import io.lakehouse.engine.iceberg.IcebergTable;
import io.lakehouse.engine.io.CatalogFileIO;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.LakeTable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SessionCatalog;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.rest.HTTPClient;
import org.apache.iceberg.rest.RESTSessionCatalog;
import org.apache.iceberg.rest.RESTUtil;

/**
 * An Iceberg REST catalog (iceberg-core's {@link RESTSessionCatalog}). Each namespace is a schema,
 * nested ones too, named by their levels joined with dots ({@code sales.eu}); namespaces are listed
 * when the connection opens, the tables of each on first use. Each snapshot resolution loads the
 * table from the catalog again, so new commits become visible.
 *
 * <p>Files are read with what the catalog hands out for each table ("vended credentials": S3
 * endpoint, path-style access, keys and storage credentials in the table's load result), over the
 * connection's S3 settings, through the connection's storage (see {@link CatalogFileIO}). So a
 * connection needs no S3 keys of its own when the catalog vends them.
 */
public final class IcebergRestCatalog extends IcebergCatalogTables {

  /** The catalog property with the OAuth2 client credential, {@code client_id:client_secret}. */
  public static final String CREDENTIAL = "credential";
  /** The catalog property with a bearer token. */
  public static final String TOKEN = "token";

  /** Separates the levels of a namespace in a schema's key; names may hold dots, never this. */
  private static final String LEVELS = "\u001f";
  private static final String ACCESS_DELEGATION = "header.X-Iceberg-Access-Delegation";
  private static final String CONNECT_TIMEOUT = "rest.client.connection-timeout-ms";

  private final String settingsPrefix;
  private final RESTSessionCatalog sessionCatalog;
  private final Catalog catalog;
  private final SupportsNamespaces namespaces;

  /**
   * Connects to a catalog: asks it for its configuration (signing in first with a credential).
   *
   * @param name the catalog's name, used in messages
   * @param uri the catalog's base URI, e.g. {@code http://127.0.0.1:8181}
   * @param warehouse the warehouse to ask the catalog for (its meaning is the server's: a location
   *     or a name), or null or empty for none
   * @param properties further {@code RESTCatalog} properties, passed on as they are: {@value
   *     #CREDENTIAL} or {@value #TOKEN}, {@code scope}, {@code oauth2-server-uri}, {@code
   *     header.*}, ... Access delegation is asked for ({@code header.X-Iceberg-Access-Delegation:
   *     vended-credentials}) unless these set that header.
   * @param storage the connection's storage, which tables are read through
   * @throws LakeException naming the catalog when it cannot be reached ({@code 08001}) or refuses
   *     the credentials ({@code 28000})
   */
  public IcebergRestCatalog(
      String name, String uri, String warehouse, Map<String, String> properties, Storage storage) {
    this(name, uri, warehouse, properties, storage, "iceberg.");
  }

  /**
   * As the public constructor, for a catalog whose settings are spelled with another prefix.
   *
   * @param settingsPrefix what the settings' names start with, for messages: {@code iceberg.} for
   *     the connection properties, {@code catalog.<name>.} for a declared catalog
   */
  IcebergRestCatalog(
      String name, String uri, String warehouse, Map<String, String> properties, Storage storage, String settingsPrefix) {
    super(name, "the Iceberg REST catalog '" + name + "' at " + uri, "REST", storage);
    this.settingsPrefix = settingsPrefix;
    Map<String, String> settings = new HashMap<>();
    settings.put(ACCESS_DELEGATION, "vended-credentials");
    settings.put(CONNECT_TIMEOUT, "10000");
    settings.putAll(properties);
    settings.put("uri", uri);
    if (warehouse != null && !warehouse.isEmpty()) {
      settings.put("warehouse", warehouse);
    }
    this.sessionCatalog =
        new RESTSessionCatalog(
            config ->
                HTTPClient.builder(config).uri(config.get("uri")).withHeaders(RESTUtil.configHeaders(config)).build(),
            (context, ioProperties) -> new CatalogFileIO(storage, ioProperties));
    try {
      sessionCatalog.initialize(name, settings);
    } catch (RuntimeException e) {
      closeQuietly(e);
      throw failure(e, "read its configuration", LakeException.CONNECTION_ERROR);
    }
    this.catalog = sessionCatalog.asCatalog(SessionCatalog.SessionContext.createEmpty());
    this.namespaces = (SupportsNamespaces) catalog;
  }

  private void closeQuietly(RuntimeException failure) {
    try {
      sessionCatalog.close();
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  @Override
  Map<String, String> listSchemas() {
    Map<String, String> result = new TreeMap<>();
    Deque<Namespace> pending = new ArrayDeque<>();
    pending.add(Namespace.empty());
    while (!pending.isEmpty()) {
      Namespace parent = pending.poll();
      List<Namespace> children;
      try {
        children = namespaces.listNamespaces(parent);
      } catch (NoSuchNamespaceException e) {
        // dropped while we listed
        continue;
      } catch (RuntimeException e) {
        throw failure(e, "list the namespaces" + (parent.isEmpty() ? "" : " in " + parent), LakeException.IO_ERROR);
      }
      for (Namespace child : children) {
        result.put(child.toString(), String.join(LEVELS, child.levels()));
        pending.add(child);
      }
    }
    return result;
  }

  @Override
  Namespace namespace(String schema) {
    return Namespace.of(schema.split(LEVELS, -1));
  }

  @Override
  List<TableIdentifier> listTables(Namespace namespace) {
    try {
      return catalog.listTables(namespace);
    } catch (NoSuchNamespaceException e) {
      throw new LakeException(LakeException.UNDEFINED_OBJECT, "Namespace " + namespace + " is no longer in " + where, e);
    } catch (RuntimeException e) {
      throw failure(e, "list the tables of namespace " + namespace, LakeException.IO_ERROR);
    }
  }

  @Override
  Table loadTable(TableIdentifier id) {
    return catalog.loadTable(id);
  }

  /** Opens a table whose file IO is the one the catalog hands out with each load. */
  @Override
  LakeTable open(String table, TableIdentifier id) {
    return IcebergTable.fromCatalogTable(table, () -> load(id), storage);
  }

  /** The user-facing error for a failed catalog request: refused credentials, no server, or else {@code state}. */
  @Override
  LakeException failure(RuntimeException e, String action, String state) {
    if (e instanceof LakeException lake) {
      return lake;
    }
    if (e instanceof NotAuthorizedException || e instanceof ForbiddenException) {
      return new LakeException(
          LakeException.INVALID_AUTHORIZATION,
          "Access denied by " + where + " to " + action + ": " + e.getMessage()
              + ". Check " + settingsPrefix + CREDENTIAL + " (client_id:client_secret) or " + settingsPrefix + TOKEN,
          e);
    }
    if (causedByIo(e)) {
      return new LakeException(
          LakeException.CONNECTION_ERROR,
          "Cannot reach " + where + " to " + action + ": " + rootMessage(e) + ". Check " + settingsPrefix + "uri",
          e);
    }
    return new LakeException(state, "Failed to " + action + " (" + where + "): " + e.getMessage(), e);
  }

  @Override
  public void close() {
    try {
      sessionCatalog.close();
    } catch (IOException e) {
      throw new LakeException(LakeException.IO_ERROR, "Cannot close the Iceberg REST catalog '" + name + "'", e);
    }
  }
}
