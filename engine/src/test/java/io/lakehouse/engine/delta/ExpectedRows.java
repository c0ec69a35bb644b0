package io.lakehouse.engine.delta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Rows of the expected results that ship with corpus tables (Spark's reads, written as Parquet),
 * decoded with parquet-mr's record API so that they do not depend on the engine's own reader, and
 * the engine's Arrow values, both turned into the same canonical text: integers as numbers,
 * floating point as doubles, decimals without trailing zeros, dates as epoch days, timestamps as
 * epoch microseconds, binary as hex, and nested values spelled out.
 */
final class ExpectedRows {

  /** Null, told apart from the text "null". */
  static final String NULL = "<null>";

  private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private ExpectedRows() {}

  /** The rows of Parquet files, each as the canonical text of the named columns in that order. */
  static List<List<String>> read(List<Path> files, List<Field> columns) {
    List<List<String>> rows = new ArrayList<>();
    for (Path file : files) {
      try (ParquetFileReader reader = ParquetFileReader.open(DeltaTestTables.STORAGE.parquetInput(file.toString()))) {
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        PageReadStore rowGroup;
        while ((rowGroup = reader.readNextRowGroup()) != null) {
          RecordReader<Group> records =
              new ColumnIOFactory().getColumnIO(schema).getRecordReader(rowGroup, new GroupRecordConverter(schema));
          for (long i = 0; i < rowGroup.getRowCount(); i++) {
            Group record = records.read();
            List<String> row = new ArrayList<>();
            for (Field column : columns) {
              row.add(field(record, column.getName()));
            }
            rows.add(row);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return rows;
  }

  /** The canonical text of one of the engine's values, as {@code FieldVector.getObject} gives it. */
  static String canonical(Field field, Object value) {
    if (value == null) {
      return NULL;
    }
    ArrowType type = field.getType();
    if (type instanceof ArrowType.Struct) {
      Map<?, ?> struct = (Map<?, ?>) value;
      StringJoiner out = new StringJoiner(",", "{", "}");
      for (Field child : field.getChildren()) {
        out.add(child.getName() + "=" + canonical(child, struct.get(child.getName())));
      }
      return out.toString();
    }
    if (type instanceof ArrowType.List) {
      StringJoiner out = new StringJoiner(",", "[", "]");
      for (Object element : (List<?>) value) {
        out.add(canonical(field.getChildren().get(0), element));
      }
      return out.toString();
    }
    if (type instanceof ArrowType.Map) {
      Field entries = field.getChildren().get(0);
      StringJoiner out = new StringJoiner(",", "{", "}");
      for (Object entry : (List<?>) value) {
        Map<?, ?> pair = (Map<?, ?>) entry;
        out.add(canonical(entries.getChildren().get(0), pair.get("key")) + "->"
            + canonical(entries.getChildren().get(1), pair.get("value")));
      }
      return out.toString();
    }
    if (type instanceof ArrowType.Int || type instanceof ArrowType.Date) {
      return Long.toString(((Number) value).longValue());
    }
    if (type instanceof ArrowType.FloatingPoint) {
      return Double.toString(((Number) value).doubleValue());
    }
    if (type instanceof ArrowType.Decimal) {
      return decimal((BigDecimal) value);
    }
    if (type instanceof ArrowType.Timestamp) {
      if (value instanceof LocalDateTime local) {
        return Long.toString(local.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + local.getNano() / 1_000);
      }
      return Long.toString(((Number) value).longValue());
    }
    if (type instanceof ArrowType.Binary) {
      return HexFormat.of().formatHex((byte[]) value);
    }
    return value.toString();
  }

  private static String field(Group group, String name) {
    GroupType type = group.getType();
    if (!type.containsField(name) || group.getFieldRepetitionCount(name) == 0) {
      if (!type.containsField(name)) {
        throw new AssertionError("The expected rows have no column " + name + ": " + type);
      }
      return NULL;
    }
    return value(group, type.getFieldIndex(name), 0);
  }

  private static String value(Group group, int index, int repetition) {
    Type type = group.getType().getType(index);
    if (type.isPrimitive()) {
      return primitive(group, index, repetition, type.asPrimitiveType());
    }
    Group nested = group.getGroup(index, repetition);
    LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
    if (annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
      return list(nested);
    }
    if (annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
        || annotation == LogicalTypeAnnotation.MapKeyValueTypeAnnotation.getInstance()) {
      return map(nested);
    }
    StringJoiner out = new StringJoiner(",", "{", "}");
    GroupType struct = type.asGroupType();
    for (int i = 0; i < struct.getFieldCount(); i++) {
      String child = nested.getFieldRepetitionCount(i) == 0 ? NULL : value(nested, i, 0);
      out.add(struct.getFieldName(i) + "=" + child);
    }
    return out.toString();
  }

  /** A LIST group, in the standard three-level layout or a legacy two-level one. */
  private static String list(Group list) {
    StringJoiner out = new StringJoiner(",", "[", "]");
    Type repeated = list.getType().getType(0);
    boolean threeLevel =
        !repeated.isPrimitive()
            && repeated.asGroupType().getFieldCount() == 1
            && !repeated.getName().equals("array")
            && !repeated.getName().endsWith("_tuple");
    for (int i = 0; i < list.getFieldRepetitionCount(0); i++) {
      if (threeLevel) {
        Group element = list.getGroup(0, i);
        out.add(element.getFieldRepetitionCount(0) == 0 ? NULL : value(element, 0, 0));
      } else {
        out.add(value(list, 0, i));
      }
    }
    return out.toString();
  }

  private static String map(Group map) {
    StringJoiner out = new StringJoiner(",", "{", "}");
    for (int i = 0; i < map.getFieldRepetitionCount(0); i++) {
      Group entry = map.getGroup(0, i);
      String value = entry.getFieldRepetitionCount(1) == 0 ? NULL : value(entry, 1, 0);
      out.add(value(entry, 0, 0) + "->" + value);
    }
    return out.toString();
  }

  private static String primitive(Group group, int index, int repetition, PrimitiveType type) {
    LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
    int scale = annotation instanceof DecimalLogicalTypeAnnotation decimal ? decimal.getScale() : -1;
    switch (type.getPrimitiveTypeName()) {
      case BOOLEAN:
        return Boolean.toString(group.getBoolean(index, repetition));
      case INT32:
        int i = group.getInteger(index, repetition);
        return scale >= 0 ? decimal(BigDecimal.valueOf(i, scale)) : Integer.toString(i);
      case INT64:
        long l = group.getLong(index, repetition);
        if (scale >= 0) {
          return decimal(BigDecimal.valueOf(l, scale));
        }
        if (annotation instanceof TimestampLogicalTypeAnnotation timestamp) {
          TimeUnit unit = timestamp.getUnit();
          long micros = unit == TimeUnit.MILLIS ? l * 1000 : unit == TimeUnit.NANOS ? Math.floorDiv(l, 1000) : l;
          return Long.toString(micros);
        }
        return Long.toString(l);
      case INT96:
        ByteBuffer int96 = group.getInt96(index, repetition).toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = int96.getLong();
        long julianDay = int96.getInt();
        return Long.toString((julianDay - JULIAN_DAY_OF_EPOCH) * MICROS_PER_DAY + nanosOfDay / 1000);
      case FLOAT:
        return Double.toString(group.getFloat(index, repetition));
      case DOUBLE:
        return Double.toString(group.getDouble(index, repetition));
      default:
        Binary binary = group.getBinary(index, repetition);
        if (scale >= 0) {
          return decimal(new BigDecimal(new BigInteger(binary.getBytes()), scale));
        }
        if (annotation instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation) {
          return binary.toStringUsingUTF8();
        }
        return HexFormat.of().formatHex(binary.getBytes());
    }
  }

  private static String decimal(BigDecimal value) {
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
  }
}
