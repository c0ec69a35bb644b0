package io.lakehouse.engine.parquet;

import java.util.List;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Writes the decoded leaf columns of a batch into Arrow vectors, rebuilding structs, lists and maps
 * from repetition and definition levels (Dremel record assembly).
 *
 * <p>Each node is written for a run of slots (top-level rows, or the elements of the lists above
 * it). For every leaf under the node, slot {@code k} is the range of that leaf's triples
 * {@code [start[k], end[k])}; all leaves under a node have the same number of slots. A list splits
 * each of its slots into elements at the triples whose repetition level is at most its own.
 */
final class NestedAssembler {

  private final List<LeafColumn> leaves;
  private final String file;

  NestedAssembler(List<LeafColumn> leaves, String file) {
    this.leaves = leaves;
    this.file = file;
  }

  /** The slots of one leaf. */
  record Slots(int[] start, int[] end) {}

  /**
   * The top-level slots (one per record of the batch) of every leaf read by the column-level path;
   * null for the leaves {@code decodedByPages}.
   */
  Slots[] recordSlots(int records, boolean[] decodedByPages) {
    Slots[] slots = new Slots[leaves.size()];
    for (int l = 0; l < slots.length; l++) {
      if (decodedByPages[l]) {
        continue;
      }
      int[] starts = leaves.get(l).recordStarts;
      int[] start = new int[records];
      int[] end = new int[records];
      System.arraycopy(starts, 0, start, 0, records);
      System.arraycopy(starts, 1, end, 0, records);
      slots[l] = new Slots(start, end);
    }
    return slots;
  }

  /** Writes {@code count} slots of {@code node} into {@code vector}. */
  void write(ReadNode node, FieldVector vector, Slots[] slots, int count) {
    if (node instanceof ReadNode.Leaf leaf) {
      writeLeaf(leaf, vector, slots[leaf.leaf()], count);
    } else if (node instanceof ReadNode.Struct struct) {
      writeStruct(struct, (StructVector) vector, slots, count);
    } else if (node instanceof ReadNode.Repeated list) {
      writeList(list, (ListVector) vector, slots, count);
    } else if (node instanceof ReadNode.Constant constant) {
      ConstantFiller.fill(vector, constant.value(), count, file);
    } else {
      for (int k = 0; k < count; k++) {
        setNull(vector, k);
      }
    }
  }

  private void writeLeaf(ReadNode.Leaf node, FieldVector vector, Slots slots, int count) {
    LeafColumn leaf = leaves.get(node.leaf());
    int[] definitions = leaf.definitionLevels;
    int defined = node.maxDefinitionLevel();
    ValueWriter writer = node.writer();
    for (int k = 0; k < count; k++) {
      int triple = slots.start()[k];
      if (definitions[triple] == defined) {
        writer.write(vector, k, leaf, triple);
      } else {
        setNull(vector, k);
      }
    }
  }

  private void writeStruct(ReadNode.Struct node, StructVector vector, Slots[] slots, int count) {
    int[] definitions = leaves.get(node.levelLeaf()).definitionLevels;
    int[] start = slots[node.levelLeaf()].start();
    for (int k = 0; k < count; k++) {
      if (definitions[start[k]] >= node.presentLevel()) {
        vector.setIndexDefined(k);
      } else {
        vector.setNull(k);
      }
    }
    List<ReadNode> children = node.children();
    for (int c = 0; c < children.size(); c++) {
      write(children.get(c), (FieldVector) vector.getChildByOrdinal(c), slots, count);
    }
  }

  private void writeList(ReadNode.Repeated node, ListVector vector, Slots[] slots, int count) {
    Slots[] elementSlots = slots.clone();
    int[] lengths = null;
    int elements = 0;
    for (int leaf : node.leaves()) {
      int[] elementLengths = new int[count];
      elementSlots[leaf] = split(node, leaves.get(leaf), slots[leaf], count, elementLengths);
      if (leaf == node.levelLeaf()) {
        lengths = elementLengths;
        elements = elementSlots[leaf].start().length;
      }
    }
    int[] definitions = leaves.get(node.levelLeaf()).definitionLevels;
    int[] start = slots[node.levelLeaf()].start();
    for (int k = 0; k < count; k++) {
      if (definitions[start[k]] < node.presentLevel()) {
        vector.setNull(k);
      } else {
        vector.startNewValue(k);
        vector.endValue(k, lengths[k]);
      }
    }
    write(node.element(), vector.getDataVector(), elementSlots, elements);
  }

  /** Splits one leaf's slots into the list elements they hold. */
  private static Slots split(
      ReadNode.Repeated node, LeafColumn leaf, Slots slots, int count, int[] lengths) {
    int[] repetitions = leaf.repetitionLevels;
    int[] definitions = leaf.definitionLevels;
    int total = 0;
    for (int k = 0; k < count; k++) {
      int from = slots.start()[k];
      if (definitions[from] >= node.nonEmptyLevel()) {
        for (int t = from; t < slots.end()[k]; t++) {
          if (t == from || repetitions[t] <= node.repetitionLevel()) {
            total++;
          }
        }
      }
    }
    int[] start = new int[total];
    int[] end = new int[total];
    int element = 0;
    for (int k = 0; k < count; k++) {
      int from = slots.start()[k];
      int to = slots.end()[k];
      if (definitions[from] < node.nonEmptyLevel()) {
        continue;
      }
      int first = element;
      for (int t = from; t < to; t++) {
        if (t == from || repetitions[t] <= node.repetitionLevel()) {
          if (element > first) {
            end[element - 1] = t;
          }
          start[element++] = t;
        }
      }
      end[element - 1] = to;
      lengths[k] = element - first;
    }
    return new Slots(start, end);
  }

  /** Marks one entry of any vector the scan produces as null. */
  static void setNull(ValueVector vector, int index) {
    if (vector instanceof BaseFixedWidthVector fixed) {
      fixed.setNull(index);
    } else if (vector instanceof BaseVariableWidthVector variable) {
      variable.setNull(index);
    } else if (vector instanceof ListVector list) {
      list.setNull(index);
    } else if (vector instanceof StructVector struct) {
      struct.setNull(index);
    } else {
      throw new IllegalArgumentException(
          "Cannot write nulls into a vector of type " + vector.getField().getType());
    }
  }
}
