package io.lakehouse.engine.iceberg;

import io.lakehouse.engine.table.DictionaryVector;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Type;

/**
 * One row of Arrow vectors seen as an Iceberg {@link StructLike} in Iceberg's internal value
 * representation (int days, long microseconds, {@code CharSequence}, {@code UUID},
 * {@code ByteBuffer}), so that it can be looked up in the sets Iceberg's delete loader builds.
 * Dictionary-encoded string and binary columns are read through their dictionaries.
 */
final class RowView implements StructLike {

  private final List<IntFunction<Object>> readers;
  private int row;

  /**
   * @param types the Iceberg type of each position
   * @param vectors the vector holding each position, primitive types only
   */
  RowView(List<Type> types, List<FieldVector> vectors) {
    this.readers = new java.util.ArrayList<>(types.size());
    for (int i = 0; i < types.size(); i++) {
      readers.add(reader(types.get(i), vectors.get(i)));
    }
  }

  /** Points the view at a row. */
  RowView at(int row) {
    this.row = row;
    return this;
  }

  @Override
  public int size() {
    return readers.size();
  }

  @Override
  public <T> T get(int pos, Class<T> javaClass) {
    return javaClass.cast(readers.get(pos).apply(row));
  }

  @Override
  public <T> void set(int pos, T value) {
    throw new UnsupportedOperationException("A row view is read-only");
  }

  private static IntFunction<Object> reader(Type type, FieldVector vector) {
    IntFunction<Object> value = valueReader(type, vector);
    return i -> vector.isNull(i) ? null : value.apply(i);
  }

  private static IntFunction<Object> valueReader(Type type, FieldVector vector) {
    if (vector instanceof DictionaryVector encoded && !encoded.dictionary().isText()
        && !(encoded.dictionary().entries() instanceof VarBinaryVector)) {
      // a column only the scan's filter reads may come as a dictionary of values of any type
      IntFunction<Object> entry = valueReader(type, encoded.dictionary().entries());
      return i -> entry.apply(encoded.index(i));
    }
    switch (type.typeId()) {
      case BOOLEAN:
        return i -> ((BitVector) vector).get(i) != 0;
      case INTEGER:
        return i -> ((IntVector) vector).get(i);
      case DATE:
        return i -> ((DateDayVector) vector).get(i);
      case LONG:
        return i -> ((BigIntVector) vector).get(i);
      case FLOAT:
        return i -> ((Float4Vector) vector).get(i);
      case DOUBLE:
        return i -> ((Float8Vector) vector).get(i);
      case DECIMAL:
        return i -> ((DecimalVector) vector).getObject(i);
      case TIME:
        return i -> ((TimeMicroVector) vector).get(i);
      case TIMESTAMP:
        return i -> ((TimeStampVector) vector).get(i);
      case STRING:
        if (vector instanceof DictionaryVector encoded) {
          return i -> encoded.dictionary().string(encoded.index(i));
        }
        return i -> new String(((VarCharVector) vector).get(i), StandardCharsets.UTF_8);
      case UUID:
        if (vector instanceof DictionaryVector encoded) {
          return i -> UUID.fromString(encoded.dictionary().string(encoded.index(i)));
        }
        return i -> UUID.fromString(new String(((VarCharVector) vector).get(i), StandardCharsets.UTF_8));
      case BINARY:
        if (vector instanceof DictionaryVector encoded) {
          return i -> ByteBuffer.wrap(encoded.dictionary().bytes(encoded.index(i)));
        }
        return i -> ByteBuffer.wrap(((VarBinaryVector) vector).get(i));
      case FIXED:
        return i -> ByteBuffer.wrap(((FixedSizeBinaryVector) vector).get(i));
      default:
        throw new IllegalArgumentException("Equality deletes on Iceberg type " + type + " are not supported");
    }
  }
}
