package io.lakehouse.engine.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.DeleteLoader;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.Deletes;
import org.apache.iceberg.deletes.PositionDeleteIndex;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.util.ContentFileUtil;

/**
 * Loads the deleted positions of one data file.
 *
 * <p>Iceberg matches the {@code file_path} of position delete records to the data file by exact
 * string. A relocated table may name one file in several forms (writers have recorded
 * {@code hdfs://host/a/f} in delete files and {@code /a/f} in manifests), so when the table is
 * relocated, delete records are matched by where their path lies after relocation instead.
 */
final class PositionDeletes {

  private static final Schema PATH_AND_POSITION =
      new Schema(MetadataColumns.DELETE_FILE_PATH, MetadataColumns.DELETE_FILE_POS);

  private PositionDeletes() {}

  static PositionDeleteIndex load(
      List<DeleteFile> deleteFiles, String dataFileLocation, DeleteLoader loader, FileIO io) {
    if (!(io instanceof RelocatingFileIO relocating)) {
      return loader.loadPositionDeletes(deleteFiles, dataFileLocation);
    }
    String dataFile = relocating.relocate(dataFileLocation);
    List<Long> positions = new ArrayList<>();
    List<PositionDeleteIndex> vectors = new ArrayList<>();
    for (DeleteFile deleteFile : deleteFiles) {
      if (ContentFileUtil.isDV(deleteFile)) {
        // A deletion vector names its data file once; the loader checks that name.
        vectors.add(loader.loadPositionDeletes(List.of(deleteFile), deleteFile.referencedDataFile()));
      } else {
        readPositions(deleteFile, dataFile, relocating, positions);
      }
    }
    PositionDeleteIndex index = Deletes.toPositionIndex(CloseableIterable.withNoopClose(positions));
    for (PositionDeleteIndex vector : vectors) {
      vector.forEach(index::delete);
    }
    return index;
  }

  /** Adds the positions of the records of {@code deleteFile} that delete rows of {@code dataFile}. */
  private static void readPositions(
      DeleteFile deleteFile, String dataFile, RelocatingFileIO io, List<Long> positions) {
    try (CloseableIterable<Record> records =
        FormatModelRegistry.<Record, Object>readBuilder(
                deleteFile.format(), Record.class, io.newInputFile(deleteFile.location()))
            .project(PATH_AND_POSITION)
            .build()) {
      for (Record record : records) {
        CharSequence path = record.get(0, CharSequence.class);
        // Records without a path match no data file, as in Iceberg's own filter on file_path.
        if (path != null && io.relocate(path.toString()).equals(dataFile)) {
          positions.add(record.get(1, Long.class));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close delete file " + deleteFile.location(), e);
    }
  }
}
