package io.lakehouse.engine.table;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * The distinct values of a dictionary-encoded column, shared by the {@link DictionaryVector}s of
 * every batch decoded from one Parquet column chunk. Entries are never null. Whatever a consumer
 * works out per entry (a filter's result, a decoded string) is kept here, so it is worked out once
 * per chunk rather than once per batch or per row.
 *
 * <p>Reference counted: the chunk's reader holds one reference and each vector another; the
 * entries are freed when the last is released.
 */
public final class SharedDictionary {

  private static final AtomicLong IDS = new AtomicLong();

  private final long id = IDS.incrementAndGet();
  private final FieldVector entries;
  private final AtomicInteger references = new AtomicInteger(1);
  private final Map<Object, Object> derived = new ConcurrentHashMap<>();
  private String[] strings;

  /**
   * Takes over {@code entries}, a vector without nulls; one reference is held. Columns that batches
   * hand to consumers have VarChar or VarBinary entries; a column that only the scan's filter reads
   * may have entries of any type.
   */
  public SharedDictionary(FieldVector entries) {
    this.entries = entries;
  }

  /** Unique in the process: the id of the {@link org.apache.arrow.vector.types.pojo.DictionaryEncoding}. */
  public long id() {
    return id;
  }

  public int size() {
    return entries.getValueCount();
  }

  /** The entries: a VarCharVector (text), a VarBinaryVector, or for a column only filtered, any vector. */
  public FieldVector entries() {
    return entries;
  }

  public boolean isText() {
    return entries instanceof VarCharVector;
  }

  /** Entry {@code entry} of a text dictionary, decoded from UTF-8 once. */
  public String string(int entry) {
    String[] decoded = strings;
    if (decoded == null) {
      decoded = new String[size()];
      strings = decoded;
    }
    String value = decoded[entry];
    if (value == null) {
      value = new String(bytes(entry), StandardCharsets.UTF_8);
      decoded[entry] = value;
    }
    return value;
  }

  /** The bytes of entry {@code entry} of a text or binary dictionary, a fresh copy. */
  public byte[] bytes(int entry) {
    return ((BaseVariableWidthVector) entries).get(entry);
  }

  /**
   * What {@code compute} makes of this dictionary for {@code key}, made on the first call for an
   * equal key and kept while the dictionary lives. The key must determine the result.
   */
  @SuppressWarnings("unchecked")
  public <T> T derived(Object key, Function<Object, T> compute) {
    return (T) derived.computeIfAbsent(key, compute);
  }

  /** Takes another reference. */
  SharedDictionary retain() {
    if (references.getAndIncrement() <= 0) {
      references.decrementAndGet();
      throw new IllegalStateException("The dictionary was already freed");
    }
    return this;
  }

  /** Gives a reference up; the last frees the entries. */
  public void release() {
    if (references.decrementAndGet() == 0) {
      derived.clear();
      strings = null;
      entries.close();
    }
  }
}
