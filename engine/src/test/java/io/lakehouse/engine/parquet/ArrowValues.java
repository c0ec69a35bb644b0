package io.lakehouse.engine.parquet;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Turns Arrow values into plain Java values for comparison: integers as Long, floating point as
 * Double, decimals as BigDecimal, strings as String, binary as hex, dates/timestamps/times as
 * Long, structs as maps by name, lists as lists, maps as maps.
 */
final class ArrowValues {

  private ArrowValues() {}

  static Object get(ValueVector vector, int index) {
    if (vector.isNull(index)) {
      return null;
    }
    if (vector instanceof BitVector v) {
      return v.get(index) != 0;
    } else if (vector instanceof TinyIntVector v) {
      return (long) v.get(index);
    } else if (vector instanceof SmallIntVector v) {
      return (long) v.get(index);
    } else if (vector instanceof IntVector v) {
      return (long) v.get(index);
    } else if (vector instanceof BigIntVector v) {
      return v.get(index);
    } else if (vector instanceof Float4Vector v) {
      return (double) v.get(index);
    } else if (vector instanceof Float8Vector v) {
      return v.get(index);
    } else if (vector instanceof DecimalVector v) {
      return v.getObject(index);
    } else if (vector instanceof DateDayVector v) {
      return (long) v.get(index);
    } else if (vector instanceof TimeStampVector v) {
      return v.get(index);
    } else if (vector instanceof TimeMicroVector v) {
      return v.get(index);
    } else if (vector instanceof VarCharVector v) {
      return new String(v.get(index), java.nio.charset.StandardCharsets.UTF_8);
    } else if (vector instanceof BaseVariableWidthVector v) {
      return HexFormat.of().formatHex(v.get(index));
    } else if (vector instanceof FixedSizeBinaryVector v) {
      return HexFormat.of().formatHex(v.get(index));
    } else if (vector instanceof StructVector v) {
      Map<String, Object> struct = new LinkedHashMap<>();
      for (String name : v.getChildFieldNames()) {
        struct.put(name, get(v.getChild(name), index));
      }
      return struct;
    } else if (vector instanceof MapVector v) {
      StructVector entries = (StructVector) v.getDataVector();
      Map<Object, Object> map = new LinkedHashMap<>();
      for (int i = v.getElementStartIndex(index); i < v.getElementEndIndex(index); i++) {
        map.put(get(entries.getChild("key"), i), get(entries.getChild("value"), i));
      }
      return map;
    } else if (vector instanceof ListVector v) {
      List<Object> list = new ArrayList<>();
      for (int i = v.getElementStartIndex(index); i < v.getElementEndIndex(index); i++) {
        list.add(get(v.getDataVector(), i));
      }
      return list;
    }
    throw new IllegalArgumentException("unexpected vector " + vector.getClass());
  }
}
