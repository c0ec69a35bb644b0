package io.lakehouse.jdbc;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Python moto's server ({@code moto_server}), which emulates AWS Glue and S3 among other services
 * at one endpoint, started on 127.0.0.1 at a free port and stopped on {@link #close()}. Moto accepts
 * any keys. Tests that need it are to be skipped, saying why ({@link #MISSING}), when {@code
 * moto_server} is not on the PATH.
 */
final class MotoServer implements AutoCloseable {

  static final String REGION = "us-east-1";
  static final String ACCESS_KEY_ID = "testing";
  static final String SECRET_ACCESS_KEY = "moto-s3cret-key";

  /** Why tests that need the server are skipped when it is not {@link #installed()}. */
  static final String MISSING =
      "moto_server (Python moto, pip install 'moto[server]') is not on the PATH: the AWS Glue catalog tests need it";

  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final Process process;
  private final Path log;
  private final String endpoint;

  private MotoServer(Process process, Path log, String endpoint) {
    this.process = process;
    this.log = log;
    this.endpoint = endpoint;
  }

  /** Whether {@code moto_server} is on the PATH. */
  static boolean installed() {
    return onPath("moto_server") != null;
  }

  /**
   * Starts a server and waits until it answers.
   *
   * @param scratch a directory for the server's output
   * @throws IOException when {@code moto_server} is not {@link #installed()} or does not answer
   */
  static MotoServer start(Path scratch) throws IOException, InterruptedException {
    String executable = onPath("moto_server");
    if (executable == null) {
      throw new IOException(MISSING);
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = scratch.resolve("moto-server.log");
    Process process = new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", String.valueOf(port))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    MotoServer server = new MotoServer(process, log, "http://127.0.0.1:" + port);
    try {
      server.awaitAnswer();
    } catch (IOException | InterruptedException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private static String onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String directory : path.split(File.pathSeparator)) {
      if (directory.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(directory, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }

  private void awaitAnswer() throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(STARTUP);
    while (true) {
      if (!process.isAlive()) {
        throw new IOException("moto_server exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      try {
        HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint + "/moto-api/").toURL().openConnection();
        connection.setConnectTimeout(1000);
        connection.setReadTimeout(5000);
        int status = connection.getResponseCode();
        connection.disconnect();
        if (status / 100 == 2) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IOException("moto_server did not answer at " + endpoint + " within " + STARTUP + ": " + Files.readString(log));
      }
      Thread.sleep(200);
    }
  }

  /** The endpoint of every service, e.g. {@code http://127.0.0.1:5000}. */
  String endpoint() {
    return endpoint;
  }

  @Override
  public void close() throws InterruptedException {
    // the launcher may be a wrapper script: its children go too
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
    }
  }
}
