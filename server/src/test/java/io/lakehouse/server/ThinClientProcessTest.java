package io.lakehouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.jdbc.corpus.CorpusWarehouse;
import io.lakehouse.server.thin.ThinClient;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote user's view: Avatica's shaded thin-client jar, alone on the classpath of a JVM of its
 * own, gets through the server what an embedded connection gets for the same commands: decimals
 * with their precision, both timestamp kinds, nested values, nulls, a prepared statement with a
 * parameter, time travel, a metadata table, {@code DatabaseMetaData.getTables/getColumns} and the
 * product name and version (with the server's client-name resource on the client's class path).
 *
 * <p>Avatica 1.28's server cannot put a struct nested in another value, a NULL struct, a map
 * or some arrays holding NULLs into a frame (it fails loudly), so nested structs are read by field
 * access here, and maps and the array corpus tables are left out.
 */
class ThinClientProcessTest {

  private static final List<String> COMMANDS =
      List.of(
          "metadata",
          "query SELECT * FROM \"basic-decimal-table\"",
          "query SELECT \"ByteType\", \"ShortType\", \"IntegerType\", \"LongType\", \"FloatType\", \"DoubleType\","
              + " \"decimal\", \"BooleanType\", \"StringType\", \"BinaryType\", \"DateType\", \"TimestampType\","
              + " \"TimestampNTZType\", \"array_of_prims\", \"array_of_arrays\", \"map_of_prims\", \"map_of_arrays\","
              + " \"nested_struct\" IS NULL FROM \"parquet-all-types\"",
          "query SELECT * FROM \"data-reader-timestamp_ntz\"",
          "query SELECT * FROM \"iceberg_timestamptz_part\"",
          "query SELECT t.\"b\", t.\"a\".\"aa\", t.\"a\".\"ac\".\"acb\" FROM \"data-reader-nested-struct\" t",
          "query SELECT * FROM \"iceberg_v2_delete_equality_nulls\"",
          "query SELECT * FROM \"dat-basic_append\" FOR VERSION AS OF 0",
          "query SELECT \"version\", \"operation\" FROM \"dat-basic_append$history\"",
          "query SELECT l.\"letter\", COUNT(*) FROM \"dat-basic_append\" l JOIN \"dat-basic_append\" FOR VERSION AS OF 0 r"
              + " ON l.\"letter\" = r.\"letter\" GROUP BY l.\"letter\"",
          "prepared 50|SELECT COUNT(*), MIN(\"id\") FROM \"basic-with-inserts-updates\" WHERE \"id\" >= ?");

  @TempDir Path dir;

  @Test
  void thinClientInItsOwnJvmSeesWhatEmbeddedSees() throws Exception {
    Path commands = Files.write(dir.resolve("commands.txt"), COMMANDS, StandardCharsets.UTF_8);
    String embedded;
    try (Connection connection = DriverManager.getConnection(CorpusWarehouse.url())) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ThinClient.run(connection, COMMANDS, new PrintStream(bytes, true, StandardCharsets.UTF_8));
      embedded = bytes.toString(StandardCharsets.UTF_8);
    }
    try (LakehouseServer server = LakehouseServer.start(TestServers.corpus())) {
      String remote = runThinClient(server.url(), commands);
      assertTrue(embedded.contains("product Lakehouse JDBC 0.1.0"), embedded.lines().limit(3).toList().toString());
      // the product line too: the client-name resource beside Avatica's jar names our product
      assertEquals(embedded, remote);
    }
  }

  /** Runs {@link ThinClient} with only the shaded thin-client jar and the test classes. */
  static String runThinClient(String url, Path commands) throws Exception {
    Path output = commands.resolveSibling("thin-client.out");
    Process process = startThinClient(url, commands, output);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the thin client did not finish in 120 s");
    }
    String errors = Files.readString(commands.resolveSibling("thin-client.err"));
    assertEquals(0, process.exitValue(), "thin client failed: " + errors);
    return Files.readString(output, StandardCharsets.UTF_8);
  }

  /**
   * Starts {@link ThinClient} in a JVM of its own with only the shaded thin-client jar and the
   * test classes, writing to {@code output} (errors beside the commands, in thin-client.err).
   */
  static Process startThinClient(String url, Path commands, Path output) throws Exception {
    Path jar = Path.of("target", "thin-client", "avatica.jar").toAbsolutePath();
    Path slf4j = jar.resolveSibling("slf4j-api.jar");
    assertTrue(Files.isRegularFile(jar) && Files.isRegularFile(slf4j), "the build copies Avatica's client jar to " + jar);
    // what the client-name jar holds: the thin driver's product name and version
    Path clientName = Path.of("target", "client-name").toAbsolutePath();
    assertTrue(Files.isRegularFile(clientName.resolve("org-apache-calcite-jdbc.properties")), "the build writes " + clientName);
    Path testClasses = Path.of(ThinClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String classPath =
        String.join(File.pathSeparator, jar.toString(), slf4j.toString(), clientName.toString(), testClasses.toString());
    return new ProcessBuilder(
            java.toString(), "-Xmx256m", "-Duser.timezone=" + System.getProperty("user.timezone"),
            "-cp", classPath, ThinClient.class.getName(), url, commands.toString())
        .redirectOutput(output.toFile())
        .redirectError(ProcessBuilder.Redirect.appendTo(commands.resolveSibling("thin-client.err").toFile()))
        .start();
  }
}
