package io.lakehouse.engine.parquet;

import io.lakehouse.engine.table.LakeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.parquet.filter2.columnindex.RowRanges;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.internal.filter2.columnindex.ColumnIndexFilter;

/**
 * The rows of a row group worth reading, from its page index: those on pages whose min/max the
 * scan's filter does not rule out (parquet-mr's {@link ColumnIndexFilter}), less the rows of pages
 * (of the column with the finest pages) that deletes remove entirely. The pages of the read columns
 * that hold none of those rows are then never read.
 */
final class PageRanges {

  /**
   * @param rows the rows to read, or null for all of them
   * @param pagesSkipped the data pages of the read columns that hold none of {@code rows}
   * @param bytesRead the bytes of the read columns' chunks that hold {@code rows}: dictionaries and
   *     the pages not skipped
   */
  record Selection(RowRanges rows, long pagesSkipped, long bytesRead) {}

  private PageRanges() {}

  /**
   * @param chunks the row group's chunks of the columns read
   * @param filter the rows wanted, or null
   * @param deleted the file's deleted rows, or null
   * @param firstPosition the position in the file of the row group's first row
   */
  static Selection select(
      ParquetFileReader reader,
      BlockMetaData block,
      List<ColumnChunkMetaData> chunks,
      FilterCompat.Filter filter,
      DeletedRows deleted,
      long firstPosition,
      String file) {
    long rowCount = block.getRowCount();
    Selection all = new Selection(null, 0, chunks.stream().mapToLong(ColumnChunkMetaData::getTotalSize).sum());
    if ((filter == null && deleted == null) || chunks.isEmpty()
        || chunks.stream().anyMatch(chunk -> chunk.getOffsetIndexReference() == null)) {
      return all;
    }
    try {
      RowRanges rows = filter == null
          ? RowRanges.createSingle(rowCount)
          : ColumnIndexFilter.calculateRowRanges(
              filter, RowGroupFilter.indexStore(reader, block), RowGroupFilter.columnPaths(block), rowCount);
      if (deleted == null && rows.rowCount() == rowCount) {
        // the usual case of a filter that no page rules out: no offset index need be read
        return all;
      }
      OffsetIndex[] offsets = new OffsetIndex[chunks.size()];
      for (int c = 0; c < offsets.length; c++) {
        offsets[c] = reader.readOffsetIndex(chunks.get(c));
      }
      if (deleted != null && rows.rowCount() > 0) {
        rows = withoutDeletedPages(rows, offsets, deleted, firstPosition, rowCount);
      }
      if (rows.rowCount() == rowCount) {
        return all;
      }
      long skipped = 0;
      long bytes = 0;
      for (int c = 0; c < offsets.length; c++) {
        OffsetIndex index = offsets[c];
        bytes += index.getPageCount() == 0 ? 0 : index.getOffset(0) - chunks.get(c).getStartingPos();
        for (int p = 0; p < index.getPageCount(); p++) {
          if (rows.isOverlapping(index.getFirstRowIndex(p), index.getLastRowIndex(p, rowCount))) {
            bytes += index.getCompressedPageSize(p);
          } else {
            skipped++;
          }
        }
      }
      return new Selection(rows, skipped, bytes);
    } catch (IOException e) {
      throw LakeException.unreadableFile(file, e);
    } catch (UncheckedIOException e) {
      throw LakeException.unreadableFile(file, e.getCause());
    }
  }

  /** {@code rows} less the pages of the column with the most pages whose rows are all deleted. */
  private static RowRanges withoutDeletedPages(
      RowRanges rows, OffsetIndex[] offsets, DeletedRows deleted, long firstPosition, long rowCount) {
    OffsetIndex finest = offsets[0];
    for (OffsetIndex index : offsets) {
      if (index.getPageCount() > finest.getPageCount()) {
        finest = index;
      }
    }
    OffsetIndex index = finest;
    int[] live = IntStream.range(0, index.getPageCount())
        .filter(p -> {
          long from = index.getFirstRowIndex(p);
          long to = index.getLastRowIndex(p, rowCount);
          return !rows.isOverlapping(from, to) || !deleted.allDeleted(firstPosition + from, firstPosition + to + 1);
        })
        .toArray();
    if (live.length == index.getPageCount()) {
      return rows;
    }
    RowRanges livePages = org.apache.parquet.internal.filter2.columnindex.RowRanges.create(
        rowCount, IntStream.of(live).iterator(), index);
    return RowRanges.intersection(rows, livePages);
  }
}
