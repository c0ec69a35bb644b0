package io.lakehouse.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.server.sample.SampleWarehouse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The non-interactive shell ({@code -e}, {@code -f}, standard input) over the sample warehouse:
 * each output format, the shell's commands, and how failures are reported.
 */
class LakehouseShellTest {

  /** Three rows with a NULL, an empty string, a comma, a quote and a line break. */
  private static final String AWKWARD_VALUES = "SELECT * FROM (VALUES"
      + " (1, CAST('a,b' AS VARCHAR), CAST(NULL AS VARCHAR)),"
      + " (22, CAST('say \"hi\"' AS VARCHAR), CAST('' AS VARCHAR)),"
      + " (333, CAST('two\nlines' AS VARCHAR), CAST('x' AS VARCHAR))) AS t(n, s, e)";

  @TempDir static Path dir;
  private static Path warehouse;

  @BeforeAll
  static void generate() throws IOException {
    warehouse = dir.resolve("warehouse");
    SampleWarehouse.generate(warehouse);
  }

  /** What a run of the shell printed and returned. */
  record Result(int exitCode, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  private static Result shellWithInput(String stdin, String... args) {
    List<String> all = new ArrayList<>(List.of(warehouse.toString()));
    all.addAll(List.of(args));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = LakehouseShell.run(LakehouseShell.parse(all.toArray(String[]::new)),
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Result shell(String... args) {
    return shellWithInput("", args);
  }

  @Test
  void tableFormatAlignsColumnsAndShowsNullApartFromTheEmptyString() {
    Result result = shell("-e", AWKWARD_VALUES + " ORDER BY n");
    assertEquals(0, result.exitCode(), result.err());
    assertEquals(List.of(
        "  n | s        | e",
        "----+----------+-----",
        "  1 | a,b      | NULL",
        " 22 | say \"hi\" |",
        "333 | two      | x",
        "    | lines    |"), result.lines().subList(0, 6));
    assertTrue(result.lines().get(6).matches("\\(3 rows, [0-9.]+ s\\)"), result.lines().get(6));
  }

  @Test
  void tableFormatReportsRowsTimeAndWhatTheScansRead() {
    // version 0 of orders holds the 2,000 January orders, in one data file
    Result result = shell("-e", "SELECT COUNT(*) AS january FROM orders FOR VERSION AS OF 0");
    assertEquals(0, result.exitCode(), result.err());
    assertEquals(List.of("january", "-------", "   2000"), result.lines().subList(0, 3));
    assertTrue(result.lines().get(3).matches("\\(1 row, [0-9.]+ s; files 1 of 1, row groups \\d+ of \\d+, [0-9.]+ MB read\\)"),
        result.lines().get(3));
  }

  @Test
  void explainShowsThePlanLineByLine() {
    Result result = shell("-e", "EXPLAIN PLAN FOR SELECT order_id FROM orders WHERE order_id < 5");
    assertEquals(0, result.exitCode(), result.err());
    List<String> lines = result.lines();
    assertEquals("PLAN", lines.get(0));
    assertTrue(lines.stream().anyMatch(l -> l.strip().startsWith("LakehouseTableScan(table=[[default, orders]]")
        && l.contains("filter=[order_id < 5]")), result.out());
    assertTrue(lines.get(lines.size() - 2).matches("\\(1 row, [0-9.]+ s\\)"), result.out());
  }

  @Test
  void describeListsColumnsTypesAndNullability() {
    Result result = shell("-e", "\\d orders\n!describe PAYMENTS\n\\d \"orders$history\"");
    assertEquals(0, result.exitCode(), result.err());
    String out = result.out();
    // the schemas SampleWarehouse writes: order_id is Delta's only non-nullable column, payment_id Iceberg's
    assertTrue(out.contains("""
        column     | type                           | nullable
        -----------+--------------------------------+---------
        order_id   | BIGINT                         | NO
        customer   | VARCHAR                        | YES
        product    | VARCHAR                        | YES
        quantity   | INTEGER                        | YES
        amount     | DECIMAL(10, 2)                 | YES
        status     | VARCHAR                        | YES
        ordered_at | TIMESTAMP WITH LOCAL TIME ZONE | YES
        (7 columns)
        """), out);
    // the title names the table's format and location (DatabaseMetaData's REMARKS)
    assertTrue(out.matches("(?s).*Table default\\.orders: Delta table at file:[^\\n]*/orders/\n.*"), out);
    assertTrue(out.matches("(?s).*Table default\\.payments: Iceberg table at file:[^\\n]*/payments/\n.*"), out);
    assertTrue(out.contains("payment_id     | BIGINT                         | NO\n"), out);
    assertTrue(out.contains("payment_method | VARCHAR                        | YES\n"), out);
    assertTrue(out.contains("Table \"orders$history\"\n"), out);
    assertTrue(out.contains("version              | BIGINT                         | NO\n"), out);
  }

  @Test
  void describeOfAnUnknownTableFailsWithTheEnginesError() {
    Result result = shell("-e", "\\d no_such_table");
    assertEquals(1, result.exitCode());
    assertTrue(result.err().startsWith("Error [42000]: "), result.err());
    assertTrue(result.err().contains("no_such_table"), result.err());
  }

  @Test
  void tableListShowsTheDataTablesOnly() {
    Result result = shell("-e", "\\dt\n!tables");
    assertEquals(0, result.exitCode(), result.err());
    List<String> expected = List.of(
        "schema  | table           | type  | remarks",
        "default | orders          | TABLE | Delta table at file:",
        "default | page_views      | TABLE | Delta table at file:",
        "default | payments        | TABLE | Iceberg table at file:",
        "default | sensor_readings | TABLE | Iceberg table at file:",
        "(4 tables)");
    List<String> lines = result.lines();
    assertEquals(expected, prefixes(lines.subList(0, 7)));
    int second = lines.lastIndexOf(lines.get(0));
    assertTrue(second > 7, result.out());
    assertEquals(expected, prefixes(lines.subList(second, second + 7)));
  }

  @Test
  void withSeveralCatalogsTablesAreListedAndDescribedWithTheirCatalog() {
    String url = "jdbc:lakehouse:" + warehouse + ";catalog.copy.type=directory;catalog.copy.location=" + warehouse;
    List<String> args = List.of(url, "-e", "\\dt\n\\d copy.default.payments\n\\d orders");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = LakehouseShell.run(LakehouseShell.parse(args.toArray(String[]::new)),
        new ByteArrayInputStream(new byte[0]), out, err);
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(
        List.of(
            "catalog   | schema  | table           | type  | remarks",
            "copy      | default | orders          | TABLE | Delta table at file:",
            "copy      | default | page_views      | TABLE | Delta table at file:",
            "copy      | default | payments        | TABLE | Iceberg table at file:",
            "copy      | default | sensor_readings | TABLE | Iceberg table at file:",
            "warehouse | default | orders          | TABLE | Delta table at file:",
            "warehouse | default | page_views      | TABLE | Delta table at file:",
            "warehouse | default | payments        | TABLE | Iceberg table at file:",
            "warehouse | default | sensor_readings | TABLE | Iceberg table at file:",
            "(8 tables)"),
        prefixes(lines.subList(0, 11)));
    String text = String.join("\n", lines);
    assertTrue(text.matches("(?s).*Table copy\\.default\\.payments: Iceberg table at file:[^\\n]*/payments/\n.*"), text);
    // without a catalog, the current one: the URL's
    assertTrue(text.matches("(?s).*Table warehouse\\.default\\.orders: Delta table at file:[^\\n]*/orders/\n.*"), text);
  }

  /** The lines without the rule under the header, each cut after its {@code file:} (locations are temporary). */
  private static List<String> prefixes(List<String> lines) {
    List<String> cut = new java.util.ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (i == 1) {
        continue;
      }
      String line = lines.get(i);
      int file = line.indexOf("file:");
      cut.add(file < 0 ? line.stripTrailing() : line.substring(0, file + "file:".length()));
    }
    return cut;
  }

  @Test
  void aFailingStatementStopsTheScriptWithItsSqlStateOnStandardError() {
    Result result = shell("-e", "SELECT 1 AS n1; SELECT * FROM no_such_table; SELECT 2 AS n2");
    assertEquals(1, result.exitCode());
    assertTrue(result.out().startsWith("n1\n--\n 1\n"), result.out());
    assertTrue(!result.out().contains("n2"), result.out());
    assertTrue(result.err().startsWith(
        "Error [42000]: From line 1, column 15 to line 1, column 27: Object 'no_such_table' not found. "
            + "The warehouse has 4 tables;"), result.err());
    assertEquals(1, result.err().lines().count(), result.err());
  }

  @Test
  void aSyntaxErrorHasItsSqlState() {
    Result result = shell("--format", "csv", "-e", "SELEC 1");
    assertEquals(1, result.exitCode());
    assertEquals("", result.out());
    assertTrue(result.err().startsWith("Error [42601]: "), result.err());
  }

  @Test
  void aFailureRaisedAsSomethingElseThanAnSqlExceptionStillFailsTheScriptAndIsReported() {
    Result result = shell("-e", "SELECT 1 AS n1; SELECT 1 / 0 AS never; SELECT 2 AS n2");
    assertEquals(1, result.exitCode());
    assertTrue(result.out().startsWith("n1\n"), result.out());
    assertTrue(!result.out().contains("n2"), result.out());
    assertTrue(result.err().toLowerCase(Locale.ROOT).contains("zero"), result.err());
  }

  @Test
  void anUnknownCommandFails() {
    Result result = shell("-e", "\\frobnicate");
    assertEquals(1, result.exitCode());
    assertTrue(result.err().contains("Unknown command \\frobnicate"), result.err());
  }

  @Test
  void csvFollowsRfc4180WithNullAsAnEmptyUnquotedField() {
    Result result = shell("--format", "csv", "-e", AWKWARD_VALUES + " ORDER BY n");
    assertEquals(0, result.exitCode(), result.err());
    assertEquals("n,s,e\r\n1,\"a,b\",\r\n22,\"say \"\"hi\"\"\",\"\"\r\n333,\"two\nlines\",x\r\n", result.out());
  }

  @Test
  void tsvEscapesLikePostgresTextFormat() {
    Result result = shell("--format=tsv", "-e", AWKWARD_VALUES + " ORDER BY n");
    assertEquals(0, result.exitCode(), result.err());
    assertEquals("n\ts\te\n1\ta,b\t\\N\n22\tsay \"hi\"\t\n333\ttwo\\nlines\tx\n", result.out());
  }

  @Test
  void jsonWritesOneObjectPerRowWithTypedValues() {
    Result result = shell("--format", "json", "-e", AWKWARD_VALUES + " ORDER BY n;"
        + " SELECT TRUE AS b, CAST(2.50 AS DECIMAL(5, 2)) AS d, DATE '2024-01-02' AS dt, 1 AS x, 2 AS x");
    assertEquals(0, result.exitCode(), result.err());
    assertEquals("""
        {"n":1,"s":"a,b","e":null}
        {"n":22,"s":"say \\"hi\\"","e":""}
        {"n":333,"s":"two\\nlines","e":"x"}
        {"b":true,"d":2.50,"dt":"2024-01-02","x":1,"x_2":2}
        """, result.out());
  }

  @Test
  void scriptFilesAndExpressionsRunInCommandLineOrder(@TempDir Path scripts) throws IOException {
    Path file = scripts.resolve("report.sql");
    Files.writeString(file, """
        -- orders per version (see SampleWarehouse)
        SELECT COUNT(*) AS v0 FROM orders FOR VERSION AS OF 0;
        \\d page_views
        SELECT COUNT(*) AS v1 FROM orders FOR VERSION AS OF 1
        """);
    Result result = shell("--format", "csv", "-e", "SELECT 'first' AS step", "-f", file.toString(),
        "-e", "SELECT 'last' AS step");
    assertEquals(0, result.exitCode(), result.err());
    // version 0: 2,000 January orders; version 1 appends 1,000 February orders
    assertEquals("step\r\nfirst\r\nv0\r\n2000\r\ncolumn,type,nullable\r\nview_date,DATE,YES\r\npage,VARCHAR,YES\r\n"
        + "user_id,BIGINT,YES\r\nduration_ms,INTEGER,YES\r\nv1\r\n3000\r\nstep\r\nlast\r\n", result.out());
  }

  @Test
  void standardInputIsAScriptWhenThereIsNoOtherAndQuitEndsIt() {
    Result result = shellWithInput("SELECT 'in' AS s;\n\\q\nSELECT 'never' AS s;\n", "--format", "tsv");
    assertEquals(0, result.exitCode(), result.err());
    assertEquals("s\nin\n", result.out());
  }

  @Test
  void aWarehouseThatCannotBeOpenedIsAnError() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = LakehouseShell.run(LakehouseShell.parse(new String[] {"jdbc:lakehouse:" + dir.resolve("missing"), "-e", "SELECT 1"}),
        new ByteArrayInputStream(new byte[0]), out, err);
    String error = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, code, error);
    assertTrue(error.contains(dir.resolve("missing").toString()), error);
  }

  @Test
  void badArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> LakehouseShell.parse(new String[] {}));
    assertThrows(IllegalArgumentException.class, () -> LakehouseShell.parse(new String[] {"wh", "--format", "xml"}));
    assertThrows(IllegalArgumentException.class, () -> LakehouseShell.parse(new String[] {"wh", "-e"}));
    assertThrows(IllegalArgumentException.class, () -> LakehouseShell.parse(new String[] {"wh", "other"}));
    assertNull(LakehouseShell.parse(new String[] {"--help"}));
    assertEquals("jdbc:lakehouse:wh;relocate=true", LakehouseShell.parse(new String[] {"jdbc:lakehouse:wh;relocate=true"}).url());
    assertEquals("jdbc:lakehouse:/data/wh", LakehouseShell.parse(new String[] {"/data/wh"}).url());
  }
}
