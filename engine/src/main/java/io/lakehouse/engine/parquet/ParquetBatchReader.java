package io.lakehouse.engine.parquet;

import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.ScanContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
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
 */
final class ParquetBatchReader implements CloseableIterator<ParquetBatch> {

  private final ParquetFileReader reader;
  private final String file;
  private final List<Field> fields;
  private final List<ReadNode> nodes;
  private final List<LeafColumn> leaves;
  private final NestedAssembler assembler;
  private final ScanContext context;
  private final MessageType schema;
  private final String createdBy;

  private final RowGroupFilter.Selection rowGroups;
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
  private long nextPosition;
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
    this(reader, file, fields, nodes, leaves, rowGroups, context, PageColumnReader.NATIVE_ENCODINGS);
  }

  /** @param pageEncodings the encodings the page readers decode themselves, not by parquet-mr's reader */
  ParquetBatchReader(
      ParquetFileReader reader,
      String file,
      List<Field> fields,
      List<ReadNode> nodes,
      List<LeafColumn> leaves,
      RowGroupFilter.Selection rowGroups,
      ScanContext context,
      Set<Encoding> pageEncodings) {
    this.reader = reader;
    this.file = file;
    this.fields = fields;
    this.nodes = nodes;
    this.leaves = leaves;
    this.rowGroups = rowGroups;
    this.context = context;
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
            pageEncodings);
      }
    }
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
    while (remainingInRowGroup == 0) {
      if (!startNextRowGroup()) {
        return false;
      }
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
    nextPosition = block.getRowIndexOffset() >= 0 ? block.getRowIndexOffset() : rowsBefore;
    rowsBefore += block.getRowCount();
    context.statistics().rowGroupRead();
    if (leaves.isEmpty()) {
      nextRowGroup++;
      remainingInRowGroup = block.getRowCount();
      return true;
    }
    for (ColumnChunkMetaData chunk : block.getColumns()) {
      if (leafPaths.contains(chunk.getPath())) {
        context.statistics().bytesRead(chunk.getTotalSize());
      }
    }
    try {
      PageReadStore pages = reader.readRowGroup(nextRowGroup);
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
        } else if (byPages) {
          if (nestedReaders[l] == null) {
            nestedReaders[l] = new NestedPageReader(leaf.descriptor, schema, createdBy, pageEncodings);
          }
          leaf.startRowGroup(nestedReaders[l], pages.getPageReader(leaf.descriptor));
        } else {
          // column readers are made lazily: chunks read by pages never get one
          leaf.startRowGroup(store.getColumnReader(leaf.descriptor));
        }
      }
      remainingInRowGroup = pages.getRowCount();
      return true;
    } catch (IOException e) {
      throw LakeException.unreadableFile(file, e);
    } catch (LakeException | OutOfMemoryException e) {
      throw e;
    } catch (RuntimeException e) {
      throw LakeException.unreadableFile(file, e);
    }
  }

  private void countSkipped(RowGroupFilter.SkipReason reason) {
    switch (reason) {
      case STATISTICS -> context.statistics().rowGroupSkipped();
      case PAGE_INDEX -> context.statistics().rowGroupSkippedByPageIndex();
      case DICTIONARY -> context.statistics().rowGroupSkippedByDictionary();
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
    int rows = (int) Math.min(context.batchSize(), remainingInRowGroup);
    VectorSchemaRoot root = decode(rows);
    ParquetBatch batch = new ParquetBatch(root, nextPosition);
    context.statistics().rowsDecoded(rows);
    nextPosition += rows;
    remainingInRowGroup -= rows;
    return batch;
  }

  private VectorSchemaRoot decode(int rows) {
    List<FieldVector> vectors = new ArrayList<>(fields.size());
    try {
      for (int l = 0; l < leaves.size(); l++) {
        if (!decodedByPages[l] && !leaves.get(l).readRecords(rows)) {
          throw tooFewValues(leaves.get(l));
        }
      }
      NestedAssembler.Slots[] slots = assembler.recordSlots(rows, decodedByPages);
      for (int i = 0; i < fields.size(); i++) {
        FieldVector vector = fields.get(i).createVector(context.allocator());
        vectors.add(vector);
        vector.setInitialCapacity(rows);
        vector.allocateNew();
        if (nodes.get(i) instanceof ReadNode.Leaf node && decodedByPages[node.leaf()]) {
          if (!pageReaders[node.leaf()].read(vector, rows)) {
            throw tooFewValues(leaves.get(node.leaf()));
          }
        } else {
          assembler.write(nodes.get(i), vector, slots, rows);
        }
      }
      VectorSchemaRoot root = new VectorSchemaRoot(fields, vectors, 0);
      root.setRowCount(rows);
      return root;
    } catch (RuntimeException e) {
      vectors.forEach(FieldVector::close);
      if (e instanceof LakeException || e instanceof OutOfMemoryException) {
        throw e;
      }
      throw LakeException.unreadableFile(file, e);
    }
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
    leaves.forEach(LeafColumn::release);
    for (PageColumnReader pageReader : pageReaders) {
      if (pageReader != null) {
        pageReader.release();
      }
    }
    for (NestedPageReader nestedReader : nestedReaders) {
      if (nestedReader != null) {
        nestedReader.release();
      }
    }
    reader.close();
  }
}
