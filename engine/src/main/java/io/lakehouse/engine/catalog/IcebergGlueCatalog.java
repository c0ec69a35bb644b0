package io.lakehouse.engine.catalog;

import io.lakehouse.engine.io.S3Settings;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.LakeException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.aws.glue.GlueCatalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The AWS Glue Data Catalog as an Iceberg catalog (iceberg-aws's {@link GlueCatalog}). Each Glue
 * database is a schema; databases are listed when the connection opens, the Iceberg tables of each
 * on first use. Each snapshot resolution asks Glue for the table's current metadata location, so
 * new commits become visible.
 *
 * <p>Glue is reached in {@code glue.region} (else the S3 region, else the AWS default region chain),
 * at {@code glue.endpoint} when set (a Glue-compatible service), in the Data Catalog of account
 * {@code glue.catalogId} when set (else the caller's), with the AWS keys of the connection's S3
 * settings when it has static ones, else with the AWS default credential chain. Table metadata,
 * manifests and data files are read through the connection's {@link Storage}.
 */
public final class IcebergGlueCatalog extends IcebergCatalogTables {

  /** The setting naming the AWS region of the Glue catalog. */
  public static final String REGION = "glue.region";
  /** The setting naming a Glue-compatible endpoint, e.g. {@code http://127.0.0.1:5000}. */
  public static final String ENDPOINT = "glue.endpoint";
  /** The setting naming the Data Catalog's AWS account id. */
  public static final String CATALOG_ID = "glue.catalogId";

  /** Glue's error codes for keys it does not accept. */
  private static final Set<String> REFUSED =
      Set.of(
          "AccessDeniedException", "UnrecognizedClientException", "InvalidClientTokenId",
          "InvalidSignatureException", "SignatureDoesNotMatch", "ExpiredTokenException", "IncompleteSignature");
  private static final String CONNECT_TIMEOUT_MS = "10000";
  private static final String SOCKET_TIMEOUT_MS = "60000";

  private final String settingsPrefix;
  private final String storageKey;
  private final GlueCatalog catalog;

  /**
   * Connects to a Glue catalog and lists its databases.
   *
   * @param name the catalog's name, used in messages
   * @param region the AWS region, or null for the S3 region or else the AWS default region chain
   * @param endpoint a Glue-compatible endpoint, or null for AWS Glue in the region
   * @param catalogId the Data Catalog's AWS account id, or null for the caller's
   * @param warehouse where the catalog's writers put new tables, or null (reading needs none)
   * @param storage the connection's storage, which tables are read through and whose S3 keys, if
   *     static, sign the Glue requests
   * @param settingsPrefix what the settings' names start with, for messages: {@code iceberg.} for
   *     the connection properties, {@code catalog.<name>.} for a declared catalog
   * @throws LakeException naming the catalog when it cannot be reached or no region is known
   *     ({@code 08001}) or Glue refuses the keys ({@code 28000})
   */
  public IcebergGlueCatalog(
      String name,
      String region,
      String endpoint,
      String catalogId,
      String warehouse,
      Storage storage,
      String settingsPrefix) {
    super(name, describe(name, endpoint, effectiveRegion(region, storage)), "AWS Glue", storage);
    this.settingsPrefix = settingsPrefix;
    S3Settings s3 = storage.s3Settings();
    String effectiveRegion = effectiveRegion(region, storage);
    this.storageKey = GlueStorageFileIO.register(storage);
    Map<String, String> settings = new HashMap<>();
    settings.put("http-client.type", "urlconnection");
    settings.put("http-client.urlconnection.connection-timeout-ms", CONNECT_TIMEOUT_MS);
    settings.put("http-client.urlconnection.socket-timeout-ms", SOCKET_TIMEOUT_MS);
    settings.put("io-impl", GlueStorageFileIO.class.getName());
    settings.put(GlueStorageFileIO.STORAGE_KEY, storageKey);
    // a reader loads whatever tables the catalog lists, whatever their writers named them
    settings.put("glue.skip-name-validation", "true");
    if (effectiveRegion != null) {
      settings.put("client.region", effectiveRegion);
    }
    if (endpoint != null) {
      settings.put("glue.endpoint", endpoint);
    }
    if (catalogId != null) {
      settings.put("glue.id", catalogId);
    }
    if (warehouse != null && !warehouse.isEmpty()) {
      settings.put("warehouse", warehouse);
    }
    if (s3.hasStaticCredentials()) {
      String prefix = "client.credentials-provider.";
      settings.put("client.credentials-provider", GlueCredentialsProvider.class.getName());
      settings.put(prefix + GlueCredentialsProvider.ACCESS_KEY_ID, s3.accessKeyId());
      settings.put(prefix + GlueCredentialsProvider.SECRET_ACCESS_KEY, s3.secretAccessKey());
      if (s3.sessionToken() != null) {
        settings.put(prefix + GlueCredentialsProvider.SESSION_TOKEN, s3.sessionToken());
      }
    }
    this.catalog = new GlueCatalog();
    try {
      catalog.initialize(name, settings);
      schemas();
    } catch (RuntimeException e) {
      LakeException failure = failure(e, "list its databases", LakeException.CONNECTION_ERROR);
      closeQuietly(failure);
      throw failure;
    }
  }

  private static String effectiveRegion(String region, Storage storage) {
    return region != null ? region : storage.s3Settings().region();
  }

  private static String describe(String name, String endpoint, String region) {
    return "the AWS Glue catalog '" + name + "' at "
        + (endpoint != null ? endpoint : "AWS Glue" + (region != null ? " (" + region + ")" : ""));
  }

  private void closeQuietly(RuntimeException failure) {
    try {
      close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  @Override
  Map<String, String> listSchemas() {
    try {
      return byName(catalog.listNamespaces());
    } catch (RuntimeException e) {
      throw failure(e, "list its databases", LakeException.IO_ERROR);
    }
  }

  @Override
  Namespace namespace(String schema) {
    return Namespace.of(schema);
  }

  @Override
  List<TableIdentifier> listTables(Namespace database) {
    try {
      return catalog.listTables(database);
    } catch (NoSuchNamespaceException e) {
      throw new LakeException(LakeException.UNDEFINED_OBJECT, "Database " + database + " is no longer in " + where, e);
    } catch (RuntimeException e) {
      throw failure(e, "list the tables of database " + database, LakeException.IO_ERROR);
    }
  }

  @Override
  Table loadTable(TableIdentifier id) {
    return catalog.loadTable(id);
  }

  /** The user-facing error for a failed catalog request: refused keys, no service, or else {@code state}. */
  @Override
  LakeException failure(RuntimeException e, String action, String state) {
    if (e instanceof LakeException lake) {
      return lake;
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof AwsServiceException service && refusedKeys(service)) {
        return new LakeException(
            LakeException.INVALID_AUTHORIZATION,
            "Access denied by " + where + " to " + action + ": " + service.awsErrorDetails().errorMessage()
                + ". Check the AWS keys (s3.accessKeyId, s3.secretAccessKey, s3.sessionToken, which Glue shares"
                + " with S3) or, without them, the AWS default credential chain",
            e);
      }
    }
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    if (message.contains("Unable to load credentials")) {
      return new LakeException(
          LakeException.INVALID_AUTHORIZATION,
          "No AWS credentials for " + where + " to " + action + ": set s3.accessKeyId and s3.secretAccessKey"
              + " (which Glue shares with S3) or configure the AWS default credential chain",
          e);
    }
    if (causedByIo(e)) {
      return new LakeException(
          LakeException.CONNECTION_ERROR,
          "Cannot reach " + where + " to " + action + ": " + rootMessage(e) + ". Check " + settingsPrefix + ENDPOINT
              + " and " + settingsPrefix + REGION,
          e);
    }
    if (message.contains("Unable to load region")) {
      return new LakeException(
          LakeException.CONNECTION_ERROR,
          "No AWS region for " + where + ": set " + settingsPrefix + REGION + " (or s3.region, or AWS_REGION)",
          e);
    }
    return new LakeException(state, "Failed to " + action + " (" + where + "): " + message, e);
  }

  private static boolean refusedKeys(AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return e.statusCode() == 401 || e.statusCode() == 403 || (code != null && REFUSED.contains(code));
  }

  @Override
  public void close() {
    GlueStorageFileIO.unregister(storageKey);
    try {
      catalog.close();
    } catch (IOException e) {
      throw new LakeException(LakeException.IO_ERROR, "Cannot close " + where, e);
    }
  }
}
