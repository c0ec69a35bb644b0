package io.lakehouse.engine.iceberg;

import io.lakehouse.engine.parquet.DeletedRows;
import io.lakehouse.engine.table.LakeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.BaseDeleteLoader;
import org.apache.iceberg.data.DeleteLoader;
import org.apache.iceberg.deletes.PositionDeleteIndex;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.StructLikeSet;

/**
 * The deletes that apply to one data file: positions (position delete files and deletion vectors)
 * and sets of deleted values, one per set of equality columns. They are loaded with iceberg-data's
 * {@link BaseDeleteLoader} and evaluated on each batch of the data file.
 */
final class DataFileDeletes {

  private final PositionDeleteIndex positions;
  private final List<EqualityDeletes> equalityDeletes;

  /** Deleted values for one set of equality columns, in {@code schema}'s column order. */
  private record EqualityDeletes(Schema schema, StructLikeSet deleted) {}

  private DataFileDeletes(PositionDeleteIndex positions, List<EqualityDeletes> equalityDeletes) {
    this.positions = positions;
    this.equalityDeletes = equalityDeletes;
  }

  /** Loads the deletes of a task's data file. */
  static DataFileDeletes load(ScanSetup setup, FileScanTask task, List<DeleteFile> deleteFiles) {
    List<DeleteFile> positionFiles = new ArrayList<>();
    Map<List<Integer>, List<DeleteFile>> equalityFiles = new LinkedHashMap<>();
    for (DeleteFile delete : deleteFiles) {
      if (delete.content() == FileContent.POSITION_DELETES) {
        positionFiles.add(delete);
      } else if (delete.content() == FileContent.EQUALITY_DELETES) {
        List<Integer> ids = List.copyOf(new TreeSet<>(delete.equalityFieldIds()));
        equalityFiles.computeIfAbsent(ids, k -> new ArrayList<>()).add(delete);
      }
    }
    if (positionFiles.isEmpty() && equalityFiles.isEmpty()) {
      return new DataFileDeletes(null, List.of());
    }
    // Read with the files' own lengths, as data files are (see IcebergScanTask).
    DeleteLoader loader = new BaseDeleteLoader(delete -> setup.table().io().newInputFile(delete.location()));
    String dataFile = task.file().location();
    try {
      PositionDeleteIndex positions =
          positionFiles.isEmpty()
              ? null
              : PositionDeletes.load(positionFiles, dataFile, loader, setup.table().io());
      List<EqualityDeletes> equality = new ArrayList<>();
      for (Map.Entry<List<Integer>, List<DeleteFile>> group : equalityFiles.entrySet()) {
        Schema schema = equalitySchema(setup, group.getKey(), dataFile);
        equality.add(new EqualityDeletes(schema, loader.loadEqualityDeletes(group.getValue(), schema)));
      }
      return new DataFileDeletes(positions, equality);
    } catch (LakeException e) {
      throw e;
    } catch (RuntimeException e) {
      String context =
          "at data file " + dataFile + " (delete files " + deleteFiles.stream().map(DeleteFile::location).toList() + ")";
      if (Failures.isMissingFile(e)) {
        throw setup.lakeTable().missingFile(setup.table(), context, e);
      }
      throw new LakeException(
          LakeException.DATA_EXCEPTION,
          "Cannot read the deletes of table '" + setup.lakeTable().name() + "' " + context + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The schema of a set of equality columns: each is looked up in the read schema, then in older
   * schemas of the table (a column may have been dropped since the delete was written).
   */
  private static Schema equalitySchema(ScanSetup setup, List<Integer> ids, String dataFile) {
    List<Schema> schemas = new ArrayList<>();
    schemas.add(setup.readSchema());
    setup.table().schemas().values().stream()
        .sorted(Comparator.comparingInt(Schema::schemaId).reversed())
        .forEach(schemas::add);
    List<Types.NestedField> fields = new ArrayList<>();
    for (int id : ids) {
      Types.NestedField field =
          schemas.stream()
              .map(schema -> schema.asStruct().field(id))
              .filter(f -> f != null)
              .findFirst()
              .orElseThrow(
                  () ->
                      LakeException.unsupportedFeature(
                          setup.lakeTable().name(),
                          "an equality delete on field id " + id
                              + ", which is not a top-level column of any of its schemas (data file "
                              + dataFile + ")"));
      if (!field.type().isPrimitiveType() || ArrowSchemas.unsupportedType(field.type()).isPresent()) {
        throw LakeException.unsupportedFeature(
            setup.lakeTable().name(),
            "an equality delete on column '" + field.name() + "' of type " + field.type() + " (data file "
                + dataFile + ")");
      }
      fields.add(field);
    }
    return new Schema(fields);
  }

  /** The columns equality deletes compare, which the scan reads even when they are not projected. */
  List<Types.NestedField> equalityColumns() {
    List<Types.NestedField> columns = new ArrayList<>();
    for (EqualityDeletes deletes : equalityDeletes) {
      for (Types.NestedField field : deletes.schema().columns()) {
        if (columns.stream().noneMatch(c -> c.fieldId() == field.fieldId())) {
          columns.add(field);
        }
      }
    }
    return columns;
  }

  /** The rows position deletes remove, or null when there are none. */
  DeletedRows deletedPositions() {
    return positions == null || positions.isEmpty() ? null : positions::isDeleted;
  }

  /** Whether rows are deleted by value, which only the decoded rows can tell. */
  boolean hasEqualityDeletes() {
    return !equalityDeletes.isEmpty();
  }

  boolean isEmpty() {
    return (positions == null || positions.isEmpty()) && equalityDeletes.isEmpty();
  }

  /**
   * The indexes of the rows of a batch that are not deleted, or null when none is.
   *
   * @param root the batch, holding at least the equality columns
   * @param firstRowPosition the position of the batch's first row in the data file
   * @param vectorIndexById where each field id's vector is in {@code root}
   */
  int[] liveRows(
      VectorSchemaRoot root, long firstRowPosition, Map<Integer, Integer> vectorIndexById) {
    int rowCount = root.getRowCount();
    List<RowView> views = new ArrayList<>(equalityDeletes.size());
    for (EqualityDeletes deletes : equalityDeletes) {
      List<Type> types = new ArrayList<>();
      List<FieldVector> vectors = new ArrayList<>();
      for (Types.NestedField field : deletes.schema().columns()) {
        types.add(field.type());
        vectors.add(root.getVector(vectorIndexById.get(field.fieldId())));
      }
      views.add(new RowView(types, vectors));
    }
    int[] live = new int[rowCount];
    int liveCount = 0;
    for (int row = 0; row < rowCount; row++) {
      if (!isDeleted(row, firstRowPosition + row, views)) {
        live[liveCount++] = row;
      }
    }
    return liveCount == rowCount ? null : Arrays.copyOf(live, liveCount);
  }

  private boolean isDeleted(int row, long position, List<RowView> views) {
    if (positions != null && positions.isDeleted(position)) {
      return true;
    }
    for (int i = 0; i < views.size(); i++) {
      if (equalityDeletes.get(i).deleted().contains(views.get(i).at(row))) {
        return true;
      }
    }
    return false;
  }
}
