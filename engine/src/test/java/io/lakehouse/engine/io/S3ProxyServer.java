package io.lakehouse.engine.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for tests: S3Proxy on a free port of 127.0.0.1, in a JVM of its own
 * (its jar is copied into {@code engine/target/s3proxy} by the build and named by the system
 * property {@code lakehouse.s3proxy.jar}), storing objects in a temporary directory. It checks
 * signatures, so wrong keys are refused as by S3. One server serves a whole test JVM: it starts on
 * first use and stops when the JVM exits.
 */
public final class S3ProxyServer {

  public static final String ACCESS_KEY = "lakehouse-test-key";
  public static final String SECRET_KEY = "lakehouse-test-secret";
  public static final String REGION = "us-east-1";
  private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);

  private static S3ProxyServer shared;

  private final Process process;
  private final String endpoint;
  private final Path log;
  private final S3Client client;

  private S3ProxyServer(Process process, String endpoint, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
    this.client =
        S3Client.builder()
            .httpClientBuilder(Apache5HttpClient.builder())
            .endpointOverride(URI.create(endpoint))
            .region(Region.of(REGION))
            .forcePathStyle(true)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .build();
  }

  /** The server of this JVM, started on first use. */
  public static synchronized S3ProxyServer shared() {
    if (shared == null) {
      shared = start();
      S3ProxyServer server = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "s3proxy-stop"));
    }
    return shared;
  }

  private static S3ProxyServer start() {
    String jar = System.getProperty("lakehouse.s3proxy.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "No S3Proxy jar at " + jar + " (system property lakehouse.s3proxy.jar): build the engine module first");
    }
    try {
      Path dir = Files.createTempDirectory("lakehouse-s3proxy");
      Path data = Files.createDirectories(dir.resolve("data"));
      int port = freePort();
      String endpoint = "http://127.0.0.1:" + port;
      Path config = dir.resolve("s3proxy.conf");
      Files.writeString(
          config,
          String.join(
              "\n",
              "s3proxy.endpoint=" + endpoint,
              "s3proxy.authorization=aws-v2-or-v4",
              "s3proxy.identity=" + ACCESS_KEY,
              "s3proxy.credential=" + SECRET_KEY,
              "jclouds.provider=filesystem-nio2",
              "jclouds.filesystem.basedir=" + data,
              ""),
          StandardCharsets.UTF_8);
      Path log = dir.resolve("s3proxy.log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process =
          new ProcessBuilder(java, "-Xmx256m", "-jar", jar, "--properties", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      awaitStarted(process, endpoint, log);
      return new S3ProxyServer(process, endpoint, log);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start S3Proxy", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Waits until the server answers HTTP (with anything: an anonymous request is refused). */
  private static void awaitStarted(Process process, String endpoint, Path log) throws IOException {
    long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint + "/").toURL().openConnection();
        connection.setConnectTimeout(1000);
        connection.setReadTimeout(1000);
        connection.getResponseCode();
        connection.disconnect();
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while S3Proxy starts", e);
        }
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("S3Proxy did not answer within " + STARTUP_LIMIT + ":\n" + Files.readString(log));
  }

  /** The endpoint, {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return endpoint;
  }

  /** A client with the server's keys, for setting up buckets and objects. */
  public S3Client client() {
    return client;
  }

  /** The settings that reach this server with its keys. */
  public S3Settings settings() {
    return new S3Settings(endpoint, REGION, true, ACCESS_KEY, SECRET_KEY, null);
  }

  /** The JDBC URL properties that reach this server with its keys: {@code ;s3.endpoint=...;...}. */
  public String urlProperties() {
    return ";s3.endpoint=" + endpoint + ";s3.region=" + REGION + ";s3.pathStyleAccess=true;s3.accessKeyId="
        + ACCESS_KEY + ";s3.secretAccessKey=" + SECRET_KEY;
  }

  /** Creates a bucket (a no-op when it exists). */
  public void createBucket(String bucket) {
    if (client.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
      client.createBucket(b -> b.bucket(bucket));
    }
  }

  /**
   * Uploads every file below a local directory (links followed) to {@code s3://bucket/prefix/},
   * keeping relative paths.
   *
   * @return the keys written
   */
  public List<String> upload(Path dir, String bucket, String prefix) {
    List<String> keys = new ArrayList<>();
    String base = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    try {
      Files.walkFileTree(
          dir,
          EnumSet.of(FileVisitOption.FOLLOW_LINKS),
          Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
              String key = base + dir.relativize(file).toString().replace('\\', '/');
              client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
              keys.add(key);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot upload " + dir, e);
    }
    return keys;
  }

  /** The server's output so far, for failure messages. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  private void stop() {
    client.close();
    process.destroy();
  }

}
