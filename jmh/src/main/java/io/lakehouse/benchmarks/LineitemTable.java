package io.lakehouse.benchmarks;

import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.write.DeltaWriter;
import io.trino.tpch.LineItem;
import io.trino.tpch.LineItemGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * TPC-H lineitem rows from dbgen's Java port ({@code io.trino.tpch}, the same rows as dbgen for a
 * scale factor) written as one Delta commit of {@value #FILES} Snappy Parquet files through
 * {@link DeltaWriter}. Columns and types are the specification's: keys as bigint, money and
 * quantities as decimal(15,2), flags and text as string, dates as date.
 */
public final class LineitemTable {

  /** The table's name in its warehouse. */
  public static final String NAME = "lineitem";
  /** Data files the rows are spread over (the last one a little smaller). */
  static final int FILES = 8;
  /** Rows at scale factor 1. */
  private static final long ROWS_AT_SF1 = 6_001_215;

  static final StructType SCHEMA = new StructType()
      .add("l_orderkey", LongType.LONG, false)
      .add("l_partkey", LongType.LONG, false)
      .add("l_suppkey", LongType.LONG, false)
      .add("l_linenumber", IntegerType.INTEGER, false)
      .add("l_quantity", new DecimalType(15, 2), false)
      .add("l_extendedprice", new DecimalType(15, 2), false)
      .add("l_discount", new DecimalType(15, 2), false)
      .add("l_tax", new DecimalType(15, 2), false)
      .add("l_returnflag", StringType.STRING, false)
      .add("l_linestatus", StringType.STRING, false)
      .add("l_shipdate", DateType.DATE, false)
      .add("l_commitdate", DateType.DATE, false)
      .add("l_receiptdate", DateType.DATE, false)
      .add("l_shipinstruct", StringType.STRING, false)
      .add("l_shipmode", StringType.STRING, false)
      .add("l_comment", StringType.STRING, false);

  private LineitemTable() {}

  /**
   * The warehouse holding the lineitem table of a scale factor under {@code root}
   * ({@code root/sf<scale>/lineitem}), generated first when it is not there. Generation writes
   * into a sibling directory and renames it, so an interrupted run leaves no half table behind.
   */
  public static Path ensure(Path root, double scaleFactor) throws IOException {
    String name = "sf" + String.format(Locale.ROOT, "%s", scaleFactor);
    Path warehouse = root.resolve(name);
    if (Files.isDirectory(warehouse.resolve(NAME).resolve("_delta_log"))) {
      return warehouse;
    }
    Path partial = root.resolve(name + ".partial-" + ProcessHandle.current().pid());
    deleteTree(partial);
    write(partial.resolve(NAME), scaleFactor);
    Files.move(partial, warehouse, StandardCopyOption.ATOMIC_MOVE);
    return warehouse;
  }

  /** The table's data files, sorted: every Parquet file in it, as it has a single commit. */
  static List<Path> dataFiles(Path warehouse) throws IOException {
    try (Stream<Path> files = Files.list(warehouse.resolve(NAME))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
  }

  private static void write(Path table, double scaleFactor) {
    long expectedRows = (long) Math.ceil(ROWS_AT_SF1 * scaleFactor * 1.01);
    int rowsPerFile = (int) Math.max(1, (expectedRows + FILES - 1) / FILES);
    DeltaWriter.builder(table.toString(), SCHEMA)
        .storage(Storage.create(Map.of("parquet.compression", "SNAPPY")))
        .rowsPerFile(rowsPerFile)
        .create(rows(scaleFactor));
  }

  /** The rows of a scale factor in dbgen's order (by order key), as the write API takes them. */
  static Iterable<List<Object>> rows(double scaleFactor) {
    return () -> lineitems(new LineItemGenerator(scaleFactor, 1, 1).iterator());
  }

  private static Iterator<List<Object>> lineitems(Iterator<LineItem> items) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return items.hasNext();
      }

      @Override
      public List<Object> next() {
        LineItem item = items.next();
        return List.of(
            item.getOrderKey(),
            item.getPartKey(),
            item.getSupplierKey(),
            item.getLineNumber(),
            BigDecimal.valueOf(item.getQuantity()),
            BigDecimal.valueOf(item.getExtendedPriceInCents(), 2),
            BigDecimal.valueOf(item.getDiscountPercent(), 2),
            BigDecimal.valueOf(item.getTaxPercent(), 2),
            item.getReturnFlag(),
            item.getStatus(),
            LocalDate.ofEpochDay(item.getShipDate()),
            LocalDate.ofEpochDay(item.getCommitDate()),
            LocalDate.ofEpochDay(item.getReceiptDate()),
            item.getShipInstructions(),
            item.getShipMode(),
            item.getComment());
      }
    };
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
}
