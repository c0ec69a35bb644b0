package io.lakehouse.benchmarks;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A query's answer as text, normalized so that readers agree: numbers without trailing zeros
 * (DuckDB's decimal sums carry more scale than Calcite's), everything else as printed.
 */
public record Answer(List<String> values) {

  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

  public static Answer of(Object... values) {
    List<String> normalized = new ArrayList<>(values.length);
    for (Object value : values) {
      normalized.add(normalize(value));
    }
    return new Answer(List.copyOf(normalized));
  }

  private static String normalize(Object value) {
    if (value == null) {
      return "NULL";
    }
    String text = value.toString();
    return NUMBER.matcher(text).matches() ? new BigDecimal(text).stripTrailingZeros().toPlainString() : text;
  }
}
