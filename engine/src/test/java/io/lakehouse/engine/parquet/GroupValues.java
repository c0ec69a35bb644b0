package io.lakehouse.engine.parquet;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.NanoTime;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * The oracle: turns rows assembled by parquet-mr's Group reader into the plain Java values of
 * {@link ArrowValues}, and derives the Arrow field a table format would request for a Parquet
 * field. Lists follow the Parquet format's backward-compatibility rules.
 */
final class GroupValues {

  private GroupValues() {}

  /** The values of every top-level field of a row, by name. */
  static Map<String, Object> row(Group row) {
    Map<String, Object> values = new LinkedHashMap<>();
    GroupType type = row.getType();
    for (int f = 0; f < type.getFieldCount(); f++) {
      values.put(type.getFieldName(f), field(row, f, type.getType(f)));
    }
    return values;
  }

  private static Object field(Group parent, int index, Type type) {
    int count = parent.getFieldRepetitionCount(index);
    if (type.isRepetition(Type.Repetition.REPEATED)) {
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        list.add(value(parent, index, i, type));
      }
      return list;
    }
    return count == 0 ? null : value(parent, index, 0, type);
  }

  private static Object value(Group parent, int index, int i, Type type) {
    if (type.isPrimitive()) {
      return primitive(parent, index, i, type.asPrimitiveType());
    }
    Group group = parent.getGroup(index, i);
    LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
    if (annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
      Type repeated = type.asGroupType().getType(0);
      List<Object> list = new ArrayList<>();
      for (int e = 0; e < group.getFieldRepetitionCount(0); e++) {
        if (isElement(repeated, type.getName())) {
          list.add(value(group, 0, e, repeated));
        } else {
          list.add(field(group.getGroup(0, e), 0, repeated.asGroupType().getType(0)));
        }
      }
      return list;
    }
    if (isMap(annotation)) {
      GroupType keyValue = type.asGroupType().getType(0).asGroupType();
      Map<Object, Object> map = new LinkedHashMap<>();
      for (int e = 0; e < group.getFieldRepetitionCount(0); e++) {
        Group entry = group.getGroup(0, e);
        map.put(field(entry, 0, keyValue.getType(0)), field(entry, 1, keyValue.getType(1)));
      }
      return map;
    }
    Map<String, Object> struct = new LinkedHashMap<>();
    GroupType groupType = type.asGroupType();
    for (int f = 0; f < groupType.getFieldCount(); f++) {
      struct.put(groupType.getFieldName(f), field(group, f, groupType.getType(f)));
    }
    return struct;
  }

  /** MAP, or the legacy MAP_KEY_VALUE that some old writers put on the outer group. */
  private static boolean isMap(LogicalTypeAnnotation annotation) {
    return annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
        || annotation instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation;
  }

  private static boolean isElement(Type repeated, String listName) {
    return repeated.isPrimitive()
        || repeated.asGroupType().getFieldCount() > 1
        || repeated.getName().equals("array")
        || repeated.getName().equals(listName + "_tuple");
  }

  private static Object primitive(Group group, int index, int i, PrimitiveType type) {
    LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
    int scale = annotation instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal
        ? decimal.getScale()
        : -1;
    switch (type.getPrimitiveTypeName()) {
      case BOOLEAN:
        return group.getBoolean(index, i);
      case INT32:
        return scale >= 0 ? BigDecimal.valueOf(group.getInteger(index, i), scale) : (long) group.getInteger(index, i);
      case INT64:
        return scale >= 0 ? BigDecimal.valueOf(group.getLong(index, i), scale) : group.getLong(index, i);
      case FLOAT:
        return (double) group.getFloat(index, i);
      case DOUBLE:
        return group.getDouble(index, i);
      case INT96:
        NanoTime time = NanoTime.fromBinary(group.getInt96(index, i));
        return (time.getJulianDay() - 2_440_588L) * 86_400_000_000L + Math.floorDiv(time.getTimeOfDayNanos(), 1000L);
      default:
        byte[] bytes = group.getBinary(index, i).getBytes();
        if (scale >= 0) {
          return new BigDecimal(new BigInteger(bytes), scale);
        }
        return annotation instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
            ? group.getString(index, i)
            : HexFormat.of().formatHex(bytes);
    }
  }

  /** The Arrow field a table format maps a Parquet field to. */
  static Field arrowField(Type type) {
    return arrowField(type.getName(), type, true);
  }

  private static Field arrowField(String name, Type type, boolean honourRepetition) {
    if (honourRepetition && type.isRepetition(Type.Repetition.REPEATED)) {
      return new Field(name, FieldType.nullable(ArrowType.List.INSTANCE),
          List.of(arrowField("element", type, false)));
    }
    LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
    if (!type.isPrimitive()) {
      GroupType group = type.asGroupType();
      if (annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
        Type repeated = group.getType(0);
        Type element = isElement(repeated, group.getName()) ? repeated : repeated.asGroupType().getType(0);
        return new Field(name, FieldType.nullable(ArrowType.List.INSTANCE),
            List.of(arrowField("element", element, false)));
      }
      if (isMap(annotation)) {
        GroupType keyValue = group.getType(0).asGroupType();
        Field key = arrowField("key", keyValue.getType(0), false);
        key = new Field("key", FieldType.notNullable(key.getType()), key.getChildren());
        Field entries = new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE),
            List.of(key, arrowField("value", keyValue.getType(1), false)));
        return new Field(name, FieldType.nullable(new ArrowType.Map(false)), List.of(entries));
      }
      List<Field> children = new ArrayList<>();
      group.getFields().forEach(f -> children.add(arrowField(f)));
      return new Field(name, FieldType.nullable(ArrowType.Struct.INSTANCE), children);
    }
    return new Field(name, FieldType.nullable(primitiveArrowType(type.asPrimitiveType())), null);
  }

  private static ArrowType primitiveArrowType(PrimitiveType type) {
    LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
    if (annotation instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
      return new ArrowType.Decimal(decimal.getPrecision(), decimal.getScale(), 128);
    }
    switch (type.getPrimitiveTypeName()) {
      case BOOLEAN:
        return ArrowType.Bool.INSTANCE;
      case INT32:
        if (annotation instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return new ArrowType.Date(DateUnit.DAY);
        }
        if (annotation instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation integer) {
          return new ArrowType.Int(integer.getBitWidth(), true);
        }
        return new ArrowType.Int(32, true);
      case INT64:
        if (annotation instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
          return new ArrowType.Timestamp(TimeUnit.MICROSECOND, ts.isAdjustedToUTC() ? "UTC" : null);
        }
        return new ArrowType.Int(64, true);
      case INT96:
        return new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
      case FLOAT:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      default:
        return annotation instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
            ? ArrowType.Utf8.INSTANCE
            : ArrowType.Binary.INSTANCE;
    }
  }
}
