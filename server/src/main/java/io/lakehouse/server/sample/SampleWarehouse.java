package io.lakehouse.server.sample;

import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.lakehouse.engine.write.DeltaWriter;
import io.lakehouse.engine.write.IcebergWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;

/**
 * Generates a small warehouse to try the engine on: four tables with history, written by Delta
 * Kernel and iceberg-core. The rows are the same on every run (fixed seeds); commit times, file
 * names and Iceberg snapshot ids are not.
 *
 * <ul>
 *   <li>{@code orders} (Delta): version 0 creates 2,000 January orders, version 1 appends 1,000
 *       February orders, version 2 deletes the cancelled ones. In-commit timestamps are on.
 *   <li>{@code page_views} (Delta, partitioned by {@code view_date}): a month of views, one
 *       partition a day; version 0 holds March 1–15, version 1 appends March 16–31.
 *   <li>{@code payments} (Iceberg v2): two appends (the first tagged {@code first}), a position
 *       delete of every voucher payment, an equality delete of three payment ids, and a branch
 *       {@code audit} with 50 refunds that the main branch does not have.
 *   <li>{@code sensor_readings} (Iceberg v2, hidden partition {@code day(ts)}): a reading an hour
 *       from 20 sensors over a week.
 * </ul>
 */
public final class SampleWarehouse {

  static final int JANUARY_ORDERS = 2_000;
  static final int FEBRUARY_ORDERS = 1_000;
  static final int PAGE_VIEWS_PER_DAY = 100;
  static final int PAYMENTS_PER_APPEND = 1_000;
  static final int REFUNDS = 50;
  static final List<Long> ERASED_PAYMENT_IDS = List.of(7L, 42L, 1999L);
  static final int SENSORS = 20;
  static final int SENSOR_DAYS = 7;

  private static final Instant JANUARY = Instant.parse("2024-01-01T00:00:00Z");
  private static final Instant FEBRUARY = Instant.parse("2024-02-01T00:00:00Z");
  private static final LocalDate MARCH = LocalDate.of(2024, 3, 1);
  private static final String[] PRODUCTS = {
    "espresso beans", "green tea", "oat milk", "dark chocolate", "granola", "honey", "olive oil", "sea salt"
  };
  private static final BigDecimal[] PRICES = {
    new BigDecimal("12.90"), new BigDecimal("6.50"), new BigDecimal("2.40"), new BigDecimal("3.75"),
    new BigDecimal("5.20"), new BigDecimal("8.90"), new BigDecimal("14.00"), new BigDecimal("3.10")
  };
  private static final String[] PAGES = {"/", "/products", "/products/tea", "/cart", "/checkout", "/about"};

  private SampleWarehouse() {}

  /** Generates the warehouse into {@code dir}, which must not exist or be empty. */
  public static void generate(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (Stream<Path> children = Files.list(dir)) {
        if (children.findAny().isPresent()) {
          throw new IOException("Not generating a sample warehouse into " + dir + ": it is not empty");
        }
      }
    }
    Files.createDirectories(dir);
    writeOrders(dir.resolve("orders"));
    writePageViews(dir.resolve("page_views"));
    writePayments(dir.resolve("payments"));
    writeSensorReadings(dir.resolve("sensor_readings"));
  }

  private static void writeOrders(Path location) {
    StructType schema = new StructType()
        .add("order_id", LongType.LONG, false)
        .add("customer", StringType.STRING)
        .add("product", StringType.STRING)
        .add("quantity", IntegerType.INTEGER)
        .add("amount", new DecimalType(10, 2))
        .add("status", StringType.STRING)
        .add("ordered_at", TimestampType.TIMESTAMP);
    DeltaWriter orders = DeltaWriter.builder(location.toString(), schema)
        .property("delta.enableInCommitTimestamps", "true")
        .create(orders(1, JANUARY_ORDERS, JANUARY, 1));
    orders.append(orders(JANUARY_ORDERS + 1, FEBRUARY_ORDERS, FEBRUARY, 2));
    orders.delete(new Predicate("=", new Column("status"), Literal.ofString("cancelled")));
  }

  /** Orders {@code first ..} placed over the 28 days after {@code start}. */
  private static List<List<Object>> orders(long first, int count, Instant start, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<List<Object>> rows = new ArrayList<>();
    for (long id = first; id < first + count; id++) {
      int product = random.nextInt(PRODUCTS.length);
      int quantity = 1 + random.nextInt(5);
      int status = random.nextInt(100);
      rows.add(List.of(
          id,
          String.format("C%03d", 1 + random.nextInt(200)),
          PRODUCTS[product],
          quantity,
          PRICES[product].multiply(BigDecimal.valueOf(quantity)),
          status < 70 ? "delivered" : status < 85 ? "shipped" : status < 93 ? "pending" : "cancelled",
          start.plusSeconds(random.nextLong(Duration.ofDays(28).toSeconds()))));
    }
    return rows;
  }

  private static void writePageViews(Path location) {
    StructType schema = new StructType()
        .add("view_date", DateType.DATE)
        .add("page", StringType.STRING)
        .add("user_id", LongType.LONG)
        .add("duration_ms", IntegerType.INTEGER);
    SplittableRandom random = new SplittableRandom(3);
    DeltaWriter views = DeltaWriter.builder(location.toString(), schema)
        .partitionedBy("view_date")
        .create(pageViews(MARCH, 15, random));
    views.append(pageViews(MARCH.plusDays(15), 16, random));
  }

  private static List<List<Object>> pageViews(LocalDate from, int days, SplittableRandom random) {
    List<List<Object>> rows = new ArrayList<>();
    for (int day = 0; day < days; day++) {
      for (int i = 0; i < PAGE_VIEWS_PER_DAY; i++) {
        rows.add(List.of(
            from.plusDays(day), PAGES[random.nextInt(PAGES.length)], 1L + random.nextInt(500), 200 + random.nextInt(60_000)));
      }
    }
    return rows;
  }

  private static void writePayments(Path location) {
    Schema schema = new Schema(
        Types.NestedField.required(1, "payment_id", Types.LongType.get()),
        Types.NestedField.optional(2, "order_id", Types.LongType.get()),
        Types.NestedField.optional(3, "payment_method", Types.StringType.get()),
        Types.NestedField.optional(4, "amount", Types.DecimalType.of(10, 2)),
        Types.NestedField.optional(5, "paid_at", Types.TimestampType.withZone()));
    IcebergWriter payments = IcebergWriter.builder(location.toString(), schema).create();
    long first = payments.append(payments(1, PAYMENTS_PER_APPEND, JANUARY, 4));
    payments.tag("first", first);
    payments.append(payments(PAYMENTS_PER_APPEND + 1, PAYMENTS_PER_APPEND, FEBRUARY, 5));
    payments.deleteWhere(Expressions.equal("payment_method", "voucher"));
    long erased = payments.deleteEqual(
        List.of("payment_id"), ERASED_PAYMENT_IDS.stream().map(id -> List.<Object>of(id)).toList());
    payments.branch("audit", erased);
    List<List<Object>> refunds = new ArrayList<>();
    for (List<Object> payment : payments(2 * PAYMENTS_PER_APPEND + 1, REFUNDS, FEBRUARY, 6)) {
      refunds.add(List.of(payment.get(0), payment.get(1), "refund", ((BigDecimal) payment.get(3)).negate(), payment.get(4)));
    }
    payments.append("audit", refunds);
  }

  private static List<List<Object>> payments(long first, int count, Instant start, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<List<Object>> rows = new ArrayList<>();
    for (long id = first; id < first + count; id++) {
      int method = random.nextInt(100);
      rows.add(List.of(
          id,
          1L + random.nextInt(JANUARY_ORDERS + FEBRUARY_ORDERS),
          method < 60 ? "card" : method < 85 ? "paypal" : method < 95 ? "voucher" : "bank_transfer",
          BigDecimal.valueOf(100 + random.nextInt(20_000), 2),
          start.plusSeconds(random.nextLong(Duration.ofDays(28).toSeconds()))));
    }
    return rows;
  }

  private static void writeSensorReadings(Path location) {
    Schema schema = new Schema(
        Types.NestedField.required(1, "sensor_id", Types.IntegerType.get()),
        Types.NestedField.required(2, "ts", Types.TimestampType.withZone()),
        Types.NestedField.optional(3, "temperature", Types.DoubleType.get()),
        Types.NestedField.optional(4, "humidity", Types.DoubleType.get()));
    IcebergWriter readings = IcebergWriter.builder(location.toString(), schema)
        .partitionSpec(PartitionSpec.builderFor(schema).day("ts").build())
        .create();
    SplittableRandom random = new SplittableRandom(7);
    Instant start = MARCH.atStartOfDay(ZoneOffset.UTC).toInstant();
    List<List<Object>> rows = new ArrayList<>();
    for (int hour = 0; hour < SENSOR_DAYS * 24; hour++) {
      double daily = 4 * Math.sin((hour % 24 - 9) * Math.PI / 12);
      for (int sensor = 1; sensor <= SENSORS; sensor++) {
        double temperature = 18 + sensor * 0.2 + daily + random.nextDouble(-1, 1);
        double humidity = 55 - daily * 2 + random.nextDouble(-5, 5);
        rows.add(List.of(sensor, start.plusSeconds(hour * 3600L), tenths(temperature), tenths(humidity)));
      }
    }
    readings.append(rows);
  }

  private static double tenths(double value) {
    return Math.round(value * 10) / 10.0;
  }

  /** {@code SampleWarehouse <directory>}: generates the warehouse; removes what it wrote when it fails. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: SampleWarehouse <directory>");
      System.exit(2);
    }
    Path dir = Path.of(args[0]).toAbsolutePath();
    boolean existed = Files.exists(dir);
    try {
      generate(dir);
    } catch (IOException | RuntimeException e) {
      try {
        deleteWritten(dir, existed);
      } catch (IOException | RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /** Deletes what a failed run wrote: the directory itself unless it was there before. */
  private static void deleteWritten(Path dir, boolean keepDir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (!(keepDir && path.equals(dir))) {
          Files.delete(path);
        }
      }
    }
  }
}
