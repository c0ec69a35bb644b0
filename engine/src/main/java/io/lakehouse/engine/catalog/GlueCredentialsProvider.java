package io.lakehouse.engine.catalog;

import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Static AWS keys for iceberg-aws's Glue client, which takes credentials only as a provider class
 * named in {@code client.credentials-provider} and made by its static {@link #create(Map)} from the
 * {@code client.credentials-provider.*} properties. Public only because the client factory makes it
 * by reflection; not for other use.
 */
public final class GlueCredentialsProvider implements AwsCredentialsProvider {

  static final String ACCESS_KEY_ID = "access-key-id";
  static final String SECRET_ACCESS_KEY = "secret-access-key";
  static final String SESSION_TOKEN = "session-token";

  private final AwsCredentials credentials;

  private GlueCredentialsProvider(AwsCredentials credentials) {
    this.credentials = credentials;
  }

  /**
   * The provider of the keys in {@code properties}: {@code access-key-id}, {@code
   * secret-access-key} and, for temporary keys, {@code session-token}.
   */
  public static GlueCredentialsProvider create(Map<String, String> properties) {
    String keyId = properties.get(ACCESS_KEY_ID);
    String secret = properties.get(SECRET_ACCESS_KEY);
    String token = properties.get(SESSION_TOKEN);
    return new GlueCredentialsProvider(
        token == null ? AwsBasicCredentials.create(keyId, secret) : AwsSessionCredentials.create(keyId, secret, token));
  }

  @Override
  public AwsCredentials resolveCredentials() {
    return credentials;
  }

  @Override
  public String toString() {
    // never the secret
    return "GlueCredentialsProvider[" + credentials.accessKeyId() + "]";
  }
}
