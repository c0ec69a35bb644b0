package io.lakehouse.engine.io;

import io.lakehouse.engine.table.LakeException;
import java.io.FileNotFoundException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.aws.s3.S3FileIO;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3 for one connection: our own {@link S3Client} (endpoint, path-style, region, static keys or the
 * default credential chain, a request recorder), Iceberg's {@link S3FileIO} on top of it for reading
 * objects, and the listings Iceberg's file IO does not offer (one level, with a delimiter). Failures
 * become {@link LakeException}s that name the endpoint and bucket and say what to check.
 */
final class S3Storage implements AutoCloseable {

  private final S3Settings settings;
  private final S3Requests requests;
  private final boolean vended;
  private final S3Client client;
  private final S3FileIO fileIO;

  /**
   * @param vended whether the settings are those a catalog handed out for its tables rather than
   *     the connection's own (for messages)
   */
  S3Storage(S3Settings settings, S3Requests requests, boolean vended) {
    this.settings = settings;
    this.requests = requests;
    this.vended = vended;
    this.client = buildClient(settings, requests);
    S3Client shared = client;
    this.fileIO = new S3FileIO(() -> shared);
    this.fileIO.initialize(Map.of());
  }

  private static S3Client buildClient(S3Settings settings, S3Requests requests) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(Apache5HttpClient.builder())
            .overrideConfiguration(c -> c.addExecutionInterceptor(requests))
            .forcePathStyle(settings.pathStyle())
            .region(region(settings))
            .credentialsProvider(credentials(settings));
    if (settings.endpoint() != null) {
      builder.endpointOverride(URI.create(settings.endpoint()));
      // S3-compatible stores often do not know the newer default checksums: send and check them only
      // where S3 requires them.
      builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
      builder.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    return builder.build();
  }

  private static Region region(S3Settings settings) {
    if (settings.region() != null) {
      return Region.of(settings.region());
    }
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (SdkClientException e) {
      return Region.US_EAST_1;
    }
  }

  private static AwsCredentialsProvider credentials(S3Settings settings) {
    if (!settings.hasStaticCredentials()) {
      return DefaultCredentialsProvider.builder().build();
    }
    return StaticCredentialsProvider.create(
        settings.sessionToken() == null
            ? AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey())
            : AwsSessionCredentials.create(settings.accessKeyId(), settings.secretAccessKey(), settings.sessionToken()));
  }

  S3FileIO fileIO() {
    return fileIO;
  }

  /**
   * Checks that a location can be read: the bucket exists and the credentials are accepted.
   *
   * @throws LakeException naming the endpoint and bucket when not
   */
  void checkBucket(String location) {
    S3Location s3 = S3Location.parse(location);
    try {
      client.headBucket(b -> b.bucket(s3.bucket()));
    } catch (SdkException e) {
      throw failure(e, s3, "read bucket");
    }
  }

  /** The child directories and files directly below a directory (a key prefix). */
  Listing list(String location) {
    S3Location s3 = S3Location.parse(location);
    String prefix = s3.directoryPrefix();
    List<String> directories = new ArrayList<>();
    List<Listing.File> files = new ArrayList<>();
    try {
      ListObjectsV2Request request =
          ListObjectsV2Request.builder().bucket(s3.bucket()).prefix(prefix).delimiter("/").build();
      for (ListObjectsV2Response page : client.listObjectsV2Paginator(request)) {
        for (CommonPrefix common : page.commonPrefixes()) {
          String name = common.prefix().substring(prefix.length());
          directories.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
        }
        for (S3Object object : page.contents()) {
          if (!object.key().equals(prefix)) {
            files.add(file(s3, object));
          }
        }
      }
    } catch (SdkException e) {
      throw failure(e, s3, "list");
    }
    directories.sort(null);
    return new Listing(directories, files);
  }

  /** Whether anything lies below a directory (a key prefix). */
  boolean hasEntries(String location) {
    S3Location s3 = S3Location.parse(location);
    try {
      return !client.listObjectsV2(b -> b.bucket(s3.bucket()).prefix(s3.directoryPrefix()).maxKeys(1)).contents().isEmpty();
    } catch (SdkException e) {
      throw failure(e, s3, "list");
    }
  }

  /**
   * The files in the directory of {@code location} whose names sort at or after its name, sorted,
   * as Delta Kernel lists a log from a version on.
   *
   * @throws FileNotFoundException when the directory holds nothing
   */
  List<Listing.File> listFrom(String location) throws FileNotFoundException {
    S3Location s3 = S3Location.parse(location);
    int slash = s3.key().lastIndexOf('/');
    String prefix = slash < 0 ? "" : s3.key().substring(0, slash + 1);
    String name = s3.key().substring(slash + 1);
    // S3 lists keys after startAfter; start just before the name so that the name itself is listed.
    String startAfter = name.isEmpty() ? prefix : prefix + predecessor(name);
    List<Listing.File> files = new ArrayList<>();
    try {
      ListObjectsV2Request request =
          ListObjectsV2Request.builder().bucket(s3.bucket()).prefix(prefix).delimiter("/").startAfter(startAfter).build();
      for (ListObjectsV2Response page : client.listObjectsV2Paginator(request)) {
        for (S3Object object : page.contents()) {
          if (object.key().substring(prefix.length()).compareTo(name) >= 0) {
            files.add(file(s3, object));
          }
        }
      }
      if (files.isEmpty()
          && client.listObjectsV2(b -> b.bucket(s3.bucket()).prefix(prefix).maxKeys(1)).contents().isEmpty()) {
        throw new FileNotFoundException("No such directory: " + s3.locationOf(prefix));
      }
    } catch (SdkException e) {
      throw failure(e, s3, "list");
    }
    files.sort((a, b) -> a.location().compareTo(b.location()));
    return files;
  }

  /** A string that sorts just before {@code name} and after every string that sorts before it. */
  private static String predecessor(String name) {
    char last = name.charAt(name.length() - 1);
    return name.substring(0, name.length() - 1) + (char) (last - 1);
  }

  /**
   * The length and modification time of an object.
   *
   * @throws FileNotFoundException when there is no such object
   */
  Listing.File status(String location) throws FileNotFoundException {
    S3Location s3 = S3Location.parse(location);
    try {
      HeadObjectResponse head = client.headObject(b -> b.bucket(s3.bucket()).key(s3.key()));
      return new Listing.File(location, head.contentLength(), head.lastModified().toEpochMilli());
    } catch (NoSuchKeyException e) {
      throw missing(s3, e);
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw missing(s3, e);
      }
      throw failure(e, s3, "read");
    } catch (SdkException e) {
      throw failure(e, s3, "read");
    }
  }

  private FileNotFoundException missing(S3Location s3, S3Exception e) {
    FileNotFoundException missing = new FileNotFoundException("No such file: " + s3);
    missing.initCause(e);
    return missing;
  }

  private static Listing.File file(S3Location s3, S3Object object) {
    return new Listing.File(s3.locationOf(object.key()), object.size(), object.lastModified().toEpochMilli());
  }

  /** The user-facing error for a failed request: refused credentials, a missing bucket, no endpoint. */
  LakeException failure(SdkException e, S3Location s3, String action) {
    String endpoint = settings.endpointForMessages();
    if (e instanceof AwsServiceException service) {
      int status = service.statusCode();
      String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
      if (status == 403 || status == 401) {
        return new LakeException(
            LakeException.INVALID_AUTHORIZATION,
            "S3 at " + endpoint + " refused the credentials to " + action + " " + s3 + " (HTTP " + status
                + (code == null ? "" : " " + code) + "): check "
                + (vended
                    ? "the credentials the catalog hands out for the table (the s3.* connection properties or the"
                        + " default AWS credentials apply where it hands out none)"
                    : "s3.accessKeyId and s3.secretAccessKey, or the default AWS credentials when no keys are set")
                + ", and that they may read bucket '" + s3.bucket() + "'",
            e);
      }
      if ("NoSuchBucket".equals(code) || status == 404 && bucketMissing(s3)) {
        return new LakeException(
            LakeException.UNDEFINED_OBJECT,
            "Bucket '" + s3.bucket() + "' does not exist at " + endpoint + " (to " + action + " " + s3
                + "): check the bucket name and s3.endpoint / s3.region",
            e);
      }
      return new LakeException(
          LakeException.IO_ERROR,
          "S3 at " + endpoint + " failed to " + action + " " + s3 + ": HTTP " + status
              + (code == null ? "" : " " + code) + " " + service.getMessage(),
          e);
    }
    return new LakeException(
        LakeException.CONNECTION_ERROR,
        "Cannot reach S3 at " + endpoint + " to " + action + " " + s3 + ": " + e.getMessage()
            + ". Check s3.endpoint (and s3.region)",
        e);
  }

  /** See {@link Storage#refusedCredentials}. */
  static LakeException refusedCredentials(Throwable failure, String action) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof AwsServiceException service && (service.statusCode() == 401 || service.statusCode() == 403)) {
        String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
        return new LakeException(
            LakeException.INVALID_AUTHORIZATION,
            "S3 refused the credentials to " + action + " (HTTP " + service.statusCode()
                + (code == null ? "" : " " + code) + "): check the credentials the catalog hands out for the"
                + " table, or s3.accessKeyId and s3.secretAccessKey (the default AWS credentials when no keys"
                + " are set)",
            failure);
      }
    }
    return null;
  }

  /** Whether a bucket is missing; a 404 on an object does not say whether the bucket or the key is. */
  private boolean bucketMissing(S3Location s3) {
    try {
      client.headBucket(b -> b.bucket(s3.bucket()));
      return false;
    } catch (AwsServiceException e) {
      return e.statusCode() == 404;
    } catch (SdkException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      fileIO.close();
    } finally {
      client.close();
    }
  }
}
