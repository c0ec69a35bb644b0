package io.lakehouse.engine.table;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.complex.reader.FieldReader;
import org.apache.arrow.vector.types.Types.MinorType;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.util.TransferPair;

/**
 * A string or binary column of a batch kept dictionary-encoded (or a column of any type that only
 * the scan's filter reads): per row a 32-bit index into a {@link SharedDictionary}, with nulls in
 * this vector's own validity. As Arrow lays such a column
 * out, its field has the index type and a {@link DictionaryEncoding} whose id is the dictionary's;
 * {@link #valueField()} is the column's field as requested.
 *
 * <p>It is deliberately not an {@code IntVector}: code that does not know about dictionaries fails
 * on it instead of reading indexes as values. {@link #getObject} gives the entry, as the requested
 * vector type would.
 */
public final class DictionaryVector extends BaseFixedWidthVector {

  private static final ArrowType.Int INDEX_TYPE = new ArrowType.Int(32, true);

  private final Field valueField;
  private final SharedDictionary dictionary;
  private boolean released;

  /**
   * An empty vector; takes a reference to {@code dictionary}, given up on {@link #close}.
   *
   * @param valueField the column as requested: a Utf8 or Binary field, or for a column only the
   *     scan's filter reads, a field of any type its dictionary's entries have
   */
  public DictionaryVector(Field valueField, SharedDictionary dictionary, BufferAllocator allocator) {
    super(indexField(valueField, dictionary.id()), allocator, Integer.BYTES);
    this.valueField = valueField;
    this.dictionary = dictionary.retain();
  }

  private static Field indexField(Field valueField, long id) {
    return new Field(
        valueField.getName(),
        new FieldType(
            valueField.isNullable(), INDEX_TYPE, new DictionaryEncoding(id, false, INDEX_TYPE), valueField.getMetadata()),
        null);
  }

  /** The column's field as requested, with the type of the dictionary's entries. */
  public Field valueField() {
    return valueField;
  }

  public SharedDictionary dictionary() {
    return dictionary;
  }

  /** The entry of row {@code row}, which must not be null. */
  public int index(int row) {
    return getDataBuffer().getInt((long) row * Integer.BYTES);
  }

  @Override
  public MinorType getMinorType() {
    return MinorType.INT;
  }

  /** The row's entry as its dictionary's vector gives it (Text or byte[]), or null. */
  @Override
  public Object getObject(int row) {
    return isNull(row) ? null : dictionary.entries().getObject(index(row));
  }

  @Override
  protected FieldReader getReaderImpl() {
    throw new UnsupportedOperationException("A dictionary-encoded batch column has no field reader");
  }

  @Override
  public TransferPair getTransferPair(String ref, BufferAllocator allocator) {
    throw new UnsupportedOperationException("A dictionary-encoded batch column cannot be transferred");
  }

  @Override
  public TransferPair getTransferPair(Field field, BufferAllocator allocator) {
    throw new UnsupportedOperationException("A dictionary-encoded batch column cannot be transferred");
  }

  @Override
  public TransferPair makeTransferPair(org.apache.arrow.vector.ValueVector target) {
    throw new UnsupportedOperationException("A dictionary-encoded batch column cannot be transferred");
  }

  @Override
  public void close() {
    super.close();
    if (!released) {
      released = true;
      dictionary.release();
    }
  }
}
