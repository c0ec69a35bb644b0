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

  private final boolean[] readRowGroups;
  private final Set<ColumnPath> leafPaths = new HashSet<>();

  private int nextRowGroup;
  /** The rows of the row groups before {@link #nextRowGroup}, read or skipped. */
  private long rowsBefore;
  private long remainingInRowGroup;
  private long nextPosition;
  private boolean closed;

  /** @param readRowGroups for each row group of the file, whether to read it */
  ParquetBatchReader(
      ParquetFileReader reader,
      String file,
      List<Field> fields,
      List<ReadNode> nodes,
      List<LeafColumn> leaves,
      boolean[] readRowGroups,
      ScanContext context) {
    this.reader = reader;
    this.file = file;
    this.fields = fields;
    this.nodes = nodes;
    this.leaves = leaves;
    this.readRowGroups = readRowGroups;
    this.context = context;
    leaves.forEach(leaf -> leafPaths.add(ColumnPath.get(leaf.descriptor.getPath())));
    this.assembler = new NestedAssembler(leaves, file);
    this.schema = reader.getFileMetaData().getSchema();
    this.createdBy = reader.getFileMetaData().getCreatedBy();
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
    while (nextRowGroup < blocks.size() && !readRowGroups[nextRowGroup]) {
      context.statistics().rowGroupSkipped();
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
      for (LeafColumn leaf : leaves) {
        leaf.startRowGroup(store.getColumnReader(leaf.descriptor));
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
      for (LeafColumn leaf : leaves) {
        if (!leaf.readRecords(rows)) {
          throw new LakeException(
              LakeException.DATA_EXCEPTION,
              "Cannot read data file " + file + ": column " + leaf.descriptor
                  + " holds fewer values than its row group's rows; the file is corrupt");
        }
      }
      NestedAssembler.Slots[] slots = assembler.recordSlots(rows);
      for (int i = 0; i < fields.size(); i++) {
        FieldVector vector = fields.get(i).createVector(context.allocator());
        vectors.add(vector);
        vector.setInitialCapacity(rows);
        vector.allocateNew();
        assembler.write(nodes.get(i), vector, slots, rows);
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

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    leaves.forEach(LeafColumn::release);
    reader.close();
  }
}
