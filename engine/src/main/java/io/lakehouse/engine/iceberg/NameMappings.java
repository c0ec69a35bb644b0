package io.lakehouse.engine.iceberg;

import io.lakehouse.engine.table.LakeException;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.mapping.MappedField;
import org.apache.iceberg.mapping.MappedFields;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.types.TypeUtil;

/**
 * Reads a table's default name mapping, which tells the field ids of columns in data files written
 * without ids.
 *
 * <p>A mapping is used only when its ids mean the same fields as the schema's: each mapped id that
 * the schema has must sit under the same parent field in both. Some migration tools number a
 * mapping differently from the schema (for example depth-first against breadth-first); applying
 * such a mapping by id would read the wrong columns, so the data files are then matched by column
 * name, as for a table without a mapping.
 */
final class NameMappings {

  private NameMappings() {}

  /** The mapping to read {@code schema} with, or null. */
  static NameMapping forSchema(String tableName, Table table, Schema schema) {
    String json = table.properties().get(TableProperties.DEFAULT_NAME_MAPPING);
    if (json == null) {
      return null;
    }
    NameMapping mapping;
    try {
      mapping = NameMappingParser.fromJson(json);
    } catch (RuntimeException e) {
      throw new LakeException(
          LakeException.INVALID_TABLE,
          "Table '" + tableName + "' has an invalid " + TableProperties.DEFAULT_NAME_MAPPING
              + " property: " + e.getMessage(),
          e);
    }
    Map<Integer, Integer> schemaParents = TypeUtil.indexParents(schema.asStruct());
    return agrees(mapping.asMappedFields(), null, schema, schemaParents) ? mapping : null;
  }

  private static boolean agrees(
      MappedFields fields, Integer parentId, Schema schema, Map<Integer, Integer> schemaParents) {
    if (fields == null) {
      return true;
    }
    for (MappedField field : fields.fields()) {
      Integer id = field.id();
      if (id != null && schema.findField(id) != null && !Objects.equals(schemaParents.get(id), parentId)) {
        return false;
      }
      if (!agrees(field.nestedMapping(), id, schema, schemaParents)) {
        return false;
      }
    }
    return true;
  }
}
