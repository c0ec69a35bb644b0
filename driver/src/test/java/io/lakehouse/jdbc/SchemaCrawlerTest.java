package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.jdbc.corpus.CorpusWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import schemacrawler.schema.Catalog;
import schemacrawler.schema.Column;
import schemacrawler.schema.Table;
import schemacrawler.schemacrawler.LoadOptionsBuilder;
import schemacrawler.schemacrawler.SchemaCrawlerOptions;
import schemacrawler.schemacrawler.SchemaCrawlerOptionsBuilder;
import schemacrawler.schemacrawler.SchemaInfoLevelBuilder;
import schemacrawler.tools.utility.SchemaCrawlerUtility;
import us.fatehi.utility.datasource.DatabaseConnectionSources;

/**
 * SchemaCrawler, a schema documentation tool that calls nearly every {@code DatabaseMetaData}
 * method a BI tool does, crawls the whole corpus warehouse at its most detailed level: it must log
 * no warning or error and find every table with its format in the remarks.
 */
class SchemaCrawlerTest {

  @Test
  void crawlsTheCorpusWithoutErrors() throws Exception {
    List<String> problems = new ArrayList<>();
    Handler collector = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
          problems.add(record.getLoggerName() + ": " + record.getMessage()
              + (record.getThrown() == null ? "" : " (" + record.getThrown() + ")"));
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger root = Logger.getLogger("");
    root.addHandler(collector);
    Catalog catalog;
    try (Connection connection = DriverManager.getConnection(CorpusWarehouse.url())) {
      SchemaCrawlerOptions options = SchemaCrawlerOptionsBuilder.newSchemaCrawlerOptions()
          .withLoadOptions(LoadOptionsBuilder.builder().withSchemaInfoLevel(SchemaInfoLevelBuilder.maximum()).toOptions());
      catalog = SchemaCrawlerUtility.getCatalog(DatabaseConnectionSources.fromConnection(connection), options);
    } finally {
      root.removeHandler(collector);
    }
    assertEquals(List.of(), problems);

    Map<String, String> formats = new TreeMap<>();
    Path tables = CorpusWarehouse.shared().resolve("tables");
    for (String format : new String[] {"delta", "iceberg"}) {
      try (Stream<Path> dirs = Files.list(tables.resolve(format))) {
        dirs.filter(d -> Files.isDirectory(d.resolve("table")))
            .forEach(d -> formats.put(d.getFileName().toString(), format.equals("delta") ? "Delta" : "Iceberg"));
      }
    }
    Map<String, String> crawled = new TreeMap<>();
    for (Table table : catalog.getTables()) {
      if (table.getSchema().getName().equals("default")) {
        crawled.put(table.getName(), table.getRemarks().split(" ")[0]);
      }
    }
    assertEquals(formats, crawled);

    Table decimals = catalog.getTables().stream()
        .filter(t -> t.getName().equals("basic-decimal-table")).findFirst().orElseThrow();
    List<String> columns = new ArrayList<>();
    for (Column column : decimals.getColumns()) {
      columns.add(column.getName() + " " + column.getColumnDataType().getName() + " " + column.getSize()
          + " " + column.getDecimalDigits());
    }
    assertTrue(columns.contains("part DECIMAL 12 5"), columns.toString());
  }
}
