package io.lakehouse.benchmarks.tpch;

import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.write.DeltaWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.Parquet;

/**
 * Writes the eight TPC-H tables of a scale factor as a warehouse of one format under a root
 * directory: {@code root/sf<scale>/<format>/<table>}, each table one commit (one snapshot) of
 * Snappy Parquet files, the large tables spread over several files. Delta tables are written with
 * {@link DeltaWriter} (Delta Kernel), Iceberg tables with iceberg-core and iceberg-data's generic
 * Parquet writer. The same scale factor always gives the same rows.
 */
public final class TpchData {

  /** Written into a warehouse once all its tables are. */
  private static final String COMPLETE_MARKER = ".complete";

  private TpchData() {}

  /**
   * The warehouse holding the tables of a scale factor in a format, generated first when it is not
   * there. Iceberg's metadata records absolute paths, so the tables are written in place; a marker
   * file written last tells a complete warehouse from one an interrupted run left behind, which is
   * deleted and written again.
   */
  public static Path ensure(Path root, double scaleFactor, TpchFormat format) throws IOException {
    Path warehouse = root.resolve("sf" + String.format(Locale.ROOT, "%s", scaleFactor)).resolve(format.parameter());
    Path complete = warehouse.resolve(COMPLETE_MARKER);
    if (Files.exists(complete)) {
      return warehouse;
    }
    deleteTree(warehouse);
    Files.createDirectories(warehouse);
    for (String table : TpchSchema.tableNames()) {
      Path location = warehouse.resolve(table);
      switch (format) {
        case DELTA -> writeDelta(location, table, scaleFactor);
        case ICEBERG -> writeIceberg(location, table, scaleFactor);
      }
    }
    Files.createFile(complete);
    return warehouse;
  }

  private static void writeDelta(Path location, String table, double scaleFactor) {
    DeltaWriter.builder(location.toString(), TpchSchema.deltaSchema(table))
        .storage(Storage.create(Map.of("parquet.compression", "SNAPPY")))
        .rowsPerFile(TpchSchema.rowsPerFile(table, scaleFactor))
        .create(TpchSchema.rows(table, scaleFactor));
  }

  /** Streams the rows into data files of {@link TpchSchema#rowsPerFile} rows and appends them in one snapshot. */
  private static void writeIceberg(Path location, String name, double scaleFactor) {
    Schema schema = TpchSchema.icebergSchema(name);
    Table table = new HadoopTables(Storage.local().hadoopConf()).create(
        schema, PartitionSpec.unpartitioned(),
        Map.of(TableProperties.FORMAT_VERSION, "2", TableProperties.PARQUET_COMPRESSION, "snappy"),
        location.toString());
    OutputFileFactory files = OutputFileFactory.builderFor(table, 0, 0).format(FileFormat.PARQUET).build();
    int rowsPerFile = TpchSchema.rowsPerFile(name, scaleFactor);
    GenericRecord template = GenericRecord.create(schema);
    AppendFiles append = table.newAppend();
    Iterator<List<Object>> rows = TpchSchema.rows(name, scaleFactor).iterator();
    while (rows.hasNext()) {
      try {
        DataWriter<Record> writer = Parquet.writeData(files.newOutputFile())
            .forTable(table)
            .withSpec(table.spec())
            .createWriterFunc(GenericParquetWriter::create)
            .overwrite()
            .build();
        try (writer) {
          for (int n = 0; n < rowsPerFile && rows.hasNext(); n++) {
            List<Object> row = rows.next();
            Record record = template.copy();
            for (int i = 0; i < row.size(); i++) {
              record.set(i, row.get(i));
            }
            writer.write(record);
          }
        }
        append.appendFile(writer.toDataFile());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write a data file of " + location, e);
      }
    }
    append.commit();
  }

  /**
   * A table's live data files, sorted: every Parquet file of the table, as each table is one commit
   * with no deletes (Delta keeps them beside {@code _delta_log}, Iceberg under {@code data/}).
   */
  public static List<Path> dataFiles(Path warehouse, String table, TpchFormat format) throws IOException {
    Path dir = format.dataDirectory(warehouse.resolve(table));
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /**
   * Where benchmarks keep generated data: {@code -Dlakehouse.benchmark.data}, else {@code
   * benchmark-data/} beside the benchmarks jar (or classes directory).
   */
  public static Path benchmarkRoot() {
    String configured = System.getProperty("lakehouse.benchmark.data");
    if (configured != null) {
      return Path.of(configured);
    }
    try {
      Path code = Path.of(TpchData.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return code.getParent().resolve("benchmark-data");
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("Cannot locate the benchmarks' code", e);
    }
  }
}
