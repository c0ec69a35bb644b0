package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.Filters;
import io.lakehouse.engine.table.LakeSnapshot;
import io.lakehouse.engine.table.MetadataAggregates;
import io.lakehouse.engine.table.ScanStatistics;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;

/**
 * Answers {@link LakehouseMetadataAggregate}'s aggregates for one snapshot: from its metadata
 * when that is exact, else by scanning the columns they read and aggregating here.
 */
final class MetadataAggregation {

  private MetadataAggregation() {}

  /**
   * The metadata's answer for the columns, when exact and usable: under time travel each column
   * must be in the snapshot under its current name and type.
   *
   * @param current the current fields, under time travel; null for the latest snapshot
   * @param filter the rows counted: not always true only for {@code COUNT(*)} alone
   */
  static Optional<MetadataAggregates> fromMetadata(
      LakeSnapshot snapshot, List<String> columns, List<Field> current, Filter filter) {
    if (current != null) {
      List<String> used = new ArrayList<>(columns);
      used.addAll(Filters.columns(filter));
      for (String column : used) {
        Field then = field(snapshot.schema().getFields(), column);
        Field now = field(current, column);
        if (then == null || now == null || !TypeWidening.sameType(then, now)) {
          return Optional.empty();
        }
      }
    }
    return Filters.isAlwaysTrue(filter) ? snapshot.metadataAggregates(columns) : snapshot.metadataCount(filter);
  }

  /**
   * The one row of the aggregates: {@code Object[]}, or the bare value for one aggregate.
   *
   * @param types each aggregate's SQL type name, for the Java value Calcite expects
   * @param scan reads the named columns of the snapshot, for when the metadata is not exact
   * @param filesInSnapshot the snapshot's data files, counted as planned when the metadata answers
   */
  static Enumerable<Object> answer(
      Optional<MetadataAggregates> metadata,
      java.util.function.LongSupplier filesInSnapshot,
      ScanStatistics statistics,
      String[] functions,
      String[] columns,
      String[] types,
      String firstColumn,
      Function<String[], Enumerable<Object>> scan) {
    Object[] row = new Object[functions.length];
    if (metadata.isPresent()) {
      MetadataAggregates answer = metadata.get();
      statistics.filesPlanned(0, filesInSnapshot.getAsLong());
      for (int i = 0; i < functions.length; i++) {
        Object value = switch (functions[i]) {
          case "COUNT" -> answer.rowCount();
          case "MIN" -> answer.minimums().get(columns[i]);
          default -> answer.maximums().get(columns[i]);
        };
        row[i] = value == null ? null : asSqlValue(value, types[i]);
      }
    } else {
      row = byScanning(functions, columns, firstColumn, scan);
    }
    return Linq4j.singletonEnumerable(functions.length == 1 ? row[0] : row);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object[] byScanning(
      String[] functions, String[] columns, String firstColumn, Function<String[], Enumerable<Object>> scan) {
    List<String> read = new ArrayList<>();
    for (String column : columns) {
      if (column != null && !read.contains(column)) {
        read.add(column);
      }
    }
    if (read.isEmpty()) {
      read.add(firstColumn);
    }
    Object[] row = new Object[functions.length];
    long count = 0;
    try (Enumerator<Object> rows = scan.apply(read.toArray(new String[0])).enumerator()) {
      while (rows.moveNext()) {
        count++;
        Object current = rows.current();
        for (int i = 0; i < functions.length; i++) {
          if (columns[i] == null) {
            continue;
          }
          Object value = read.size() == 1 ? current : ((Object[]) current)[read.indexOf(columns[i])];
          if (value == null) {
            continue;
          }
          int order = row[i] == null ? 0 : ((Comparable) value).compareTo(row[i]);
          if (row[i] == null || (functions[i].equals("MIN") ? order < 0 : order > 0)) {
            row[i] = value;
          }
        }
      }
    }
    for (int i = 0; i < functions.length; i++) {
      if (functions[i].equals("COUNT")) {
        row[i] = count;
      }
    }
    return row;
  }

  /** A metadata value (the filter literal convention) as the Java value of a SQL type. */
  private static Object asSqlValue(Object value, String type) {
    return switch (type) {
      case "BIGINT" -> ((Number) value).longValue();
      case "INTEGER", "DATE" -> ((Number) value).intValue();
      case "SMALLINT" -> ((Number) value).shortValue();
      case "TINYINT" -> ((Number) value).byteValue();
      case "DECIMAL" -> (BigDecimal) value;
      default -> throw new IllegalArgumentException("No metadata answer of type " + type);
    };
  }

  private static Field field(List<Field> fields, String name) {
    for (Field field : fields) {
      if (field.getName().equals(name)) {
        return field;
      }
    }
    return null;
  }
}
