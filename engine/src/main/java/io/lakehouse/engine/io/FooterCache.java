package io.lakehouse.engine.io;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tails of remote Parquet files (footer included) a storage has read, least recently used
 * dropped first once their bytes pass a budget. Data files never change in place, so a file is
 * known by its location and length.
 */
final class FooterCache {

  private final long budget;
  private final Map<String, byte[]> tails = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  FooterCache(long budget) {
    this.budget = budget;
  }

  private static String key(String location, long length) {
    return length + ":" + location;
  }

  /** The tail of a file, or null when it is not cached. */
  synchronized byte[] get(String location, long length) {
    return tails.get(key(location, length));
  }

  synchronized void put(String location, long length, byte[] tail) {
    if (tail.length > budget) {
      return;
    }
    byte[] previous = tails.put(key(location, length), tail);
    bytes += tail.length - (previous == null ? 0 : previous.length);
    var oldest = tails.entrySet().iterator();
    while (bytes > budget && oldest.hasNext()) {
      bytes -= oldest.next().getValue().length;
      oldest.remove();
    }
  }
}
