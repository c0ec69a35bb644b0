package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakehouse.jdbc.corpus.CorpusWarehouse;
import io.lakehouse.jdbc.corpus.Csv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The self-contained driver jar ({@code target/lakehouse-jdbc-<version>.jar}, built in
 * {@code package}): what it holds, and that it answers queries when a BI tool loads it from the jar
 * alone ({@link IsolatedDriverRun}) in a fresh JVM started without any flags. The expected rows come
 * from the tables' writers: the corpus cases for Delta, Impala's results for Iceberg.
 */
class DriverJarIT {

  private static final String DELTA = "dat-basic_append";
  private static final String ICEBERG = "iceberg_v2_delete_positional";

  private static Path jar;

  @BeforeAll
  static void locateJar() {
    String location = System.getProperty("lakehouse.driver.jar");
    assertNotNull(location, "system property lakehouse.driver.jar is not set");
    jar = Path.of(location);
    assertTrue(Files.isRegularFile(jar), "no driver jar at " + jar);
  }

  @Test
  void jarRegistersOnlyOurDriverAndLeavesTheServerOut() throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry services = zip.getEntry("META-INF/services/java.sql.Driver");
      assertNotNull(services);
      String drivers = new String(zip.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8).trim();
      assertEquals(LakehouseDriver.class.getName(), drivers);
      assertNotNull(zip.getEntry("org/apache/arrow/memory/unsafe/DefaultAllocationManagerFactory.class"),
          "Arrow finds its allocation manager by this exact name");
      assertNotNull(zip.getEntry("io/lakehouse/jdbc/driver.properties"));
      List<String> unwanted = new ArrayList<>();
      zip.stream().map(ZipEntry::getName)
          .filter(name -> name.startsWith("org/eclipse/jetty/") || name.startsWith("javax/servlet/")
              || name.startsWith("org/apache/calcite/avatica/server/")
              || name.startsWith("com/google/common/") || name.startsWith("com/fasterxml/jackson/")
              || name.startsWith("com/google/protobuf/")
              || (name.startsWith("META-INF/") && (name.endsWith(".SF") || name.endsWith(".RSA") || name.endsWith(".DSA"))))
          .limit(10)
          .forEach(unwanted::add);
      assertEquals(List.of(), unwanted, "server classes, unrelocated libraries or signatures in the driver jar");
    }
  }

  @Test
  void queriesDeltaAndIcebergWithTimeTravelFromAnIsolatedClassLoader() throws Exception {
    Map<String, List<String>> queries = new LinkedHashMap<>();
    for (String version : new String[] {"v0", "v1"}) {
      String id = "c_delta_" + DELTA + "_" + version;
      Path cases = CorpusWarehouse.shared().resolve("corpus-cases");
      String sql = Files.readString(cases.resolve(id + ".sql"), StandardCharsets.UTF_8).trim();
      List<List<String>> csv = Csv.parse(Files.readString(cases.resolve(id + ".csv"), StandardCharsets.UTF_8));
      List<String> rows = new ArrayList<>();
      for (List<String> row : csv.subList(1, csv.size())) {
        rows.add(String.join("|", row));
      }
      queries.put(sql, rows);
    }
    JsonNode impala = new ObjectMapper().readTree(
        CorpusWarehouse.shared().resolve("tables/iceberg/" + ICEBERG + "/expected/impala_queries.json").toFile());
    long firstSnapshot = 6816997371555012807L;
    queries.put(
        "SELECT count(*) FROM " + ICEBERG + " FOR VERSION AS OF " + firstSnapshot,
        impalaRows(impala, "SELECT count(*) from " + ICEBERG + " for system_version as of " + firstSnapshot));
    queries.put("SELECT * FROM " + ICEBERG, impalaRows(impala, "SELECT * from " + ICEBERG + ";"));

    List<String> command = new ArrayList<>(List.of(
        javaBinary(), "-cp", classpathOf(IsolatedDriverRun.class), IsolatedDriverRun.class.getName(),
        jar.toString(), CorpusWarehouse.url()));
    command.addAll(queries.keySet());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the isolated run did not finish");
    assertEquals(0, process.exitValue(), output);

    Map<String, List<String>> answers = parse(output);
    String version = LakehouseDriver.VERSION;
    assertTrue(output.contains("product Lakehouse JDBC " + version), output);
    assertTrue(output.contains("driver Lakehouse JDBC " + version), output);
    for (Map.Entry<String, List<String>> query : queries.entrySet()) {
      List<String> expected = new ArrayList<>(query.getValue());
      List<String> actual = answers.get(query.getKey());
      assertNotNull(actual, "no answer to " + query.getKey() + " in\n" + output);
      assertFalse(expected.isEmpty(), query.getKey());
      Collections.sort(expected);
      Collections.sort(actual);
      assertEquals(expected, actual, query.getKey());
    }
  }

  /** The result rows of an Impala query, as {@code a|b} lines. */
  private static List<String> impalaRows(JsonNode impala, String query) {
    for (JsonNode entry : impala.get("queries")) {
      if (entry.get("query_impala_sql").asText().equals(query)) {
        List<String> rows = new ArrayList<>();
        entry.get("results").forEach(r -> rows.add(r.asText().replace("'", "").replace(",", "|")));
        return rows;
      }
    }
    throw new IllegalStateException("no Impala result for " + query);
  }

  private static Map<String, List<String>> parse(String output) {
    Map<String, List<String>> answers = new LinkedHashMap<>();
    List<String> current = null;
    for (String line : output.split("\n")) {
      if (line.startsWith("## ")) {
        current = new ArrayList<>();
        answers.put(line.substring(3), current);
      } else if (current != null && !line.isBlank() && !line.startsWith("WARNING:")) {
        current.add(line);
      }
    }
    return answers;
  }

  /** The java binary of this JVM, or the one named by {@code lakehouse.it.java} (to try JDK 25). */
  private static String javaBinary() {
    String other = System.getProperty("lakehouse.it.java");
    if (other != null && !other.isBlank()) {
      return other;
    }
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String classpathOf(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
