package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.DictionaryVector;
import io.lakehouse.engine.table.SharedDictionary;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Reads Arrow vector values in the representation Calcite's generated code expects: boxed
 * primitives, {@link BigDecimal}, {@link String}, {@link ByteString}, DATE as days, TIME as
 * milliseconds of the day, both TIMESTAMP kinds as epoch milliseconds, ROW as {@code Object[]},
 * ARRAY as {@link List}, MAP as {@link Map}. A {@link DictionaryVector} reads as the column it
 * encodes.
 */
final class ValueReaders {

  /** Reads the value at a row index of one vector. */
  @FunctionalInterface
  interface ValueReader {
    Object read(int index);
  }

  private ValueReaders() {}

  static ValueReader of(FieldVector vector) {
    if (vector instanceof DictionaryVector v) {
      return dictionaryReader(v);
    } else if (vector instanceof BitVector v) {
      return i -> v.isNull(i) ? null : v.get(i) != 0;
    } else if (vector instanceof TinyIntVector v) {
      return i -> v.isNull(i) ? null : v.get(i);
    } else if (vector instanceof SmallIntVector v) {
      return i -> v.isNull(i) ? null : v.get(i);
    } else if (vector instanceof IntVector v) {
      return i -> v.isNull(i) ? null : v.get(i);
    } else if (vector instanceof BigIntVector v) {
      return i -> v.isNull(i) ? null : v.get(i);
    } else if (vector instanceof Float4Vector v) {
      return i -> v.isNull(i) ? null : v.get(i);
    } else if (vector instanceof Float8Vector v) {
      return i -> v.isNull(i) ? null : v.get(i);
    } else if (vector instanceof DecimalVector v) {
      return decimalReader(v);
    } else if (vector instanceof VarCharVector v) {
      return i -> v.isNull(i) ? null : new String(v.get(i), StandardCharsets.UTF_8);
    } else if (vector instanceof VarBinaryVector v) {
      return i -> v.isNull(i) ? null : new ByteString(v.get(i));
    } else if (vector instanceof FixedSizeBinaryVector v) {
      return i -> v.isNull(i) ? null : new ByteString(v.get(i));
    } else if (vector instanceof DateDayVector v) {
      return i -> v.isNull(i) ? null : v.get(i);
    } else if (vector instanceof TimeMicroVector v) {
      return i -> v.isNull(i) ? null : (int) Math.floorDiv(v.get(i), 1000L);
    } else if (vector instanceof TimeStampVector v) {
      return i -> v.isNull(i) ? null : Math.floorDiv(v.get(i), 1000L);
    } else if (vector instanceof MapVector v) {
      return mapReader(v);
    } else if (vector instanceof ListVector v) {
      return listReader(v);
    } else if (vector instanceof StructVector v) {
      return structReader(v);
    }
    throw new IllegalArgumentException(
        "No reader for column '" + vector.getName() + "' of type " + vector.getField().getType());
  }

  /**
   * A dictionary-encoded column: the value of each entry is made once per column chunk, and every
   * row holding the entry gets that same object.
   */
  private static ValueReader dictionaryReader(DictionaryVector vector) {
    SharedDictionary dictionary = vector.dictionary();
    if (dictionary.isText()) {
      return i -> vector.isNull(i) ? null : dictionary.string(vector.index(i));
    }
    ByteString[] values = dictionary.derived(ByteString.class, key -> new ByteString[dictionary.size()]);
    return i -> {
      if (vector.isNull(i)) {
        return null;
      }
      int entry = vector.index(i);
      ByteString value = values[entry];
      if (value == null) {
        value = new ByteString(dictionary.bytes(entry));
        values[entry] = value;
      }
      return value;
    };
  }

  /**
   * Decimals whose unscaled value fits a long (every value of precision up to 18) are made from
   * that long, without the byte arrays of {@link DecimalVector#getObject}.
   */
  private static ValueReader decimalReader(DecimalVector vector) {
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      return i -> vector.isNull(i) ? null : vector.getObject(i);
    }
    int scale = vector.getScale();
    return i -> {
      if (vector.isNull(i)) {
        return null;
      }
      ArrowBuf data = vector.getDataBuffer();
      long low = data.getLong((long) i * DecimalVector.TYPE_WIDTH);
      long high = data.getLong((long) i * DecimalVector.TYPE_WIDTH + 8);
      return high == (low >> 63) ? BigDecimal.valueOf(low, scale) : vector.getObject(i);
    };
  }

  private static ValueReader structReader(StructVector vector) {
    List<FieldVector> children = vector.getChildrenFromFields();
    ValueReader[] readers = new ValueReader[children.size()];
    for (int c = 0; c < readers.length; c++) {
      readers[c] = of(children.get(c));
    }
    return i -> {
      if (vector.isNull(i)) {
        return null;
      }
      Object[] values = new Object[readers.length];
      for (int c = 0; c < readers.length; c++) {
        values[c] = readers[c].read(i);
      }
      return values;
    };
  }

  private static ValueReader listReader(ListVector vector) {
    ValueReader elements = of(vector.getDataVector());
    return i -> {
      if (vector.isNull(i)) {
        return null;
      }
      int start = vector.getElementStartIndex(i);
      int end = vector.getElementEndIndex(i);
      List<Object> values = new ArrayList<>(end - start);
      for (int e = start; e < end; e++) {
        values.add(elements.read(e));
      }
      return values;
    };
  }

  private static ValueReader mapReader(MapVector vector) {
    StructVector entries = (StructVector) vector.getDataVector();
    List<FieldVector> kv = entries.getChildrenFromFields();
    ValueReader keys = of(kv.get(0));
    ValueReader values = of(kv.get(1));
    return i -> {
      if (vector.isNull(i)) {
        return null;
      }
      int start = vector.getElementStartIndex(i);
      int end = vector.getElementEndIndex(i);
      Map<Object, Object> map = new LinkedHashMap<>();
      for (int e = start; e < end; e++) {
        map.put(keys.read(e), values.read(e));
      }
      return map;
    };
  }
}
