package io.lakehouse.engine.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * File skipping asserted as the exact files a scan keeps, for tests that write a table of numbered
 * data files and know each file's number by its path; with the filters and file sets they assert.
 */
public final class KeptFiles {

  private KeptFiles() {}

  /**
   * Asserts that a scan of column 0 with {@code filter} keeps exactly the files numbered
   * {@code expected} out of the {@code files} in the snapshot.
   */
  public static void assertKept(
      LakeSnapshot snapshot, Map<String, Integer> fileNumbers, int files, Set<Integer> expected, Filter filter) {
    ScanPlan plan = snapshot.plan(new ScanRequest(new int[] {0}, filter));
    Set<Integer> kept = new TreeSet<>();
    for (ScanTask task : plan.tasks()) {
      kept.add(fileNumbers.get(task.path()));
    }
    assertEquals(expected, kept, filter::toString);
    assertEquals(files, plan.filesInSnapshot(), filter::toString);
  }

  public static Filter cmp(String column, Filter.Op op, Object literal) {
    return new Filter.Comparison(column, op, literal);
  }

  public static Filter and(Filter... filters) {
    return new Filter.And(List.of(filters));
  }

  public static Set<Integer> files(Integer... numbers) {
    return new TreeSet<>(List.of(numbers));
  }

  /** The file numbers from {@code from} (inclusive) to {@code to} (exclusive). */
  public static Set<Integer> range(int from, int to) {
    return IntStream.range(from, to).boxed().collect(Collectors.toCollection(TreeSet::new));
  }
}
