package io.lakehouse.engine.parquet;

import io.lakehouse.engine.io.ReadAhead;
import io.lakehouse.engine.table.ByteRange;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.ScanContext;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
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
 * that would lose information fails naming the file and column. Nanosecond timestamps and times
 * are the one exception: they are truncated toward negative infinity to microseconds.
 */
public final class ParquetScan {

  /**
   * The read options' configuration, made once: parquet-mr's default builder makes a new Hadoop
   * configuration for every file, which parses Hadoop's default XML resources each time and cost
   * more than reading a small file. Readers only read it. Codecs load through this class's
   * loader, whatever loader the thread that first scans has.
   */
  private static final org.apache.parquet.conf.ParquetConfiguration CONFIGURATION = readConfiguration();

  private static org.apache.parquet.conf.ParquetConfiguration readConfiguration() {
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
    conf.setClassLoader(ParquetScan.class.getClassLoader());
    return new org.apache.parquet.conf.HadoopParquetConfiguration(conf);
  }

  /** The options every file is opened with: the shared configuration and its own page codecs. */
  static ParquetReadOptions readOptions() {
    return ParquetReadOptions.builder(CONFIGURATION).withCodecFactory(new PageCodecs(CONFIGURATION)).build();
  }

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
    return open(file, path, columns, RowGroupFilter.NONE, context);
  }

  /**
   * Opens a file, skipping the row groups whose statistics, page indexes or dictionaries prove
   * that no row matches {@code filter} (see {@link RowGroupFilter#select}). Rows of the row groups read keep their positions in the file.
   *
   * @param filter the rows wanted; row groups holding other rows may still be read
   * @see #open(InputFile, String, List, ScanContext)
   */
  public static CloseableIterator<ParquetBatch> open(
      InputFile file, String path, List<ColumnSpec> columns, RowGroupFilter filter, ScanContext context) {
    return open(
        file, path, columns, filter, ByteRange.WHOLE_FILE, null, context, PageColumnReader.NATIVE_ENCODINGS);
  }

  /**
   * Opens a file as {@link #open(InputFile, String, List, RowGroupFilter, ScanContext)} does, and
   * reads within each row group only the pages the page index leaves for {@code filter}, less
   * those whose rows {@code deleted} removes entirely. Deleted rows are left out of each batch's
   * {@link ParquetBatch#selection selection}; when the context has a residual filter over the
   * batch's columns, the batches are filtered by it too (see {@link ParquetBatchReader}).
   *
   * @param deleted the file's deleted rows, or null when every row is live
   */
  public static CloseableIterator<ParquetBatch> open(
      InputFile file,
      String path,
      List<ColumnSpec> columns,
      RowGroupFilter filter,
      DeletedRows deleted,
      ScanContext context) {
    return open(file, path, columns, filter, ByteRange.WHOLE_FILE, deleted, context);
  }

  /**
   * Opens a part of a file as {@link #open(InputFile, String, List, RowGroupFilter, DeletedRows,
   * ScanContext)} opens the whole: only the row groups that begin in {@code range} are read (and
   * counted in the statistics), their rows keeping their positions in the file, so {@code deleted}
   * holds positions in the file. Only the part that begins the file counts the file as opened.
   *
   * @param range the bytes whose row groups to read
   */
  public static CloseableIterator<ParquetBatch> open(
      InputFile file,
      String path,
      List<ColumnSpec> columns,
      RowGroupFilter filter,
      ByteRange range,
      DeletedRows deleted,
      ScanContext context) {
    return open(file, path, columns, filter, range, deleted, context, PageColumnReader.NATIVE_ENCODINGS);
  }

  /**
   * Opens a file, decoding pages in {@code pageEncodings} natively and every other page of a flat
   * column with parquet-mr's reader; tests use it to drive the page fallback.
   */
  static ParquetBatchReader open(
      InputFile file,
      String path,
      List<ColumnSpec> columns,
      RowGroupFilter filter,
      ScanContext context,
      Set<Encoding> pageEncodings) {
    return open(file, path, columns, filter, ByteRange.WHOLE_FILE, null, context, pageEncodings);
  }

  private static ParquetBatchReader open(
      InputFile file,
      String path,
      List<ColumnSpec> columns,
      RowGroupFilter filter,
      ByteRange range,
      DeletedRows deleted,
      ScanContext context,
      Set<Encoding> pageEncodings) {
    ParquetFileReader reader;
    ParquetReadOptions options = readOptions();
    try {
      reader = ParquetFileReader.open(file, options);
    } catch (IOException | RuntimeException e) {
      throw LakeException.unreadableFile(path, missingFileCause(e));
    }
    if (range.beginsFile()) {
      context.statistics().fileOpened();
    }
    try {
      ColumnMatcher matcher = new ColumnMatcher(reader.getFileMetaData().getSchema(), path);
      List<Field> fields = new ArrayList<>(columns.size());
      List<ReadNode> nodes = new ArrayList<>(columns.size());
      for (ColumnSpec column : columns) {
        fields.add(column.field());
        nodes.add(
            column.isConstant()
                ? new ReadNode.Constant(column.constant())
                : matcher.match(column.field()));
      }
      List<LeafColumn> leaves = matcher.leaves();
      List<ColumnDescriptor> descriptors = new ArrayList<>(leaves.size());
      leaves.forEach(leaf -> descriptors.add(leaf.descriptor));
      reader.setRequestedSchema(descriptors);
      RowGroupFilter.Selection readRowGroups = filter.select(reader, path, range);
      if (file instanceof ReadAhead readAhead) {
        readAhead.willRead(chunkRanges(reader.getRowGroups(), readRowGroups, descriptors));
      }
      FilterPredicate predicate = filter.keepsEverything()
          ? null
          : ParquetPredicates.translate(filter, reader.getFileMetaData().getSchema(), path);
      return new ParquetBatchReader(
          reader, path, fields, nodes, leaves, readRowGroups,
          predicate == null ? null : FilterCompat.get(predicate), deleted, context, pageEncodings,
          (PageCodecs) options.getCodecFactory());
    } catch (RuntimeException e) {
      try {
        reader.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** The byte ranges of the requested columns' chunks in each row group to be read, in file order. */
  private static List<List<ReadAhead.Range>> chunkRanges(
      List<BlockMetaData> blocks, RowGroupFilter.Selection read, List<ColumnDescriptor> columns) {
    Set<ColumnPath> paths = new HashSet<>();
    columns.forEach(column -> paths.add(ColumnPath.get(column.getPath())));
    List<List<ReadAhead.Range>> rowGroups = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      if (read.reads(i)) {
        List<ReadAhead.Range> chunks = new ArrayList<>();
        for (ColumnChunkMetaData chunk : blocks.get(i).getColumns()) {
          if (paths.contains(chunk.getPath())) {
            chunks.add(new ReadAhead.Range(chunk.getStartingPos(), chunk.getTotalSize()));
          }
        }
        rowGroups.add(chunks);
      }
    }
    return rowGroups;
  }

  /** The exception that says the file does not exist, if it is in the chain, else {@code e}. */
  private static Throwable missingFileCause(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof FileNotFoundException
          || cause instanceof NoSuchFileException
          || cause instanceof NotFoundException) {
        return cause;
      }
    }
    return e;
  }
}
