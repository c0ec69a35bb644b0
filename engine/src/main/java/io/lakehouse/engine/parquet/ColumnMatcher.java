package io.lakehouse.engine.parquet;

import io.lakehouse.engine.table.ColumnMetadata;
import io.lakehouse.engine.table.LakeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Matches requested Arrow fields against a file's Parquet schema and builds the {@link ReadNode}
 * tree that reads each one, collecting the leaf columns to read.
 *
 * <p>A field is matched by field id when it has one and the file's fields at that level carry ids,
 * otherwise by physical name, exactly and then ignoring case. Lists and maps follow the Parquet
 * format's backward-compatibility rules: three-level lists, two-level lists (a repeated primitive,
 * a repeated group of several fields, or one named {@code array} or {@code <list>_tuple}), and
 * repeated fields without a LIST annotation (a required list of required elements); maps are
 * annotated MAP or MAP_KEY_VALUE with a repeated key-value group.
 */
final class ColumnMatcher {

  private final MessageType schema;
  private final String file;
  private final List<LeafColumn> leaves = new ArrayList<>();
  private final Map<List<String>, Integer> leafIndexes = new HashMap<>();

  ColumnMatcher(MessageType schema, String file) {
    this.schema = schema;
    this.file = file;
  }

  /** The leaf columns the matched fields read, indexed as in the nodes. */
  List<LeafColumn> leaves() {
    return leaves;
  }

  /** The node reading a top-level requested field. */
  ReadNode match(Field requested) {
    Type fileField = findChild(schema, requested, requested.getName());
    if (fileField == null) {
      return new ReadNode.Missing();
    }
    return matchField(requested, fileField, List.of(fileField.getName()), requested.getName());
  }

  private ReadNode matchField(Field requested, Type fileField, List<String> path, String column) {
    if (!fileField.isRepetition(Type.Repetition.REPEATED)) {
      return matchValue(requested, fileField, path, column);
    }
    if (!(requested.getType() instanceof ArrowType.List)) {
      throw mismatch(column, fileField, requested);
    }
    int repeatedLevel = definitionLevel(path);
    ReadNode element = matchValue(only(requested, column), fileField, path, column + ".element");
    return repeated(element, repeatedLevel - 1, repeatedLevel, repetitionLevel(path));
  }

  private ReadNode matchValue(Field requested, Type fileField, List<String> path, String column) {
    LogicalTypeAnnotation annotation = fileField.getLogicalTypeAnnotation();
    return switch (requested.getType().getTypeID()) {
      case Struct -> {
        if (fileField.isPrimitive()
            || annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation
            || annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation) {
          throw mismatch(column, fileField, requested);
        }
        yield struct(requested, fileField.asGroupType(), path, column);
      }
      case List -> {
        if (fileField.isPrimitive()
            || !(annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation)) {
          throw mismatch(column, fileField, requested);
        }
        yield list(requested, fileField.asGroupType(), path, column);
      }
      case Map -> {
        if (fileField.isPrimitive()
            || !(annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                || annotation instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation)) {
          throw mismatch(column, fileField, requested);
        }
        yield map(requested, fileField.asGroupType(), path, column);
      }
      default -> {
        if (!fileField.isPrimitive()) {
          throw mismatch(column, fileField, requested);
        }
        ValueWriter writer =
            ValueConverters.writerFor(fileField.asPrimitiveType(), requested, file, column);
        yield new ReadNode.Leaf(leafIndex(path), definitionLevel(path), writer);
      }
    };
  }

  private ReadNode struct(Field requested, GroupType group, List<String> path, String column) {
    List<ReadNode> children = new ArrayList<>();
    Set<Integer> leafSet = new LinkedHashSet<>();
    for (Field child : requested.getChildren()) {
      String childColumn = column + "." + child.getName();
      Type fileChild = findChild(group, child, childColumn);
      ReadNode node = fileChild == null
          ? new ReadNode.Missing()
          : matchField(child, fileChild, append(path, fileChild.getName()), childColumn);
      children.add(node);
      for (int leaf : node.leaves()) {
        leafSet.add(leaf);
      }
    }
    if (leafSet.isEmpty()) {
      leafSet.add(leafIndex(firstLeafPath(group, path)));
    }
    int[] all = leafSet.stream().mapToInt(Integer::intValue).toArray();
    return new ReadNode.Struct(all[0], definitionLevel(path), children, all);
  }

  private ReadNode list(Field requested, GroupType group, List<String> path, String column) {
    Type repeatedField = repeatedChild(group, column);
    List<String> repeatedPath = append(path, repeatedField.getName());
    Type elementType;
    List<String> elementPath;
    if (repeatedField.isPrimitive()
        || repeatedField.asGroupType().getFieldCount() > 1
        || repeatedField.getName().equals("array")
        || repeatedField.getName().equals(group.getName() + "_tuple")) {
      elementType = repeatedField;
      elementPath = repeatedPath;
    } else {
      elementType = repeatedField.asGroupType().getType(0);
      elementPath = append(repeatedPath, elementType.getName());
    }
    ReadNode element =
        matchValue(only(requested, column), elementType, elementPath, column + ".element");
    return repeated(
        element, definitionLevel(path), definitionLevel(repeatedPath), repetitionLevel(repeatedPath));
  }

  private ReadNode map(Field requested, GroupType group, List<String> path, String column) {
    Type keyValue = repeatedChild(group, column);
    if (keyValue.isPrimitive() || keyValue.asGroupType().getFieldCount() > 2) {
      throw malformed(column, group, "a map's repeated key-value group must hold a key and a value");
    }
    GroupType entries = keyValue.asGroupType();
    List<String> entriesPath = append(path, entries.getName());
    Field entriesField = only(requested, column);
    List<Field> keyAndValue = entriesField.getChildren();
    List<ReadNode> children = new ArrayList<>();
    Set<Integer> leafSet = new LinkedHashSet<>();
    for (int i = 0; i < keyAndValue.size(); i++) {
      Field child = keyAndValue.get(i);
      ReadNode node = i < entries.getFieldCount()
          ? matchValue(child, entries.getType(i), append(entriesPath, entries.getType(i).getName()),
              column + "." + child.getName())
          : new ReadNode.Missing();
      children.add(node);
      for (int leaf : node.leaves()) {
        leafSet.add(leaf);
      }
    }
    if (leafSet.isEmpty()) {
      leafSet.add(leafIndex(firstLeafPath(entries, entriesPath)));
    }
    int[] all = leafSet.stream().mapToInt(Integer::intValue).toArray();
    int entriesLevel = definitionLevel(entriesPath);
    ReadNode entriesNode = new ReadNode.Struct(all[0], entriesLevel, children, all);
    return repeated(entriesNode, definitionLevel(path), entriesLevel, repetitionLevel(entriesPath));
  }

  private static ReadNode repeated(ReadNode element, int present, int nonEmpty, int repetition) {
    int[] elementLeaves = element.leaves();
    return new ReadNode.Repeated(elementLeaves[0], present, nonEmpty, repetition, element, elementLeaves);
  }

  private Type repeatedChild(GroupType group, String column) {
    if (group.getFieldCount() != 1 || !group.getType(0).isRepetition(Type.Repetition.REPEATED)) {
      throw malformed(column, group, "a list or map must hold exactly one repeated field");
    }
    return group.getType(0);
  }

  /** The one child of a requested list or map field. */
  private Field only(Field requested, String column) {
    if (requested.getChildren().size() != 1) {
      throw new LakeException(
          LakeException.FEATURE_NOT_SUPPORTED,
          "Cannot read column '" + column + "' of data file " + file + ": the requested type "
              + requested.getType() + " must have exactly one child field");
    }
    return requested.getChildren().get(0);
  }

  private Type findChild(GroupType group, Field requested, String column) {
    Integer id = ColumnMetadata.fieldId(requested);
    if (id != null && group.getFields().stream().anyMatch(f -> f.getId() != null)) {
      for (Type candidate : group.getFields()) {
        if (candidate.getId() != null && candidate.getId().intValue() == id) {
          return candidate;
        }
      }
      return null;
    }
    String name = ColumnMetadata.physicalName(requested);
    if (group.containsField(name)) {
      return group.getType(name);
    }
    Type found = null;
    for (Type candidate : group.getFields()) {
      if (candidate.getName().equalsIgnoreCase(name)) {
        if (found != null) {
          throw new LakeException(
              LakeException.DATA_EXCEPTION,
              "Cannot read column '" + column + "' of data file " + file + ": the file has both '"
                  + found.getName() + "' and '" + candidate.getName()
                  + "', which differ only in case");
        }
        found = candidate;
      }
    }
    return found;
  }

  private int leafIndex(List<String> path) {
    return leafIndexes.computeIfAbsent(path, p -> {
      leaves.add(new LeafColumn(schema.getColumnDescription(p.toArray(String[]::new))));
      return leaves.size() - 1;
    });
  }

  private static List<String> firstLeafPath(GroupType group, List<String> path) {
    List<String> result = new ArrayList<>(path);
    Type current = group;
    while (!current.isPrimitive()) {
      GroupType currentGroup = current.asGroupType();
      if (currentGroup.getFieldCount() == 0) {
        break;
      }
      current = currentGroup.getType(0);
      result.add(current.getName());
    }
    return result;
  }

  private int definitionLevel(List<String> path) {
    return schema.getMaxDefinitionLevel(path.toArray(String[]::new));
  }

  private int repetitionLevel(List<String> path) {
    return schema.getMaxRepetitionLevel(path.toArray(String[]::new));
  }

  private static List<String> append(List<String> path, String name) {
    List<String> result = new ArrayList<>(path);
    result.add(name);
    return List.copyOf(result);
  }

  private LakeException mismatch(String column, Type fileField, Field requested) {
    return new LakeException(
        LakeException.FEATURE_NOT_SUPPORTED,
        "Cannot read column '" + column + "' of data file " + file + ": the file stores it as '"
            + fileField.toString().trim() + "', which cannot be read as " + requested.getType()
            + "; check the table schema against the file");
  }

  private LakeException malformed(String column, GroupType group, String rule) {
    return new LakeException(
        LakeException.DATA_EXCEPTION,
        "Cannot read column '" + column + "' of data file " + file + ": its Parquet schema '"
            + group.toString().trim() + "' is malformed (" + rule + ")");
  }
}
