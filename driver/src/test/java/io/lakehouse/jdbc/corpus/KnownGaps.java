package io.lakehouse.jdbc.corpus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checked-in list of corpus cases we know we do not pass yet, one reason each
 * ({@code corpus/known-gaps.tsv}). A listed case that starts passing fails its test, so that the
 * list stays true.
 */
final class KnownGaps {

  private static final Map<String, String> GAPS = load();

  private KnownGaps() {}

  /** The reason a case is a known gap, or null. */
  static String reason(String id) {
    return GAPS.get(id);
  }

  private static Map<String, String> load() {
    Map<String, String> gaps = new TreeMap<>();
    try (InputStream in = KnownGaps.class.getResourceAsStream("/corpus/known-gaps.tsv");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        if (tab < 0 || line.substring(tab + 1).isBlank()) {
          throw new IllegalStateException("known-gaps.tsv: a gap needs an id, a tab and a reason: " + line);
        }
        gaps.put(line.substring(0, tab).trim(), line.substring(tab + 1).trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return gaps;
  }
}
