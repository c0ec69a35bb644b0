package io.lakehouse.engine.parquet;

import io.lakehouse.engine.table.ScanContext;
import java.util.List;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.parquet.io.InputFile;

/**
 * Reads one Parquet file into Arrow batches.
 *
 * <p>Each requested file column is matched against the file's columns by field id when the
 * requested field has one and the file's fields carry ids, otherwise by
 * {@link io.lakehouse.engine.table.ColumnMetadata#physicalName physical name} (exact, then ignoring
 * case); nested fields are matched the same way, level by level. Values are converted from the
 * file's physical and logical type to the requested Arrow type (integer and float widening,
 * decimal rescaling, INT96 and millisecond timestamps to microseconds, UUID to text); a conversion
 * that would lose information fails naming the file and column.
 */
public final class ParquetScan {

  private ParquetScan() {}

  /**
   * Opens a file.
   *
   * @param file the file to read
   * @param path the file's location, named in errors
   * @param columns the output columns, in output order
   * @param context the allocator and batch size
   * @throws io.lakehouse.engine.table.LakeException naming the file when it is missing, not
   *     Parquet, corrupt, or holds an encoding or type that cannot be read
   */
  public static CloseableIterator<ParquetBatch> open(
      InputFile file, String path, List<ColumnSpec> columns, ScanContext context) {
    throw new UnsupportedOperationException("the Parquet scan is being written");
  }
}
