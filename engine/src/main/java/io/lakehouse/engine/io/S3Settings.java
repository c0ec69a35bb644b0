package io.lakehouse.engine.io;

import io.lakehouse.engine.table.LakeException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How to reach S3 or an S3-compatible store: the endpoint (none for AWS itself), the region,
 * whether buckets are addressed by path ({@code http://host/bucket/key}) rather than by virtual
 * host, and static keys; without keys the AWS SDK's default credential chain is used (environment,
 * system properties, profile files, container and instance credentials).
 *
 * @param endpoint the endpoint URI, e.g. {@code http://127.0.0.1:9000}; null for AWS's own
 * @param region the region; null for the SDK's default region chain, or {@code us-east-1} when
 *     that finds none
 * @param pathStyle whether to address buckets by path (most S3-compatible servers want it)
 * @param accessKeyId a static access key id; null for the default credential chain
 * @param secretAccessKey the secret of {@code accessKeyId}
 * @param sessionToken a session token for temporary keys, or null
 */
public record S3Settings(
    String endpoint, String region, boolean pathStyle, String accessKeyId, String secretAccessKey, String sessionToken) {

  /** The names of Iceberg's S3 file IO properties that {@link #withIcebergProperties} reads. */
  static final String ICEBERG_ENDPOINT = "s3.endpoint";
  static final String ICEBERG_PATH_STYLE_ACCESS = "s3.path-style-access";
  static final String ICEBERG_REGION = "client.region";
  static final String ICEBERG_ACCESS_KEY_ID = "s3.access-key-id";
  static final String ICEBERG_SECRET_ACCESS_KEY = "s3.secret-access-key";
  static final String ICEBERG_SESSION_TOKEN = "s3.session-token";

  /** AWS itself, with the default region and credential chains. */
  public static final S3Settings DEFAULTS = new S3Settings(null, null, false, null, null, null);

  /** The property naming the endpoint. */
  public static final String ENDPOINT = "s3.endpoint";
  /** The property naming the region. */
  public static final String REGION = "s3.region";
  /** The property saying whether buckets are addressed by path. */
  public static final String PATH_STYLE = "s3.pathStyleAccess";
  /** The property holding the access key id. */
  public static final String ACCESS_KEY_ID = "s3.accessKeyId";
  /** The property holding the secret access key. */
  public static final String SECRET_ACCESS_KEY = "s3.secretAccessKey";
  /** The property holding the session token. */
  public static final String SESSION_TOKEN = "s3.sessionToken";
  /** The properties that hold credentials: a catalog that sets one of them inherits none. */
  public static final List<String> CREDENTIAL_KEYS = List.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN);
  /** Every {@code s3.*} property, in the order the README lists them. */
  public static final List<String> KEYS =
      List.of(ENDPOINT, REGION, PATH_STYLE, ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN);

  /**
   * The settings the {@code s3.*} properties give ({@link #KEYS}, spelled as there); missing
   * ones take their defaults.
   *
   * @throws LakeException ({@code 08001}) naming the property that is wrong, never a secret's value
   */
  public static S3Settings of(Map<String, String> properties) {
    String pathStyle = properties.getOrDefault(PATH_STYLE, "false").trim().toLowerCase(Locale.ROOT);
    if (!pathStyle.equals("true") && !pathStyle.equals("false")) {
      throw new LakeException(
          LakeException.CONNECTION_ERROR, PATH_STYLE + " must be true or false, got '" + pathStyle + "'");
    }
    return new S3Settings(
        properties.get(ENDPOINT),
        properties.get(REGION),
        Boolean.parseBoolean(pathStyle),
        properties.get(ACCESS_KEY_ID),
        properties.get(SECRET_ACCESS_KEY),
        properties.get(SESSION_TOKEN));
  }

  public S3Settings {
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new LakeException(
          LakeException.CONNECTION_ERROR,
          "S3 static credentials need both an access key id and a secret access key: set both, or neither to use"
              + " the default AWS credential chain");
    }
    if (sessionToken != null && accessKeyId == null) {
      throw new LakeException(
          LakeException.CONNECTION_ERROR, "An S3 session token needs an access key id and a secret access key too");
    }
    if (endpoint != null) {
      URI uri = null;
      try {
        uri = URI.create(endpoint);
      } catch (IllegalArgumentException e) {
        // reported below
      }
      if (uri == null || !"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new LakeException(
            LakeException.CONNECTION_ERROR,
            "S3 endpoint '" + endpoint + "' must be an http:// or https:// URI with a host, e.g. http://127.0.0.1:9000");
      }
    }
  }

  /**
   * These settings with those of Iceberg's S3 file IO properties put over them, as a catalog hands
   * them out for a table: {@code s3.endpoint}, {@code s3.path-style-access}, {@code client.region},
   * and the keys {@code s3.access-key-id}, {@code s3.secret-access-key}, {@code s3.session-token}
   * (which replace these settings' keys together, or not at all).
   *
   * @throws LakeException when the properties give a key without its secret, or a bad endpoint
   */
  public S3Settings withIcebergProperties(Map<String, String> properties) {
    String keyId = properties.get(ICEBERG_ACCESS_KEY_ID);
    String pathStyleAccess = properties.get(ICEBERG_PATH_STYLE_ACCESS);
    return new S3Settings(
        properties.getOrDefault(ICEBERG_ENDPOINT, endpoint),
        properties.getOrDefault(ICEBERG_REGION, region),
        pathStyleAccess == null ? pathStyle : Boolean.parseBoolean(pathStyleAccess.trim()),
        keyId == null ? accessKeyId : keyId,
        keyId == null ? secretAccessKey : properties.get(ICEBERG_SECRET_ACCESS_KEY),
        keyId == null ? sessionToken : properties.get(ICEBERG_SESSION_TOKEN));
  }

  /** Whether static keys are given (else the default credential chain is used). */
  public boolean hasStaticCredentials() {
    return accessKeyId != null;
  }

  /** The endpoint, for messages: the configured one or AWS's. */
  public String endpointForMessages() {
    return endpoint != null ? endpoint : "AWS S3" + (region != null ? " (" + region + ")" : "");
  }

  @Override
  public String toString() {
    // never the secret
    return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle
        + ", accessKeyId=" + accessKeyId + ", secretAccessKey=" + (secretAccessKey == null ? null : "***")
        + ", sessionToken=" + (sessionToken == null ? null : "***") + "]";
  }
}
