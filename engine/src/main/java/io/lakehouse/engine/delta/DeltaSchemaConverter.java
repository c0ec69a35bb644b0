package io.lakehouse.engine.delta;

import io.delta.kernel.internal.util.ColumnMapping;
import io.delta.kernel.internal.util.ColumnMapping.ColumnMappingMode;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FieldMetadata;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.GeographyType;
import io.delta.kernel.types.GeometryType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.types.VariantType;
import io.lakehouse.engine.table.ColumnMetadata;
import io.lakehouse.engine.table.LakeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Converts a Delta schema to the engine's Arrow schema: logical names and types, with the column
 * mapping physical name (and, in id mode, the field id) on every level so the Parquet scan finds
 * the columns in data files.
 *
 * <p>Types the scan cannot decode yet (variant, geometry, geography) still get a field, so that the
 * table's other columns stay readable; {@link #unsupportedType} names them so planning can refuse
 * a scan that projects them.
 */
final class DeltaSchemaConverter {

  private static final String NESTED_IDS_KEY = ColumnMapping.COLUMN_MAPPING_NESTED_IDS_KEY;

  private final String tableName;
  private final ColumnMappingMode mode;

  DeltaSchemaConverter(String tableName, ColumnMappingMode mode) {
    this.tableName = tableName;
    this.mode = mode;
  }

  /** The Arrow schema of a Delta table schema, field for field in the same order. */
  Schema toArrow(StructType schema) {
    List<Field> fields = new ArrayList<>(schema.length());
    for (StructField field : schema.fields()) {
      fields.add(toArrow(field));
    }
    return new Schema(fields);
  }

  /** One top-level or struct field. */
  Field toArrow(StructField field) {
    Map<String, String> metadata = new HashMap<>();
    FieldMetadata deltaMetadata = field.getMetadata();
    String physicalName = field.getName();
    if (mode != ColumnMappingMode.NONE && deltaMetadata.contains(ColumnMapping.COLUMN_MAPPING_PHYSICAL_NAME_KEY)) {
      physicalName = deltaMetadata.getString(ColumnMapping.COLUMN_MAPPING_PHYSICAL_NAME_KEY);
      metadata.put(ColumnMetadata.PHYSICAL_NAME, physicalName);
    }
    if (mode == ColumnMappingMode.ID && deltaMetadata.contains(ColumnMapping.COLUMN_MAPPING_ID_KEY)) {
      metadata.put(ColumnMetadata.FIELD_ID, String.valueOf(deltaMetadata.getLong(ColumnMapping.COLUMN_MAPPING_ID_KEY)));
    }
    NestedIds nestedIds = new NestedIds(deltaMetadata);
    return field(field.getName(), field.isNullable(), field.getDataType(), metadata, nestedIds, physicalName);
  }

  /**
   * The name of a Delta type the scan cannot read yet when {@code type} is or holds one, else null.
   */
  static String unsupportedType(DataType type) {
    if (type instanceof VariantType) {
      return "the variant type";
    }
    if (type instanceof GeometryType || type instanceof GeographyType) {
      return "the geospatial type " + type;
    }
    if (type instanceof StructType struct) {
      for (StructField child : struct.fields()) {
        String unsupported = unsupportedType(child.getDataType());
        if (unsupported != null) {
          return unsupported;
        }
      }
    } else if (type instanceof ArrayType array) {
      return unsupportedType(array.getElementType());
    } else if (type instanceof MapType map) {
      String key = unsupportedType(map.getKeyType());
      return key != null ? key : unsupportedType(map.getValueType());
    }
    return null;
  }

  private Field field(
      String name,
      boolean nullable,
      DataType type,
      Map<String, String> metadata,
      NestedIds nestedIds,
      String idPath) {
    List<Field> children = new ArrayList<>();
    ArrowType arrowType;
    if (type instanceof StructType struct) {
      arrowType = ArrowType.Struct.INSTANCE;
      for (StructField child : struct.fields()) {
        children.add(toArrow(child));
      }
    } else if (type instanceof ArrayType array) {
      arrowType = ArrowType.List.INSTANCE;
      String elementPath = idPath + ".element";
      children.add(
          field(
              "element",
              array.containsNull(),
              array.getElementType(),
              nestedIds.metadata(elementPath),
              nestedIds,
              elementPath));
    } else if (type instanceof MapType map) {
      arrowType = new ArrowType.Map(false);
      String keyPath = idPath + ".key";
      String valuePath = idPath + ".value";
      Field key = field("key", false, map.getKeyType(), nestedIds.metadata(keyPath), nestedIds, keyPath);
      Field value =
          field(
              "value",
              map.isValueContainsNull(),
              map.getValueType(),
              nestedIds.metadata(valuePath),
              nestedIds,
              valuePath);
      children.add(new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(key, value)));
    } else {
      arrowType = primitive(type);
    }
    FieldType fieldType = new FieldType(nullable, arrowType, null, metadata.isEmpty() ? null : metadata);
    return new Field(name, fieldType, children);
  }

  private ArrowType primitive(DataType type) {
    if (type instanceof BooleanType) {
      return ArrowType.Bool.INSTANCE;
    } else if (type instanceof ByteType) {
      return new ArrowType.Int(8, true);
    } else if (type instanceof ShortType) {
      return new ArrowType.Int(16, true);
    } else if (type instanceof IntegerType) {
      return new ArrowType.Int(32, true);
    } else if (type instanceof LongType) {
      return new ArrowType.Int(64, true);
    } else if (type instanceof FloatType) {
      return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    } else if (type instanceof DoubleType) {
      return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    } else if (type instanceof DecimalType decimal) {
      return new ArrowType.Decimal(decimal.getPrecision(), decimal.getScale(), 128);
    } else if (type instanceof StringType || type instanceof VariantType) {
      // variant is shown as JSON text once it can be read; until then planning refuses it
      return ArrowType.Utf8.INSTANCE;
    } else if (type instanceof BinaryType || type instanceof GeometryType || type instanceof GeographyType) {
      return ArrowType.Binary.INSTANCE;
    } else if (type instanceof DateType) {
      return new ArrowType.Date(DateUnit.DAY);
    } else if (type instanceof TimestampType) {
      return new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
    } else if (type instanceof TimestampNTZType) {
      return new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
    }
    throw LakeException.unsupportedFeature(tableName, "the Delta type " + type);
  }

  /**
   * Field ids of array elements and map keys and values, which Delta keeps on the nearest
   * enclosing struct field under {@code delta.columnMapping.nested.ids}, keyed by paths such as
   * {@code <physical name>.element.key}. Used only in id mode.
   */
  private final class NestedIds {
    private final FieldMetadata ids;

    NestedIds(FieldMetadata fieldMetadata) {
      this.ids =
          mode == ColumnMappingMode.ID && fieldMetadata.contains(NESTED_IDS_KEY)
              ? fieldMetadata.getMetadata(NESTED_IDS_KEY)
              : FieldMetadata.empty();
    }

    Map<String, String> metadata(String path) {
      Map<String, String> metadata = new HashMap<>();
      if (ids.contains(path)) {
        metadata.put(ColumnMetadata.FIELD_ID, String.valueOf(ids.getLong(path)));
      }
      return metadata;
    }
  }
}
