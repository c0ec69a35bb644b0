package io.lakehouse.engine.delta;

import com.google.common.base.Suppliers;
import io.delta.kernel.internal.actions.DeletionVectorDescriptor;
import io.delta.kernel.internal.deletionvectors.DeletionVectorUtils;
import io.lakehouse.engine.parquet.ColumnSpec;
import io.lakehouse.engine.parquet.DeletedRows;
import io.lakehouse.engine.parquet.ParquetBatch;
import io.lakehouse.engine.parquet.ParquetScan;
import io.lakehouse.engine.parquet.RowGroupFilter;
import io.lakehouse.engine.table.ByteRange;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.RowBatch;
import io.lakehouse.engine.table.ScanContext;
import io.lakehouse.engine.table.ScanTask;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.apache.iceberg.io.CloseableIterator;

/**
 * Reads one live data file of a Delta snapshot, or the row groups of one {@link ByteRange} of it:
 * the projected columns from the Parquet file (by physical name or field id under column mapping),
 * partition columns as constants, and the rows its deletion vector removes left out of each
 * batch's selection. The log records no row group offsets, so a file is cut by its size alone;
 * the parts of a file load its deletion vector once, whichever part opens first.
 */
final class DeltaScanTask implements ScanTask {

  private final DeltaTable table;
  private final String tableRoot;
  private final long version;
  private final String path;
  private final long sizeInBytes;
  private final long recordCount;
  private final List<ColumnSpec> columns;
  private final DeletionVectorDescriptor deletionVector;
  private final RowGroupFilter rowGroupFilter;
  private final ByteRange range;
  /** The positions the deletion vector removes: loaded by each open of a whole file, once for the parts of one. */
  private final Supplier<long[]> deletedPositions;

  /**
   * @param tableRoot the table root as Kernel resolved it, against which deletion vector files lie
   * @param path the data file as Kernel resolved it: absolute, not URI-encoded
   * @param recordCount the file's rows according to the log's statistics, or -1 when unknown
   * @param deletionVector the file's deletion vector, or null
   * @param rowGroupFilter the rows the scan wants, for skipping row groups
   */
  DeltaScanTask(
      DeltaTable table,
      String tableRoot,
      long version,
      String path,
      long sizeInBytes,
      long recordCount,
      List<ColumnSpec> columns,
      DeletionVectorDescriptor deletionVector,
      RowGroupFilter rowGroupFilter) {
    this.table = table;
    this.tableRoot = tableRoot;
    this.version = version;
    this.path = path;
    this.sizeInBytes = sizeInBytes;
    this.recordCount = recordCount;
    this.columns = List.copyOf(columns);
    this.deletionVector = deletionVector;
    this.rowGroupFilter = rowGroupFilter;
    this.range = ByteRange.WHOLE_FILE;
    this.deletedPositions = this::loadDeletedPositions;
  }

  /** The part of {@code whole} that reads {@code range}, sharing the deleted positions of its other parts. */
  private DeltaScanTask(DeltaScanTask whole, ByteRange range, Supplier<long[]> deletedPositions) {
    this.table = whole.table;
    this.tableRoot = whole.tableRoot;
    this.version = whole.version;
    this.path = whole.path;
    this.sizeInBytes = whole.sizeInBytes;
    this.recordCount = whole.recordCount;
    this.columns = whole.columns;
    this.deletionVector = whole.deletionVector;
    this.rowGroupFilter = whole.rowGroupFilter;
    this.range = range;
    this.deletedPositions = deletedPositions;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public long sizeInBytes() {
    return sizeInBytes;
  }

  /** The file's deletion vector, or null when every row of the file is live. */
  DeletionVectorDescriptor deletionVector() {
    return deletionVector;
  }

  /** The output columns: read from the file or constant. */
  List<ColumnSpec> columns() {
    return columns;
  }

  @Override
  public CloseableIterator<RowBatch> open(ScanContext context) {
    DeletedRows deleted = deletionVector == null ? null : DeletedRows.of(deletedPositions.get());
    try {
      CloseableIterator<ParquetBatch> batches = ParquetScan.open(
          table.storage().parquetInput(path, sizeInBytes), path, columns, rowGroupFilter, range, deleted, context);
      return new LiveRows(batches);
    } catch (LakeException e) {
      throw inThisTable(e);
    }
  }

  @Override
  public java.util.Optional<io.lakehouse.engine.table.RowGroupCount> countRowGroups() {
    try {
      return java.util.Optional.of(rowGroupFilter.count(table.storage().parquetInput(path), path, range));
    } catch (LakeException e) {
      throw inThisTable(e);
    }
  }

  @Override
  public List<ScanTask> split(long splitSize) {
    List<ByteRange> ranges = ByteRange.split(sizeInBytes, splitSize, List.of());
    if (!range.equals(ByteRange.WHOLE_FILE) || ranges.size() == 1) {
      return List.of(this);
    }
    Supplier<long[]> shared = Suppliers.memoize(this::loadDeletedPositions);
    return ranges.stream().<ScanTask>map(part -> new DeltaScanTask(this, part, shared)).toList();
  }

  /** The scan's error, also naming the table and version; the scan names the file. */
  private LakeException inThisTable(LakeException e) {
    String message = "Table '" + table.name() + "' (version " + version + "): " + e.getMessage();
    return new LakeException(e.sqlState(), message, e);
  }

  /**
   * The positions of the rows the file's deletion vector removes, ascending; the file must have
   * one. A vector that does not hold as many rows as its descriptor says, or removes a row past the
   * end of the file, is refused rather than applied: it would change which rows are live in ways no
   * writer meant.
   */
  long[] loadDeletedPositions() {
    long[] positions;
    try {
      positions = DeletionVectorUtils.loadNewDvAndBitmap(table.engine(), tableRoot, deletionVector)._2.toArray();
    } catch (RuntimeException e) {
      String subject = "Table '" + table.name() + "' (version " + version + "): the " + describeDeletionVector()
          + " of data file " + path;
      if (DeltaErrors.isMissingFile(e)) {
        throw new LakeException(LakeException.IO_ERROR, subject + " is missing", e);
      }
      throw new LakeException(LakeException.DATA_EXCEPTION, subject + " cannot be read: " + DeltaErrors.reason(e), e);
    }
    String problem = null;
    if (positions.length != deletionVector.getCardinality()) {
      problem = "holds " + positions.length + " rows where the log says " + deletionVector.getCardinality();
    } else if (recordCount >= 0 && positions.length > 0 && positions[positions.length - 1] >= recordCount) {
      problem = "removes row " + positions[positions.length - 1] + " but the file has " + recordCount + " rows";
    }
    if (problem != null) {
      throw new LakeException(
          LakeException.DATA_EXCEPTION,
          "Table '" + table.name() + "' (version " + version + "): the " + describeDeletionVector() + " of data file "
              + path + " " + problem + ", so it is corrupt or encoded in a way this driver does not understand");
    }
    return positions;
  }

  private String describeDeletionVector() {
    return deletionVector.isInline()
        ? "inline deletion vector"
        : "deletion vector file " + deletionVector.getAbsolutePath(tableRoot);
  }

  /** The file's batches, whose selections leave out the rows the deletion vector removes. */
  private final class LiveRows implements CloseableIterator<RowBatch> {
    private final CloseableIterator<ParquetBatch> batches;

    LiveRows(CloseableIterator<ParquetBatch> batches) {
      this.batches = batches;
    }

    @Override
    public boolean hasNext() {
      try {
        return batches.hasNext();
      } catch (LakeException e) {
        throw inThisTable(e);
      }
    }

    @Override
    public RowBatch next() {
      try {
        return batches.next().rows();
      } catch (LakeException e) {
        throw inThisTable(e);
      }
    }

    @Override
    public void close() throws IOException {
      batches.close();
    }
  }
}
