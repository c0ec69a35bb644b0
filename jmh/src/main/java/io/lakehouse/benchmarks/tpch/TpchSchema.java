package io.lakehouse.benchmarks.tpch;

import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The eight TPC-H tables as dbgen's Java port ({@code io.trino.tpch}) generates them, with the
 * specification's types: keys as bigint, other integers as int, money and quantities as
 * decimal(15,2), dates as date, text as string; every column required. Rows come in dbgen's order
 * and are the same for the same scale factor on every run.
 */
public final class TpchSchema {

  /** Data files per table for the large tables; the small ones get one file. */
  private static final Map<String, Integer> FILES =
      Map.of("lineitem", 8, "orders", 4, "partsupp", 4, "part", 2, "customer", 2);

  /** Approximate rows at scale factor 1, to spread a table evenly over its files. */
  private static final Map<String, Long> ROWS_AT_SF1 = Map.of(
      "lineitem", 6_001_215L, "orders", 1_500_000L, "partsupp", 800_000L, "part", 200_000L, "customer", 150_000L);

  private TpchSchema() {}

  /** The table names, in the order the generator lists them. */
  public static List<String> tableNames() {
    return TpchTable.getTables().stream().map(TpchTable::getTableName).toList();
  }

  /** The number of data files a table is written as. */
  static int files(String table) {
    return FILES.getOrDefault(table, 1);
  }

  /** The rows per data file that spread a table of a scale factor over {@link #files} files. */
  static int rowsPerFile(String table, double scaleFactor) {
    int files = files(table);
    if (files == 1) {
      return Integer.MAX_VALUE;
    }
    long expected = (long) Math.ceil(ROWS_AT_SF1.get(table) * scaleFactor * 1.01);
    return (int) Math.max(1, (expected + files - 1) / files);
  }

  /** The table's schema as Delta Kernel writes it. */
  public static StructType deltaSchema(String table) {
    StructType schema = new StructType();
    for (TpchColumn<?> column : TpchTable.getTable(table).getColumns()) {
      schema = schema.add(column.getColumnName(), deltaType(column), false);
    }
    return schema;
  }

  /** The table's schema as iceberg-core writes it, field ids from 1 in column order. */
  public static Schema icebergSchema(String table) {
    List<Types.NestedField> fields = new ArrayList<>();
    for (TpchColumn<?> column : TpchTable.getTable(table).getColumns()) {
      fields.add(Types.NestedField.required(fields.size() + 1, column.getColumnName(), icebergType(column)));
    }
    return new Schema(fields);
  }

  private static DataType deltaType(TpchColumn<?> column) {
    return switch (column.getType().getBase()) {
      case IDENTIFIER -> LongType.LONG;
      case INTEGER -> IntegerType.INTEGER;
      case DATE -> DateType.DATE;
      case DOUBLE -> new DecimalType(15, 2);
      case VARCHAR -> StringType.STRING;
    };
  }

  private static Type icebergType(TpchColumn<?> column) {
    return switch (column.getType().getBase()) {
      case IDENTIFIER -> Types.LongType.get();
      case INTEGER -> Types.IntegerType.get();
      case DATE -> Types.DateType.get();
      case DOUBLE -> Types.DecimalType.of(15, 2);
      case VARCHAR -> Types.StringType.get();
    };
  }

  /**
   * The rows of a table at a scale factor as lists of Java values in column order ({@code Long},
   * {@code Integer}, {@code LocalDate}, {@code BigDecimal}, {@code String}), as both writers take them.
   */
  public static Iterable<List<Object>> rows(String table, double scaleFactor) {
    return rows(TpchTable.getTable(table), scaleFactor);
  }

  private static <E extends TpchEntity> Iterable<List<Object>> rows(TpchTable<E> table, double scaleFactor) {
    List<TpchColumn<E>> columns = table.getColumns();
    return () -> {
      Iterator<E> entities = table.createGenerator(scaleFactor, 1, 1).iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return entities.hasNext();
        }

        @Override
        public List<Object> next() {
          E entity = entities.next();
          Object[] values = new Object[columns.size()];
          for (int i = 0; i < values.length; i++) {
            values[i] = value(columns.get(i), entity);
          }
          return List.of(values);
        }
      };
    };
  }

  private static <E extends TpchEntity> Object value(TpchColumn<E> column, E entity) {
    return switch (column.getType().getBase()) {
      case IDENTIFIER -> column.getIdentifier(entity);
      case INTEGER -> column.getInteger(entity);
      case DATE -> LocalDate.ofEpochDay(column.getDate(entity));
      // the generator keeps money and quantities exactly, in hundredths, as the identifier
      case DOUBLE -> BigDecimal.valueOf(column.getIdentifier(entity), 2);
      case VARCHAR -> column.getString(entity);
    };
  }
}
