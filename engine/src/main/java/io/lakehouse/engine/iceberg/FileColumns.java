package io.lakehouse.engine.iceberg;

import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.table.LakeException;
import java.io.IOException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.types.Types;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Which top-level columns a Parquet data file holds, decided as Iceberg's readers decide it: by
 * field id, by the name mapping for files without ids, else by name. Needed only to tell a column
 * added with an initial default (absent from older files) from one whose values are null.
 */
final class FileColumns {

  private FileColumns() {}

  /** Reads the file's footer and returns a test for whether a column is in the file. */
  static Predicate<Types.NestedField> read(InputFile file, String path, NameMapping nameMapping) {
    MessageType fileSchema;
    try (ParquetFileReader reader = ParquetFileReader.open(Storage.parquetInput(file))) {
      fileSchema = reader.getFileMetaData().getSchema();
    } catch (IOException | RuntimeException e) {
      throw LakeException.unreadableFile(path, e);
    }
    if (!ParquetSchemaUtil.hasIds(fileSchema) && nameMapping != null) {
      fileSchema = ParquetSchemaUtil.applyNameMapping(fileSchema, nameMapping);
    }
    if (ParquetSchemaUtil.hasIds(fileSchema)) {
      Set<Integer> ids = new HashSet<>();
      for (Type field : fileSchema.getFields()) {
        if (field.getId() != null) {
          ids.add(field.getId().intValue());
        }
      }
      return column -> ids.contains(column.fieldId());
    }
    Set<String> names = new HashSet<>();
    for (Type field : fileSchema.getFields()) {
      names.add(field.getName().toLowerCase(Locale.ROOT));
    }
    return column -> names.contains(column.name().toLowerCase(Locale.ROOT));
  }
}
