package io.lakehouse.engine.parquet;

import io.lakehouse.engine.table.DictionaryVector;
import io.lakehouse.engine.table.Filters;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.RowFilter;
import io.lakehouse.engine.table.ScanContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.filter2.columnindex.RowRanges;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.schema.MessageType;

/**
 * Iterates over the row groups of an open Parquet file, decoding batches of at most the context's
 * batch size rows; a batch never spans row groups. Closing it closes the file.
 *
 * <p>Flat columns whose chunks use only encodings {@link PageColumnReader} decodes are read page by
 * page straight into their vectors. The leaves of nested columns in those encodings are read page
 * by page into levels and values ({@link NestedPageReader}); chunks in other encodings through
 * parquet-mr's column reader. {@link NestedAssembler} builds their vectors from the levels.
 *
 * <p>Within a row group only the rows the page index leaves ({@link PageRanges}: the scan's
 * filter, pages whose rows are all deleted) are read, through parquet-mr's row-range reads, so the
 * other pages are never read at all; a batch never spans a gap between those rows, so its rows keep
 * consecutive positions. Nested leaves of such a row group are read by parquet-mr's column reader,
 * which skips the rows between the ranges itself. When the context carries a residual filter over
 * the batch's columns, a batch is decoded late: first the filter's columns, then the filter is
 * evaluated on the rows deletes leave, and only when some row survives are the other columns
 * decoded. A batch with no surviving row is not returned; its other flat columns are passed over
 * (whole pages undecoded) when the next batch is read. Nested leaves are always read, so they stay
 * aligned.
 */
final class ParquetBatchReader implements CloseableIterator<ParquetBatch> {

  private final ParquetFileReader reader;
  private final String file;
  private final List<Field> fields;
  /** The batches' schema when no column is dictionary-encoded. */
  private final Schema batchSchema;
  private final List<ReadNode> nodes;
  private final List<LeafColumn> leaves;
  private final NestedAssembler assembler;
  private final ScanContext context;
  private final MessageType schema;
  private final String createdBy;

  private final RowGroupFilter.Selection rowGroups;
  /** The rows wanted, for the page index; null to read every row of the row groups read. */
  private final FilterCompat.Filter pageFilter;
  /** The file's deleted rows, or null. */
  private final DeletedRows deleted;
  /** The residual filter evaluated here, or null; {@link #filterColumn} says which fields it reads. */
  private final RowFilter rowFilter;

  /**
   * A batch keeps few rows when at most one in this many survive its filter: the columns decoded
   * after the filter then write only those rows' values.
   */
  private static final int FEW_KEPT = 8;
  private final boolean[] filterColumn;
  private final Set<ColumnPath> leafPaths = new HashSet<>();
  /** Per leaf, its page reader when the leaf is a flat column read by exactly one node, else null. */
  private final PageColumnReader[] pageReaders;
  /** Per leaf, whether the current row group's chunk is read by its page reader. */
  private final boolean[] decodedByPages;
  /** Per leaf not read by a flat page reader, its page reader of levels and values, made when first needed. */
  private final NestedPageReader[] nestedReaders;
  private final Set<Encoding> pageEncodings;

  private int nextRowGroup;
  /** The rows of the row groups before {@link #nextRowGroup}, read or skipped. */
  private long rowsBefore;
  private long remainingInRowGroup;
  /** The position in the file of the current row group's first row. */
  private long rowGroupPosition;
  /** The runs of rows of the current row group to read, and the one being read. */
  private List<RowRanges.Range> ranges = List.of();
  private int rangeIndex;
  /** The next row of the current row group to read, and the end (exclusive) of its run. */
  private long nextRow;
  private long rangeEnd;
  private ParquetBatch pending;
  private boolean closed;

  /** @param rowGroups which row groups of the file to read */
  ParquetBatchReader(
      ParquetFileReader reader,
      String file,
      List<Field> fields,
      List<ReadNode> nodes,
      List<LeafColumn> leaves,
      RowGroupFilter.Selection rowGroups,
      ScanContext context) {
    this(reader, file, fields, nodes, leaves, rowGroups, null, null, context, PageColumnReader.NATIVE_ENCODINGS, null);
  }

  /**
   * @param pageFilter the rows wanted, to read only the pages that may hold them; null for all
   * @param deleted the file's deleted rows, or null
   * @param pageEncodings the encodings the page readers decode themselves, not by parquet-mr's reader
   * @param codecs the file's codecs, which decompress pages decoded here into reused arrays; null to
   *     read them as parquet-mr gives them
   */
  ParquetBatchReader(
      ParquetFileReader reader,
      String file,
      List<Field> fields,
      List<ReadNode> nodes,
      List<LeafColumn> leaves,
      RowGroupFilter.Selection rowGroups,
      FilterCompat.Filter pageFilter,
      DeletedRows deleted,
      ScanContext context,
      Set<Encoding> pageEncodings,
      PageCodecs codecs) {
    this.reader = reader;
    this.file = file;
    this.fields = fields;
    this.batchSchema = new Schema(fields);
    this.nodes = nodes;
    this.leaves = leaves;
    this.rowGroups = rowGroups;
    this.pageFilter = pageFilter;
    this.deleted = deleted;
    this.context = context;
    this.filterColumn = new boolean[fields.size()];
    this.rowFilter = evaluatedHere(context.rowFilter(), filterColumn);
    leaves.forEach(leaf -> leafPaths.add(ColumnPath.get(leaf.descriptor.getPath())));
    this.assembler = new NestedAssembler(leaves, file);
    this.schema = reader.getFileMetaData().getSchema();
    this.createdBy = reader.getFileMetaData().getCreatedBy();
    this.pageReaders = new PageColumnReader[leaves.size()];
    this.decodedByPages = new boolean[leaves.size()];
    this.nestedReaders = new NestedPageReader[leaves.size()];
    this.pageEncodings = pageEncodings;
    int[] readers = new int[leaves.size()];
    nodes.forEach(node -> {
      for (int leaf : node.leaves()) {
        readers[leaf]++;
      }
    });
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i) instanceof ReadNode.Leaf node
          && readers[node.leaf()] == 1
          && PageColumnReader.isFlat(leaves.get(node.leaf()).descriptor)) {
        pageReaders[node.leaf()] = new PageColumnReader(
            leaves.get(node.leaf()).descriptor, fields.get(i).getType(), node.writer(), schema, createdBy,
            pageEncodings, codecs);
      }
    }
  }

  /**
   * The residual filter when it reads only fields of these batches (marking those in {@code
   * reads}), else null: the consumer then evaluates it.
   */
  private RowFilter evaluatedHere(RowFilter filter, boolean[] reads) {
    if (filter == null || Filters.isAlwaysTrue(filter.residual())) {
      return null;
    }
    int[] indexes = filter.vectorIndexes();
    for (int index : indexes) {
      if (index < 0 || index >= reads.length) {
        return null;
      }
    }
    for (int index : indexes) {
      reads[index] = true;
    }
    return filter;
  }

  /** Pages decoded by the page readers themselves, and pages they handed to parquet-mr's reader. */
  long[] pageCounts() {
    long[] counts = new long[2];
    for (PageColumnReader pageReader : pageReaders) {
      if (pageReader != null) {
        counts[0] += pageReader.nativePages();
        counts[1] += pageReader.fallbackPages();
      }
    }
    for (NestedPageReader nestedReader : nestedReaders) {
      if (nestedReader != null) {
        counts[0] += nestedReader.nativePages();
        counts[1] += nestedReader.fallbackPages();
      }
    }
    return counts;
  }

  @Override
  public boolean hasNext() {
    if (closed) {
      return false;
    }
    while (pending == null) {
      while (remainingInRowGroup == 0) {
        if (!startNextRowGroup()) {
          return false;
        }
      }
      pending = readBatch();
    }
    return true;
  }

  private boolean startNextRowGroup() {
    List<BlockMetaData> blocks = reader.getRowGroups();
    while (nextRowGroup < blocks.size() && !rowGroups.reads(nextRowGroup)) {
      countSkipped(rowGroups.skipped()[nextRowGroup]);
      rowsBefore += blocks.get(nextRowGroup++).getRowCount();
    }
    if (nextRowGroup >= blocks.size()) {
      return false;
    }
    BlockMetaData block = blocks.get(nextRowGroup);
    // positions count the rows of skipped row groups too: deletes refer to them
    rowGroupPosition = block.getRowIndexOffset() >= 0 ? block.getRowIndexOffset() : rowsBefore;
    rowsBefore += block.getRowCount();
    if (leaves.isEmpty()) {
      context.statistics().rowGroupRead();
      nextRowGroup++;
      startRows(null, block.getRowCount());
      return true;
    }
    List<ColumnChunkMetaData> chunks = new ArrayList<>();
    for (ColumnChunkMetaData chunk : block.getColumns()) {
      if (leafPaths.contains(chunk.getPath())) {
        chunks.add(chunk);
      }
    }
    PageRanges.Selection rows = PageRanges.select(reader, block, chunks, pageFilter, deleted, rowGroupPosition, file);
    context.statistics().pagesSkipped(rows.pagesSkipped());
    if (rows.rows() != null && rows.rows().rowCount() == 0) {
      // every row the page index leaves is deleted
      context.statistics().rowGroupSkipped();
      nextRowGroup++;
      return true;
    }
    context.statistics().rowGroupRead();
    context.statistics().bytesRead(rows.bytesRead());
    try {
      PageReadStore pages = rows.rows() == null
          ? reader.readRowGroup(nextRowGroup)
          : reader.readFilteredRowGroup(nextRowGroup, rows.rows());
      if (pages == null) {
        return false;
      }
      nextRowGroup++;
      ColumnReadStoreImpl store =
          new ColumnReadStoreImpl(pages, new LevelsOnlyConverter(schema), schema, createdBy);
      for (int l = 0; l < leaves.size(); l++) {
        LeafColumn leaf = leaves.get(l);
        PageColumnReader pageReader = pageReaders[l];
        boolean byPages = PageColumnReader.canRead(chunk(block, leaf), createdBy);
        decodedByPages[l] = pageReader != null && byPages;
        if (decodedByPages[l]) {
          pageReader.startRowGroup(pages.getPageReader(leaf.descriptor));
        } else if (byPages && rows.rows() == null) {
          // only for whole row groups: it reads every page of the chunk in sequence
          if (nestedReaders[l] == null) {
            nestedReaders[l] = new NestedPageReader(leaf.descriptor, schema, createdBy, pageEncodings);
          }
          leaf.startRowGroup(nestedReaders[l], pages.getPageReader(leaf.descriptor));
        } else {
          // column readers are made lazily: chunks read by pages never get one
          leaf.startRowGroup(store.getColumnReader(leaf.descriptor));
        }
      }
      startRows(rows.rows(), block.getRowCount());
      return true;
    } catch (IOException e) {
      throw LakeException.unreadableFile(file, e);
    } catch (LakeException | OutOfMemoryException e) {
      throw e;
    } catch (RuntimeException e) {
      throw LakeException.unreadableFile(file, e);
    }
  }

  /** Starts reading the runs of {@code rows} of the row group (all of its {@code rowCount} rows when null). */
  private void startRows(RowRanges rows, long rowCount) {
    ranges = rows == null ? RowRanges.createSingle(rowCount).getRanges() : rows.getRanges();
    remainingInRowGroup = rows == null ? rowCount : rows.rowCount();
    rangeIndex = 0;
    nextRow = ranges.isEmpty() ? 0 : ranges.get(0).from;
    rangeEnd = ranges.isEmpty() ? 0 : ranges.get(0).to + 1;
  }

  private void countSkipped(RowGroupFilter.SkipReason reason) {
    switch (reason) {
      case STATISTICS -> context.statistics().rowGroupSkipped();
      case PAGE_INDEX -> context.statistics().rowGroupSkippedByPageIndex();
      case DICTIONARY -> context.statistics().rowGroupSkippedByDictionary();
      case OTHER_RANGE -> { } // counted by the part of the file that reads it
    }
  }

  private static ColumnChunkMetaData chunk(BlockMetaData block, LeafColumn leaf) {
    ColumnPath path = ColumnPath.get(leaf.descriptor.getPath());
    for (ColumnChunkMetaData chunk : block.getColumns()) {
      if (chunk.getPath().equals(path)) {
        return chunk;
      }
    }
    throw new IllegalStateException("the row group has no chunk of column " + path);
  }

  @Override
  public ParquetBatch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("No more batches in data file " + file);
    }
    ParquetBatch batch = pending;
    pending = null;
    return batch;
  }

  /** Reads the next batch of the current run of rows, or returns null when none of its rows survives. */
  private ParquetBatch readBatch() {
    int rows = (int) Math.min(context.batchSize(), rangeEnd - nextRow);
    long firstRow = nextRow;
    long position = rowGroupPosition + firstRow;
    nextRow += rows;
    remainingInRowGroup -= rows;
    if (nextRow == rangeEnd && ++rangeIndex < ranges.size()) {
      nextRow = ranges.get(rangeIndex).from;
      rangeEnd = ranges.get(rangeIndex).to + 1;
    }
    context.statistics().rowsDecoded(rows);
    int[] live = deleted == null ? null : deleted.liveRows(position, rows);
    FieldVector[] vectors = new FieldVector[fields.size()];
    try {
      for (int l = 0; l < leaves.size(); l++) {
        if (!decodedByPages[l] && !leaves.get(l).readRecords(rows)) {
          throw tooFewValues(leaves.get(l));
        }
      }
      if (live != null && live.length == 0) {
        context.statistics().valuesNotDecoded(notDecoded(rows, null));
        return null;
      }
      NestedAssembler.Slots[] slots = assembler.recordSlots(rows, decodedByPages);
      if (rowFilter == null) {
        for (int i = 0; i < fields.size(); i++) {
          vectors[i] = decode(i, firstRow, rows, slots);
        }
        return new ParquetBatch(root(vectors, rows), position, live, null);
      }
      for (int i = 0; i < fields.size(); i++) {
        // the other columns wait in empty vectors, which hold no memory
        vectors[i] = filterColumn[i] ? decode(i, firstRow, rows, slots) : fields.get(i).createVector(context.allocator());
      }
      int[] selection = live;
      if (selection == null) {
        selection = new int[rows];
        for (int i = 0; i < rows; i++) {
          selection[i] = i;
        }
      }
      int candidates = selection.length;
      int kept = rowFilter.select(filterRoot(vectors, rows), selection, candidates, context.statistics());
      context.statistics().rowsFiltered(candidates - kept);
      if (kept == 0) {
        closeAll(vectors);
        context.statistics().valuesNotDecoded(notDecoded(rows, filterColumn));
        return null;
      }
      // few rows kept: the other columns write only their values (where their sinks can)
      int[] written = kept <= rows / FEW_KEPT ? selection : null;
      for (int i = 0; i < fields.size(); i++) {
        if (!filterColumn[i]) {
          vectors[i].close();
          vectors[i] = null;
          vectors[i] = decode(i, firstRow, rows, slots, written, kept);
        }
      }
      return new ParquetBatch(root(vectors, rows), position, kept == rows ? null : Arrays.copyOf(selection, kept), rowFilter);
    } catch (RuntimeException e) {
      closeAll(vectors);
      if (e instanceof LakeException || e instanceof OutOfMemoryException) {
        throw e;
      }
      throw LakeException.unreadableFile(file, e);
    }
  }

  private static void closeAll(FieldVector[] vectors) {
    for (FieldVector vector : vectors) {
      if (vector != null) {
        vector.close();
      }
    }
  }

  /** The batch's root over its vectors: a dictionary-encoded column's field is its vector's (the index type with its encoding). */
  private VectorSchemaRoot root(FieldVector[] vectors, int rows) {
    VectorSchemaRoot root = new VectorSchemaRoot(batchSchema(vectors), Arrays.asList(vectors), 0);
    root.setRowCount(rows);
    return root;
  }

  /**
   * The root the residual filter reads: its columns hold {@code rows} values, the others stay
   * empty vectors (setting the root's row count would allocate them).
   */
  private VectorSchemaRoot filterRoot(FieldVector[] vectors, int rows) {
    for (int i = 0; i < vectors.length; i++) {
      if (filterColumn[i]) {
        vectors[i].setValueCount(rows);
      }
    }
    return new VectorSchemaRoot(batchSchema(vectors), Arrays.asList(vectors), rows);
  }

  private Schema batchSchema(FieldVector[] vectors) {
    List<Field> rootFields = null;
    for (int i = 0; i < vectors.length; i++) {
      if (vectors[i] instanceof DictionaryVector) {
        if (rootFields == null) {
          rootFields = new ArrayList<>(fields);
        }
        rootFields.set(i, vectors[i].getField());
      }
    }
    return rootFields == null ? batchSchema : new Schema(rootFields);
  }

  /** Decodes field {@code i} of the batch of {@code rows} rows from row {@code firstRow} of the row group. */
  private FieldVector decode(int i, long firstRow, int rows, NestedAssembler.Slots[] slots) {
    return decode(i, firstRow, rows, slots, null, rows);
  }

  /**
   * Decodes field {@code i} as {@link #decode(int, long, int, NestedAssembler.Slots[])} does; with
   * a selection, a flat column may hold only the values of its rows {@code selection[0, count)}.
   */
  private FieldVector decode(int i, long firstRow, int rows, NestedAssembler.Slots[] slots, int[] selection, int count) {
    if (keepsDictionary(i)) {
      int leaf = ((ReadNode.Leaf) nodes.get(i)).leaf();
      FieldVector vector = pageReaders[leaf].readKeepingDictionary(fields.get(i), context, firstRow, rows);
      if (vector == null) {
        throw tooFewValues(leaves.get(leaf));
      }
      return vector;
    }
    FieldVector vector = fields.get(i).createVector(context.allocator());
    try {
      if (nodes.get(i) instanceof ReadNode.Leaf node && decodedByPages[node.leaf()]) {
        // the page reader allocates the vector once it knows whether every row has a value
        if (!pageReaders[node.leaf()].read(vector, firstRow, rows, selection, count)) {
          throw tooFewValues(leaves.get(node.leaf()));
        }
      } else {
        vector.setInitialCapacity(rows);
        vector.allocateNew();
        assembler.write(nodes.get(i), vector, slots, rows);
      }
      return vector;
    } catch (RuntimeException e) {
      vector.close();
      throw e;
    }
  }

  /** The values of the fields read from the file, other than those {@code decoded}, in {@code rows} rows. */
  private long notDecoded(int rows, boolean[] decoded) {
    long columns = 0;
    for (int i = 0; i < fields.size(); i++) {
      if (!(nodes.get(i) instanceof ReadNode.Constant) && (decoded == null || !decoded[i])) {
        columns++;
      }
    }
    return columns * rows;
  }

  /** Whether a column is read by {@link PageColumnReader#readKeepingDictionary} in this row group. */
  /**
   * Whether field {@code i} comes as a {@link DictionaryVector} while its pages are
   * dictionary-encoded: a string or binary column when the consumer reads those, and a column of
   * any type that only the filter evaluated here reads (its entries are tested once per chunk).
   */
  private boolean keepsDictionary(int i) {
    if (!(nodes.get(i) instanceof ReadNode.Leaf leaf) || !decodedByPages[leaf.leaf()]) {
      return false;
    }
    PageColumnReader reader = pageReaders[leaf.leaf()];
    return rowFilter != null && filterColumn[i] && rowFilter.readsAlone(i)
        ? reader.canKeepFilterDictionary()
        : context.keepDictionaries() && reader.canKeepDictionary();
  }

  private LakeException tooFewValues(LeafColumn leaf) {
    return new LakeException(
        LakeException.DATA_EXCEPTION,
        "Cannot read data file " + file + ": column " + leaf.descriptor
            + " holds fewer values than its row group's rows; the file is corrupt");
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (pending != null) {
      pending.root().close();
      pending = null;
    }
    leaves.forEach(LeafColumn::release);
    long passedOver = 0;
    for (PageColumnReader pageReader : pageReaders) {
      if (pageReader != null) {
        passedOver += pageReader.pagesPassedOver();
        pageReader.release();
      }
    }
    for (NestedPageReader nestedReader : nestedReaders) {
      if (nestedReader != null) {
        nestedReader.release();
      }
    }
    context.statistics().pagesNotDecoded(passedOver);
    reader.close();
  }
}
