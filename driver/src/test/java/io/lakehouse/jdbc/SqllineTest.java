package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.jdbc.corpus.CorpusWarehouse;
import io.lakehouse.jdbc.corpus.Csv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sqlline, the command-line SQL client, runs a script against the driver in a JVM of its own: its
 * {@code !tables}, {@code !columns}, {@code !primarykeys} and {@code !dbinfo} commands go through
 * {@code DatabaseMetaData}, and a time-travel query must print the rows the table's writer
 * recorded for that version (a corpus case).
 */
class SqllineTest {

  @TempDir Path dir;

  @Test
  void runsAScript() throws Exception {
    String table = "dat-basic_append";
    Path cases = CorpusWarehouse.shared().resolve("corpus-cases");
    List<List<String>> expected =
        Csv.parse(Files.readString(cases.resolve("c_delta_" + table + "_v0.csv"), StandardCharsets.UTF_8));
    String query = Files.readString(cases.resolve("c_delta_" + table + "_v0.sql"), StandardCharsets.UTF_8).trim();
    Path script = dir.resolve("script.sql");
    Files.writeString(script, String.join("\n",
        "!tables",
        "!columns " + table,
        "!primarykeys " + table,
        "!dbinfo",
        query + ";",
        ""));
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "sqlline.SqlLine",
        "-u", CorpusWarehouse.url(), "-n", "", "-p", "",
        "--outputformat=csv", "--showHeader=false", "--silent=true", "--maxWidth=400",
        "-f", script.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(3, TimeUnit.MINUTES), output);
    assertEquals(0, process.exitValue(), output);

    assertFalse(output.contains("Error"), output);
    assertTrue(output.contains("'default','" + table + "','TABLE','Delta table at "), output);
    assertTrue(output.contains("'default','" + table + "','letter','12','VARCHAR'"), output);
    assertTrue(output.contains("Lakehouse JDBC"), output);
    List<String> rows = new ArrayList<>();
    for (List<String> row : expected.subList(1, expected.size())) {
      String line = "'" + String.join("','", row) + "'";
      rows.add(line);
      assertTrue(output.contains(line), line + " not in\n" + output);
    }
    assertEquals(3, rows.size());
  }
}
