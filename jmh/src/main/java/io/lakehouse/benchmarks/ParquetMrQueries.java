package io.lakehouse.benchmarks;

import static org.apache.parquet.filter2.predicate.FilterApi.and;
import static org.apache.parquet.filter2.predicate.FilterApi.gtEq;
import static org.apache.parquet.filter2.predicate.FilterApi.intColumn;
import static org.apache.parquet.filter2.predicate.FilterApi.longColumn;
import static org.apache.parquet.filter2.predicate.FilterApi.lt;
import static org.apache.parquet.filter2.predicate.FilterApi.ltEq;

import io.lakehouse.benchmarks.tpch.TpchData;
import io.lakehouse.benchmarks.tpch.TpchFormat;
import io.lakehouse.engine.io.Storage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Answers the queries with parquet-mr's record reader and its example {@link Group} API, file after
 * file on one thread: what a Java program does without an engine. Projections are pushed down as
 * a requested schema, and the filter as a parquet-mr predicate (row-group statistics, column
 * indexes and record filtering). Decimals are summed as unscaled longs (the files store
 * decimal(15,2) as int64).
 */
final class ParquetMrQueries implements LineitemQueries {

  private static final int FIRST_DAY_OF_1994 = (int) LocalDate.of(1994, 1, 1).toEpochDay();
  private static final int FIRST_DAY_OF_1995 = (int) LocalDate.of(1995, 1, 1).toEpochDay();

  private final List<org.apache.hadoop.fs.Path> files = new ArrayList<>();
  private final Configuration conf;
  private final MessageType projection;
  private final MessageType filterColumns;
  private final FilterCompat.Filter q6Filter;

  ParquetMrQueries(Path warehouse) throws IOException {
    conf = Storage.local().hadoopConf();
    for (Path file : TpchData.dataFiles(warehouse, "lineitem", TpchFormat.DELTA)) {
      files.add(new org.apache.hadoop.fs.Path(file.toUri()));
    }
    MessageType schema;
    try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromPath(files.get(0), conf))) {
      schema = footer.getFooter().getFileMetaData().getSchema();
    }
    projection = select(schema, "l_orderkey", "l_quantity", "l_extendedprice", "l_shipmode");
    filterColumns = select(schema, "l_quantity", "l_extendedprice", "l_discount", "l_shipdate");
    FilterPredicate q6 = and(
        and(gtEq(intColumn("l_shipdate"), FIRST_DAY_OF_1994), lt(intColumn("l_shipdate"), FIRST_DAY_OF_1995)),
        and(and(gtEq(longColumn("l_discount"), 5L), ltEq(longColumn("l_discount"), 7L)),
            lt(longColumn("l_quantity"), 2400L)));
    q6Filter = FilterCompat.get(q6);
  }

  private static MessageType select(MessageType schema, String... columns) {
    List<Type> fields = new ArrayList<>();
    for (String column : columns) {
      fields.add(schema.getType(column));
    }
    return new MessageType(schema.getName(), fields);
  }

  private ParquetReader<Group> reader(org.apache.hadoop.fs.Path file, MessageType requested, FilterCompat.Filter filter)
      throws IOException {
    ParquetReader.Builder<Group> builder = ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).withFilter(filter);
    if (requested != null) {
      builder.set(ReadSupport.PARQUET_READ_SCHEMA, requested.toString());
    }
    return builder.build();
  }

  @Override
  public Answer fullScan() throws IOException {
    long rows = 0;
    long[] sums = new long[8];
    String[] maxText = new String[16];
    int[] maxDays = {Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE};
    for (org.apache.hadoop.fs.Path file : files) {
      try (ParquetReader<Group> reader = reader(file, null, FilterCompat.NOOP)) {
        for (Group row = reader.read(); row != null; row = reader.read()) {
          rows++;
          sums[0] += row.getLong(0, 0);
          sums[1] += row.getLong(1, 0);
          sums[2] += row.getLong(2, 0);
          sums[3] += row.getInteger(3, 0);
          for (int column = 4; column < 8; column++) {
            sums[column] += row.getLong(column, 0);
          }
          maxText(maxText, row, 8);
          maxText(maxText, row, 9);
          for (int day = 0; day < 3; day++) {
            maxDays[day] = Math.max(maxDays[day], row.getInteger(10 + day, 0));
          }
          for (int column = 13; column < 16; column++) {
            maxText(maxText, row, column);
          }
        }
      }
    }
    return Answer.of(rows, sums[0], sums[1], sums[2], sums[3],
        BigDecimal.valueOf(sums[4], 2), BigDecimal.valueOf(sums[5], 2), BigDecimal.valueOf(sums[6], 2),
        BigDecimal.valueOf(sums[7], 2), maxText[8], maxText[9], LocalDate.ofEpochDay(maxDays[0]),
        LocalDate.ofEpochDay(maxDays[1]), LocalDate.ofEpochDay(maxDays[2]), maxText[13], maxText[14], maxText[15]);
  }

  private static void maxText(String[] max, Group row, int column) {
    String value = row.getString(column, 0);
    if (max[column] == null || value.compareTo(max[column]) > 0) {
      max[column] = value;
    }
  }

  @Override
  public Answer projection() throws IOException {
    long rows = 0;
    long orderKeys = 0;
    long quantities = 0;
    long prices = 0;
    long shipModeChars = 0;
    for (org.apache.hadoop.fs.Path file : files) {
      try (ParquetReader<Group> reader = reader(file, projection, FilterCompat.NOOP)) {
        for (Group row = reader.read(); row != null; row = reader.read()) {
          rows++;
          orderKeys += row.getLong(0, 0);
          quantities += row.getLong(1, 0);
          prices += row.getLong(2, 0);
          shipModeChars += row.getString(3, 0).length();
        }
      }
    }
    return Answer.of(rows, orderKeys, BigDecimal.valueOf(quantities, 2), BigDecimal.valueOf(prices, 2), shipModeChars);
  }

  @Override
  public Answer selectiveFilter() throws IOException {
    long revenue = 0;
    long rows = 0;
    for (org.apache.hadoop.fs.Path file : files) {
      try (ParquetReader<Group> reader = reader(file, filterColumns, q6Filter)) {
        for (Group row = reader.read(); row != null; row = reader.read()) {
          rows++;
          revenue += row.getLong(1, 0) * row.getLong(2, 0);
        }
      }
    }
    return Answer.of(BigDecimal.valueOf(revenue, 4), rows);
  }

  @Override
  public void close() {}
}
