package io.lakehouse.engine.table;

import java.util.HashMap;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Keys the table formats put into Arrow field metadata to tell the Parquet scan how a logical field
 * is found in a data file. Every level of a nested field may carry them.
 */
public final class ColumnMetadata {

  /** The Iceberg field id, or the Delta column-mapping id; matched against Parquet field ids. */
  public static final String FIELD_ID = "lakehouse.field-id";

  /**
   * The name of the column in data files when it differs from the logical name (Delta column
   * mapping's physical name, or Iceberg's name mapping for files written without field ids).
   */
  public static final String PHYSICAL_NAME = "lakehouse.physical-name";

  private ColumnMetadata() {}

  /** The field id, or null. */
  public static Integer fieldId(Field field) {
    Map<String, String> md = field.getMetadata();
    String id = md == null ? null : md.get(FIELD_ID);
    return id == null ? null : Integer.valueOf(id);
  }

  /** The name to look for in data files: the physical name when there is one, else the field name. */
  public static String physicalName(Field field) {
    Map<String, String> md = field.getMetadata();
    String name = md == null ? null : md.get(PHYSICAL_NAME);
    return name == null ? field.getName() : name;
  }

  /** A copy of {@code field} with one more metadata entry. */
  public static Field with(Field field, String key, String value) {
    Map<String, String> md = new HashMap<>();
    if (field.getMetadata() != null) {
      md.putAll(field.getMetadata());
    }
    md.put(key, value);
    FieldType type = new FieldType(field.isNullable(), field.getType(), field.getDictionary(), md);
    return new Field(field.getName(), type, field.getChildren());
  }
}
