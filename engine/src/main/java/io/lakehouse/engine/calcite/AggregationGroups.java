package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.DictionaryVector;
import io.lakehouse.engine.table.RowBatch;
import io.lakehouse.engine.table.SharedDictionary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/** The groups of a grouped {@link ScanAggregation} met so far, numbered in the order they were met. */
final class AggregationGroups {
  private final List<ScanAggregation.Column> columns;
  private final HashMap<Object, Integer> numbers = new HashMap<>();
  private final List<Object[]> keys = new ArrayList<>();

  AggregationGroups(List<ScanAggregation.Column> columns) {
    this.columns = columns;
  }

  /** The group of each of a batch's rows. */
  int[] number(ScanEnumerator scan, RowBatch rows) {
    int count = rows.rowCount();
    int[] group = new int[count];
    ValueReaders.ValueReader[] readers = new ValueReaders.ValueReader[columns.size()];
    for (int k = 0; k < readers.length; k++) {
      readers[k] = scan.reader(columns.get(k).index());
    }
    if (readers.length == 1 && scan.vector(columns.get(0).index()) instanceof DictionaryVector encoded) {
      numberByEntry(encoded, readers[0], rows, group);
      return group;
    }
    for (int i = 0; i < count; i++) {
      int row = rows.rowIndex(i);
      Object[] values = new Object[readers.length];
      for (int k = 0; k < readers.length; k++) {
        values[k] = readers[k] == null ? null : readers[k].read(row);
      }
      group[i] = number(values);
    }
    return group;
  }

  /**
   * Grouping by one dictionary-encoded column: each entry's group is looked up once per column
   * chunk and kept with the dictionary.
   */
  private void numberByEntry(DictionaryVector vector, ValueReaders.ValueReader reader, RowBatch rows, int[] group) {
    SharedDictionary dictionary = vector.dictionary();
    int[] entryGroups = dictionary.derived(this, key -> {
      int[] none = new int[dictionary.size()];
      Arrays.fill(none, -1);
      return none;
    });
    int nullGroup = -1;
    for (int i = 0; i < group.length; i++) {
      int row = rows.rowIndex(i);
      if (vector.isNull(row)) {
        if (nullGroup < 0) {
          nullGroup = number(new Object[] {null});
        }
        group[i] = nullGroup;
        continue;
      }
      int entry = vector.index(row);
      int number = entryGroups[entry];
      if (number < 0) {
        number = number(new Object[] {reader.read(row)});
        entryGroups[entry] = number;
      }
      group[i] = number;
    }
  }

  /** The number of the group of the given key values, a new group when none has them yet. */
  private int number(Object[] values) {
    Object key = values.length == 1 ? values[0] : Arrays.asList(values);
    Integer number = numbers.get(key == null ? NULL_KEY : key);
    if (number == null) {
      number = keys.size();
      numbers.put(key == null ? NULL_KEY : key, number);
      keys.add(values);
    }
    return number;
  }

  int count() {
    return keys.size();
  }

  Object[] key(int group) {
    return keys.get(group);
  }

  /** Stands for the null group key, which a hash map keeps like any other. */
  private static final Object NULL_KEY = new Object();
}
