package io.lakehouse.engine.parquet;

import io.lakehouse.engine.table.ByteRange;
import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.Filters;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.RowGroupCount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.compat.RowGroupFilter.FilterLevel;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.internal.column.columnindex.ColumnIndex;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.internal.filter2.columnindex.ColumnIndexFilter;
import org.apache.parquet.internal.filter2.columnindex.ColumnIndexStore;
import org.apache.parquet.io.InputFile;

/**
 * The rows a scan wants, for skipping the row groups that footer statistics, page indexes or
 * dictionaries prove hold none of them.
 *
 * @param filter the rows wanted, on logical column names
 * @param columns the columns of the filter that are read from data files, by logical name, as the
 *     fields the scan matches against the file (with their field ids and physical names); filters
 *     on other columns (partition constants, unknown names) are not pushed into the file
 */
public record RowGroupFilter(Filter filter, Map<String, Field> columns) {

  /** Reads every row group. */
  public static final RowGroupFilter NONE = new RowGroupFilter(Filter.ALWAYS_TRUE, Map.of());

  public RowGroupFilter {
    Objects.requireNonNull(filter, "filter");
    columns = Map.copyOf(columns);
  }

  /** True when no row group can be skipped. */
  boolean keepsEverything() {
    return Filters.isAlwaysTrue(filter) || columns.isEmpty();
  }

  /** Why a row group is not read. */
  public enum SkipReason {
    /** Its column chunks' min/max statistics in the footer. */
    STATISTICS,
    /** Its pages' min/max in the column index (with the offset index to place the pages). */
    PAGE_INDEX,
    /** The dictionaries of its dictionary-encoded column chunks. */
    DICTIONARY,
    /** It begins outside the byte range being read: another part of the file reads it. */
    OTHER_RANGE
  }

  /**
   * Which row groups of a file to read.
   *
   * @param skipped per row group of the file, why it is skipped, or null when it is read
   */
  public record Selection(SkipReason[] skipped) {

    /** The number of row groups in the byte range read: the file's, when it is read whole. */
    public int rowGroups() {
      int inRange = 0;
      for (SkipReason reason : skipped) {
        if (reason != SkipReason.OTHER_RANGE) {
          inRange++;
        }
      }
      return inRange;
    }

    /** The number of row groups read. */
    public int kept() {
      int kept = 0;
      for (SkipReason reason : skipped) {
        if (reason == null) {
          kept++;
        }
      }
      return kept;
    }

    boolean reads(int rowGroup) {
      return skipped[rowGroup] == null;
    }
  }

  /**
   * Decides which of the row groups of an open file that begin in {@code range} may hold a wanted
   * row, with parquet-mr's own evaluators, cheapest first: footer statistics ({@code
   * StatisticsFilter}), then the page index of the row groups left ({@code ColumnIndexFilter}: a
   * row group none of whose pages can match), then their dictionaries ({@code DictionaryFilter},
   * which reads each dictionary page). The row groups outside the range are {@link
   * SkipReason#OTHER_RANGE}, and their statistics, indexes and dictionaries are not consulted.
   *
   * @param path the file's location, named in errors
   * @param range the bytes whose row groups the scan reads ({@link ByteRange#WHOLE_FILE} for all)
   * @throws LakeException naming the file when its statistics, indexes or dictionaries are corrupt
   */
  public Selection select(ParquetFileReader reader, String path, ByteRange range) {
    List<BlockMetaData> blocks = reader.getRowGroups();
    SkipReason[] skipped = new SkipReason[blocks.size()];
    List<BlockMetaData> inRange = new ArrayList<>(blocks.size());
    for (int i = 0; i < blocks.size(); i++) {
      if (range.holds(blocks.get(i).getStartingPos())) {
        inRange.add(blocks.get(i));
      } else {
        skipped[i] = SkipReason.OTHER_RANGE;
      }
    }
    FilterPredicate predicate = ParquetPredicates.translate(this, reader.getFileMetaData().getSchema(), path);
    if (predicate == null || inRange.isEmpty()) {
      return new Selection(skipped);
    }
    FilterCompat.Filter compat = FilterCompat.get(predicate);
    try {
      List<BlockMetaData> kept = filter(compat, FilterLevel.STATISTICS, inRange, reader);
      mark(skipped, blocks, kept, SkipReason.STATISTICS);
      List<BlockMetaData> indexed = new ArrayList<>();
      for (BlockMetaData block : kept) {
        if (!pageIndexRulesOut(compat, reader, block)) {
          indexed.add(block);
        }
      }
      mark(skipped, blocks, indexed, SkipReason.PAGE_INDEX);
      mark(skipped, blocks, filter(compat, FilterLevel.DICTIONARY, indexed, reader), SkipReason.DICTIONARY);
    } catch (UncheckedIOException e) {
      throw LakeException.unreadableFile(path, e.getCause());
    } catch (RuntimeException e) {
      throw LakeException.unreadableFile(path, e);
    }
    return new Selection(skipped);
  }

  /**
   * How many of the row groups that begin in {@code range} a scan with this filter reads, of how
   * many begin there (the file's, for the whole file): opens the file, reads its footer and makes
   * the scan's {@link #select selection}, and closes it.
   *
   * @param path the file's location, named in errors
   * @throws LakeException naming the file when it is missing or corrupt
   */
  public RowGroupCount count(InputFile file, String path, ByteRange range) {
    try (ParquetFileReader reader = ParquetFileReader.open(file, ParquetScan.readOptions())) {
      Selection selection = select(reader, path, range);
      return new RowGroupCount(selection.kept(), selection.rowGroups());
    } catch (IOException e) {
      throw LakeException.unreadableFile(path, e);
    }
  }

  private static List<BlockMetaData> filter(
      FilterCompat.Filter filter, FilterLevel level, List<BlockMetaData> blocks, ParquetFileReader reader) {
    if (blocks.isEmpty()) {
      return blocks;
    }
    return org.apache.parquet.filter2.compat.RowGroupFilter.filterRowGroups(List.of(level), filter, blocks, reader);
  }

  /** Marks the row groups of {@code candidates} that are not in {@code kept} (by identity) as skipped. */
  private static void mark(
      SkipReason[] skipped, List<BlockMetaData> blocks, List<BlockMetaData> kept, SkipReason reason) {
    Set<BlockMetaData> keptSet = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    keptSet.addAll(kept);
    for (int i = 0; i < skipped.length; i++) {
      if (skipped[i] == null && !keptSet.contains(blocks.get(i))) {
        skipped[i] = reason;
      }
    }
  }

  /**
   * Whether the row group's page index shows that no page can hold a wanted row. A column without
   * a column or offset index makes parquet-mr keep every row.
   */
  private static boolean pageIndexRulesOut(FilterCompat.Filter filter, ParquetFileReader reader, BlockMetaData block) {
    return ColumnIndexFilter.calculateRowRanges(filter, indexStore(reader, block), columnPaths(block), block.getRowCount())
        .rowCount() == 0;
  }

  /** The paths of a row group's column chunks. */
  static Set<ColumnPath> columnPaths(BlockMetaData block) {
    Set<ColumnPath> paths = new HashSet<>();
    for (ColumnChunkMetaData chunk : block.getColumns()) {
      paths.add(chunk.getPath());
    }
    return paths;
  }

  /**
   * The column and offset indexes of a row group's chunks, read when asked for. A missing offset
   * index is reported the way parquet-mr's evaluator expects, so that it keeps every row.
   */
  static ColumnIndexStore indexStore(ParquetFileReader reader, BlockMetaData block) {
    return new ColumnIndexStore() {
      @Override
      public ColumnIndex getColumnIndex(ColumnPath column) {
        ColumnChunkMetaData chunk = chunk(block, column);
        try {
          return chunk == null || chunk.getColumnIndexReference() == null ? null : reader.readColumnIndex(chunk);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public OffsetIndex getOffsetIndex(ColumnPath column) {
        ColumnChunkMetaData chunk = chunk(block, column);
        OffsetIndex index;
        try {
          index = chunk == null || chunk.getOffsetIndexReference() == null ? null : reader.readOffsetIndex(chunk);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        if (index == null) {
          throw new MissingOffsetIndexException(column);
        }
        return index;
      }
    };
  }

  private static ColumnChunkMetaData chunk(BlockMetaData block, ColumnPath path) {
    for (ColumnChunkMetaData chunk : block.getColumns()) {
      if (chunk.getPath().equals(path)) {
        return chunk;
      }
    }
    return null;
  }
}
