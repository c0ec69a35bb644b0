package io.lakehouse.engine.parquet;

import java.util.List;

/**
 * How one requested Arrow field is rebuilt from the file's leaf columns. Definition levels say how
 * deep a value is defined; a node is present in a slot when the slot's first definition level
 * reaches the node's own.
 */
sealed interface ReadNode {

  /** The indexes of every leaf column this node reads, its levels-only leaves included. */
  int[] leaves();

  /** A field with the same value in every row; {@code null} for all null. */
  record Constant(Object value) implements ReadNode {
    @Override
    public int[] leaves() {
      return new int[0];
    }
  }

  /** A field absent from the file: all null. */
  record Missing() implements ReadNode {
    @Override
    public int[] leaves() {
      return new int[0];
    }
  }

  /**
   * A primitive field.
   *
   * @param leaf the leaf column
   * @param maxDefinitionLevel the level at which the value is not null
   * @param writer converts and writes the value
   */
  record Leaf(int leaf, int maxDefinitionLevel, ValueWriter writer) implements ReadNode {
    @Override
    public int[] leaves() {
      return new int[] {leaf};
    }
  }

  /**
   * A struct.
   *
   * @param levelLeaf the leaf whose definition levels tell whether the struct is null
   * @param presentLevel the definition level at which the struct is not null
   * @param children the requested children, in order
   * @param leaves all leaves under the struct
   */
  record Struct(int levelLeaf, int presentLevel, List<ReadNode> children, int[] leaves)
      implements ReadNode {}

  /**
   * A list, or a map (a list of key-value structs).
   *
   * @param levelLeaf the leaf whose levels give the list's nullness and length
   * @param presentLevel the definition level at which the list is not null
   * @param nonEmptyLevel the definition level at which the list has an element
   * @param repetitionLevel the repetition level that starts a new element
   * @param element the element (for maps, the entries struct)
   * @param leaves all leaves under the list
   */
  record Repeated(
      int levelLeaf,
      int presentLevel,
      int nonEmptyLevel,
      int repetitionLevel,
      ReadNode element,
      int[] leaves)
      implements ReadNode {}
}
