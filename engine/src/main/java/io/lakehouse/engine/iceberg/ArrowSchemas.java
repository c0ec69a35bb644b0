package io.lakehouse.engine.iceberg;

import io.lakehouse.engine.table.ColumnMetadata;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.mapping.MappedField;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.ByteBuffers;

/**
 * Maps Iceberg schemas to the engine's Arrow schemas and Iceberg's internal values to Arrow
 * physical values.
 *
 * <p>Every level of a field carries its Iceberg field id. When the table has a name mapping (for
 * data files written without field ids), struct fields also carry the mapped physical name; a
 * field the mapping leaves out gets an empty physical name, so that, as in Iceberg's own readers,
 * it is read as absent from such files instead of being matched by its current name.
 */
final class ArrowSchemas {

  private static final String UTC = "UTC";

  private ArrowSchemas() {}

  /** The Arrow schema of an Iceberg schema. */
  static Schema toArrow(org.apache.iceberg.Schema schema, NameMapping mapping) {
    List<Field> fields = new ArrayList<>();
    for (Types.NestedField column : schema.columns()) {
      fields.add(toArrow(column, mapping));
    }
    return new Schema(fields);
  }

  /** The Arrow field of an Iceberg field (a top-level column or a struct member). */
  static Field toArrow(Types.NestedField field, NameMapping mapping) {
    Map<String, String> metadata = new HashMap<>();
    metadata.put(ColumnMetadata.FIELD_ID, Integer.toString(field.fieldId()));
    if (mapping != null) {
      String physicalName = mappedName(mapping, field.fieldId(), field.name()).orElse("");
      metadata.put(ColumnMetadata.PHYSICAL_NAME, physicalName);
    }
    return field(field.name(), field.isOptional(), field.type(), metadata, mapping);
  }

  private static Field field(
      String name, boolean nullable, Type type, Map<String, String> metadata, NameMapping mapping) {
    FieldType fieldType = new FieldType(nullable, arrowType(type), null, metadata);
    return new Field(name, fieldType, children(type, mapping));
  }

  private static List<Field> children(Type type, NameMapping mapping) {
    switch (type.typeId()) {
      case STRUCT:
        return type.asStructType().fields().stream().map(f -> toArrow(f, mapping)).toList();
      case LIST:
        Types.ListType list = type.asListType();
        Map<String, String> elementMetadata = nestedMetadata(list.elementId(), mapping);
        return List.of(field("element", list.isElementOptional(), list.elementType(), elementMetadata, mapping));
      case MAP:
        Types.MapType map = type.asMapType();
        Field key = field("key", false, map.keyType(), nestedMetadata(map.keyId(), mapping), mapping);
        Map<String, String> valueMetadata = nestedMetadata(map.valueId(), mapping);
        Field value = field("value", map.isValueOptional(), map.valueType(), valueMetadata, mapping);
        FieldType entries = FieldType.notNullable(ArrowType.Struct.INSTANCE);
        return List.of(new Field("entries", entries, List.of(key, value)));
      default:
        return List.of();
    }
  }

  /** Metadata of a list element, map key or map value: matched by position, so names only when mapped. */
  private static Map<String, String> nestedMetadata(int fieldId, NameMapping mapping) {
    Map<String, String> metadata = new HashMap<>();
    metadata.put(ColumnMetadata.FIELD_ID, Integer.toString(fieldId));
    if (mapping != null) {
      mappedName(mapping, fieldId, null).ifPresent(n -> metadata.put(ColumnMetadata.PHYSICAL_NAME, n));
    }
    return metadata;
  }

  /** The name a mapping gives a field: its current name when that is one of the aliases. */
  private static Optional<String> mappedName(NameMapping mapping, int fieldId, String currentName) {
    MappedField mapped = mapping.find(fieldId);
    if (mapped == null || mapped.names().isEmpty()) {
      return Optional.empty();
    }
    if (currentName != null && mapped.names().contains(currentName)) {
      return Optional.of(currentName);
    }
    return Optional.of(mapped.names().iterator().next());
  }

  private static ArrowType arrowType(Type type) {
    switch (type.typeId()) {
      case BOOLEAN:
        return ArrowType.Bool.INSTANCE;
      case INTEGER:
        return new ArrowType.Int(32, true);
      case LONG:
        return new ArrowType.Int(64, true);
      case FLOAT:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case DECIMAL:
        Types.DecimalType decimal = (Types.DecimalType) type;
        return new ArrowType.Decimal(decimal.precision(), decimal.scale(), 128);
      case DATE:
        return new ArrowType.Date(DateUnit.DAY);
      case TIME:
        return new ArrowType.Time(TimeUnit.MICROSECOND, 64);
      case TIMESTAMP:
        return new ArrowType.Timestamp(
            TimeUnit.MICROSECOND, ((Types.TimestampType) type).shouldAdjustToUTC() ? UTC : null);
      case TIMESTAMP_NANO:
        // Shown with the microsecond type it would be read as; reading it is refused (see unsupportedType).
        return new ArrowType.Timestamp(
            TimeUnit.MICROSECOND, ((Types.TimestampNanoType) type).shouldAdjustToUTC() ? UTC : null);
      case STRING:
      case UUID:
      case VARIANT:
      case UNKNOWN:
        return ArrowType.Utf8.INSTANCE;
      case FIXED:
        return new ArrowType.FixedSizeBinary(((Types.FixedType) type).length());
      case BINARY:
      case GEOMETRY:
      case GEOGRAPHY:
        return ArrowType.Binary.INSTANCE;
      case STRUCT:
        return ArrowType.Struct.INSTANCE;
      case LIST:
        return ArrowType.List.INSTANCE;
      case MAP:
        return new ArrowType.Map(false);
      default:
        throw new IllegalArgumentException("Unknown Iceberg type " + type);
    }
  }

  /**
   * The first type in {@code type} (itself or nested) that the engine cannot read yet, or empty.
   * Such columns are listed in schemas with a stand-in type and refused when read.
   */
  static Optional<Type> unsupportedType(Type type) {
    switch (type.typeId()) {
      case TIMESTAMP_NANO:
      case VARIANT:
      case GEOMETRY:
      case GEOGRAPHY:
      case UNKNOWN:
        return Optional.of(type);
      case STRUCT:
      case LIST:
      case MAP:
        for (Types.NestedField child : type.asNestedType().fields()) {
          Optional<Type> unsupported = unsupportedType(child.type());
          if (unsupported.isPresent()) {
            return unsupported;
          }
        }
        return Optional.empty();
      default:
        return Optional.empty();
    }
  }

  /**
   * Converts a value in Iceberg's internal representation (partition values, defaults) to the Arrow
   * physical value the Parquet scan takes for constants.
   */
  static Object toArrowValue(Type type, Object value) {
    if (value == null) {
      return null;
    }
    switch (type.typeId()) {
      case INTEGER:
      case DATE:
        return ((Number) value).intValue();
      case LONG:
      case TIME:
      case TIMESTAMP:
        return ((Number) value).longValue();
      case FLOAT:
        return ((Number) value).floatValue();
      case DOUBLE:
        return ((Number) value).doubleValue();
      case DECIMAL:
        return (BigDecimal) value;
      case STRING:
      case UUID:
        return value.toString();
      case FIXED:
      case BINARY:
        return value instanceof ByteBuffer buffer ? ByteBuffers.toByteArray(buffer) : (byte[]) value;
      case BOOLEAN:
        return (Boolean) value;
      default:
        throw new IllegalArgumentException("No constant of Iceberg type " + type);
    }
  }
}
