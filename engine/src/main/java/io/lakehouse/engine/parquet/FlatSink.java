package io.lakehouse.engine.parquet;

import io.lakehouse.engine.table.Memory;
import java.nio.ByteOrder;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Writes one batch of a flat column, decoded page by page, into its Arrow vector: which rows are
 * defined, and the dense run of their values (fixed-width bytes or a {@link BinaryBuffer}).
 *
 * <p>When the file's bytes are already the bytes Arrow stores for the requested type, they are
 * copied in bulk, one copy per run of non-null rows. Every other conversion goes value by value
 * through the same {@link ValueWriter} as the column-level path, so both paths produce identical
 * vectors.
 */
abstract class FlatSink {

  private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  /**
   * Writes rows {@code [0, rows)}.
   *
   * @param defined per row, 1 when the value is not null
   * @param nonNull how many rows are defined
   * @param fixed the fixed-width values of the defined rows, in order
   * @param binaries the byte-array values of the defined rows, in order
   */
  abstract void write(FieldVector vector, int rows, byte[] defined, int nonNull, byte[] fixed, BinaryBuffer binaries);

  /** Whether {@link #writeSelected} writes this sink's values. */
  boolean writesSelected() {
    return false;
  }

  /**
   * Writes the values of only the rows {@code selection[0, count)} of a batch of {@code rows} rows
   * that all have a value: from the dictionary entries {@code indices} name when not null, else
   * from {@code fixed}. Every row is marked valid; the other rows' values are left unwritten, as
   * the batch's consumers read its selected rows only.
   */
  void writeSelected(
      FieldVector vector, int rows, int[] selection, int count, int[] indices, PageValues.Dictionary dictionary,
      byte[] fixed) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " writes every row");
  }

  /** Checks that the selection indexes rows of the batch: values are written through it unchecked. */
  private static void checkSelection(int[] selection, int count, int rows) {
    int outside = 0;
    for (int i = 0; i < count; i++) {
      outside |= selection[i] | (rows - 1 - selection[i]);
    }
    if (outside < 0) {
      throw new IndexOutOfBoundsException("a selected row outside the batch of " + rows + " rows");
    }
  }

  /**
   * Whether {@link #write} and {@link #writeEntries} write every byte of a defined row's value,
   * so that a vector whose rows are all defined needs no zeroed memory.
   */
  boolean writesEveryDefinedValue() {
    return false;
  }

  /**
   * Gives a new vector room for {@code rows} rows. When the sink will write every value ({@code
   * overwritten}) a fixed-width vector gets its buffers without the zeroing of {@code allocateNew},
   * which costs as much as writing them; the validity bits are set by the sink either way.
   */
  static void allocate(FieldVector vector, int rows, boolean overwritten) {
    if (overwritten && rows > 0 && vector instanceof BaseFixedWidthVector fixed && fixed.getTypeWidth() > 0) {
      BufferAllocator allocator = fixed.getAllocator();
      try (ArrowBuf validity = allocator.buffer((rows + 7) / 8);
          ArrowBuf data = allocator.buffer((long) rows * fixed.getTypeWidth())) {
        // the vector takes its own reference to each buffer (a validity buffer is kept as given)
        fixed.loadFieldBuffers(new ArrowFieldNode(rows, 0), List.of(validity, data));
      }
      return;
    }
    vector.setInitialCapacity(rows);
    vector.allocateNew();
  }

  /** Whether {@link #writeEntries} writes this column: fixed-width values of 4 or 8 bytes. */
  boolean writesEntries() {
    return false;
  }

  /**
   * Writes rows {@code [0, rows)}, all defined, whose values are dictionary entries: row {@code i}
   * holds entry {@code indices[i]}, each index already checked against the dictionary. Only for a
   * sink that {@link #writesEntries}.
   */
  void writeEntries(FieldVector vector, int rows, int[] indices, PageValues.Dictionary dictionary) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " writes no dictionary entries");
  }

  /** Whether byte arrays are stored unchanged, as text or binary: then a dictionary's entries can be too. */
  boolean copiesBytes() {
    return false;
  }

  /** The sink writing {@code descriptor}'s values as {@code target}, through {@code writer} unless copied. */
  static FlatSink choose(ColumnDescriptor descriptor, ArrowType target, ValueWriter writer) {
    PrimitiveType type = descriptor.getPrimitiveType();
    int width = fixedWidth(type);
    if (isBulkCopy(type, target)) {
      return type.getPrimitiveTypeName() == PrimitiveTypeName.BINARY ? new VariableCopy() : new FixedCopy(width);
    }
    if (target instanceof ArrowType.Bool && type.getPrimitiveTypeName() == PrimitiveTypeName.BOOLEAN) {
      return new Bits();
    }
    if (isIntegerDecimal(type, target)) {
      return new IntegerDecimals(width);
    }
    return new PerValue(descriptor, writer, width);
  }

  /** The bytes of one value in the dense fixed-width layout; -1 for byte arrays. */
  static int fixedWidth(PrimitiveType type) {
    return switch (type.getPrimitiveTypeName()) {
      case BOOLEAN -> 1;
      case INT32, FLOAT -> 4;
      case INT64, DOUBLE -> 8;
      case INT96 -> 12;
      case FIXED_LEN_BYTE_ARRAY -> type.getTypeLength();
      case BINARY -> -1;
    };
  }

  /** Whether the file's value bytes are exactly the bytes of the Arrow vector (see ValueConverters). */
  private static boolean isBulkCopy(PrimitiveType type, ArrowType target) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    return switch (type.getPrimitiveTypeName()) {
      case INT32 -> (target instanceof ArrowType.Int t && t.getIsSigned() && t.getBitWidth() == 32
              && isSignedInteger(logical, 32))
          || (target instanceof ArrowType.Date d && d.getUnit() == DateUnit.DAY
              && logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation);
      case INT64 -> (target instanceof ArrowType.Int t && t.getIsSigned() && t.getBitWidth() == 64
              && isSignedInteger(logical, 64))
          || (target instanceof ArrowType.Timestamp ts && ts.getUnit() == TimeUnit.MICROSECOND
              && logical instanceof TimestampLogicalTypeAnnotation a
              && a.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS)
          || (target instanceof ArrowType.Time tm && tm.getUnit() == TimeUnit.MICROSECOND
              && logical instanceof TimeLogicalTypeAnnotation a
              && a.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS);
      case FLOAT -> target instanceof ArrowType.FloatingPoint f && f.getPrecision() == FloatingPointPrecision.SINGLE;
      case DOUBLE -> target instanceof ArrowType.FloatingPoint f && f.getPrecision() == FloatingPointPrecision.DOUBLE;
      case FIXED_LEN_BYTE_ARRAY -> target instanceof ArrowType.FixedSizeBinary f
          && f.getByteWidth() == type.getTypeLength()
          && !(logical instanceof DecimalLogicalTypeAnnotation);
      case BINARY -> (target instanceof ArrowType.Utf8 && ValueConverters.isTextual(logical))
          || (target instanceof ArrowType.Binary && !(logical instanceof DecimalLogicalTypeAnnotation));
      case BOOLEAN, INT96 -> false;
    };
  }

  /**
   * A decimal stored as INT32 or INT64 (a little-endian unscaled value; not FIXED_LEN_BYTE_ARRAY,
   * which is big-endian) read as an Arrow decimal of the same scale that holds its precision.
   */
  private static boolean isIntegerDecimal(PrimitiveType type, ArrowType target) {
    PrimitiveTypeName physical = type.getPrimitiveTypeName();
    return (physical == PrimitiveTypeName.INT32 || physical == PrimitiveTypeName.INT64)
        && type.getLogicalTypeAnnotation() instanceof DecimalLogicalTypeAnnotation decimal
        && target instanceof ArrowType.Decimal arrow && arrow.getBitWidth() == 128
        && arrow.getScale() == decimal.getScale() && arrow.getPrecision() >= decimal.getPrecision()
        && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
  }

  private static boolean isSignedInteger(LogicalTypeAnnotation logical, int bits) {
    return logical == null
        || (logical instanceof IntLogicalTypeAnnotation a && a.isSigned() && a.getBitWidth() == bits);
  }

  /** Marks rows {@code [from, to)} not null, a byte at a time where it can. */
  static void setValid(ArrowBuf validity, int from, int to) {
    while (from < to && (from & 7) != 0) {
      BitVectorHelper.setBit(validity, from++);
    }
    int wholeBytesEnd = to & ~7;
    if (from < wholeBytesEnd) {
      validity.setOne(from >>> 3, (wholeBytesEnd - from) >>> 3);
      from = wholeBytesEnd;
    }
    while (from < to) {
      BitVectorHelper.setBit(validity, from++);
    }
  }

  /** The end of the run of rows that starts at {@code from} and share its definedness. */
  static int runEnd(byte[] defined, int from, int rows) {
    byte value = defined[from];
    int i = from + 1;
    while (i < rows && defined[i] == value) {
      i++;
    }
    return i;
  }

  private static void prepare(BaseFixedWidthVector vector, int rows) {
    while (vector.getValueCapacity() < rows) {
      vector.reAlloc();
    }
    vector.getValidityBuffer().setZero(0, (rows + 7) / 8);
  }

  /** Prepares a fixed-width vector for {@code rows} values of {@code width} bytes; the address of its data. */
  private static long prepareData(FieldVector vector, int rows, int width) {
    BaseFixedWidthVector target = (BaseFixedWidthVector) vector;
    prepare(target, rows);
    return Memory.address(target.getDataBuffer(), 0, (long) rows * width);
  }

  /** Fixed-width values whose bytes Arrow stores unchanged. */
  private static final class FixedCopy extends FlatSink {
    private final int width;

    FixedCopy(int width) {
      this.width = width;
    }

    @Override
    boolean writesEntries() {
      return (width == 4 || width == 8) && LITTLE_ENDIAN;
    }

    @Override
    boolean writesEveryDefinedValue() {
      return true;
    }

    @Override
    void writeEntries(FieldVector vector, int rows, int[] indices, PageValues.Dictionary dictionary) {
      long address = prepareData(vector, rows, width);
      if (width == 8) {
        long[] entries = dictionary.longs;
        for (int i = 0; i < rows; i++) {
          MemoryUtil.putLong(address + i * 8L, entries[indices[i]]);
        }
      } else {
        int[] entries = dictionary.ints;
        for (int i = 0; i < rows; i++) {
          MemoryUtil.putInt(address + i * 4L, entries[indices[i]]);
        }
      }
      setValid(((BaseFixedWidthVector) vector).getValidityBuffer(), 0, rows);
    }

    @Override
    boolean writesSelected() {
      return writesEntries();
    }

    @Override
    void writeSelected(
        FieldVector vector, int rows, int[] selection, int count, int[] indices, PageValues.Dictionary dictionary,
        byte[] fixed) {
      long address = prepareData(vector, rows, width);
      checkSelection(selection, count, rows);
      for (int s = 0; s < count; s++) {
        int i = selection[s];
        if (width == 8) {
          MemoryUtil.putLong(address + i * 8L,
              indices != null ? dictionary.longs[indices[i]] : (long) PageValues.LONGS.get(fixed, i * 8));
        } else {
          MemoryUtil.putInt(address + i * 4L,
              indices != null ? dictionary.ints[indices[i]] : (int) PageValues.INTS.get(fixed, i * 4));
        }
      }
      setValid(((BaseFixedWidthVector) vector).getValidityBuffer(), 0, rows);
    }

    @Override
    void write(FieldVector vector, int rows, byte[] defined, int nonNull, byte[] fixed, BinaryBuffer binaries) {
      BaseFixedWidthVector target = (BaseFixedWidthVector) vector;
      prepare(target, rows);
      ArrowBuf data = target.getDataBuffer();
      ArrowBuf validity = target.getValidityBuffer();
      if (nonNull == rows) {
        data.setBytes(0, fixed, 0, (long) rows * width);
        setValid(validity, 0, rows);
        return;
      }
      int value = 0;
      for (int row = 0; row < rows; ) {
        int end = runEnd(defined, row, rows);
        if (defined[row] != 0) {
          int n = end - row;
          data.setBytes((long) row * width, fixed, value * width, (long) n * width);
          setValid(validity, row, end);
          value += n;
        }
        row = end;
      }
    }
  }

  /**
   * Decimals stored as INT32 or INT64: each unscaled value sign-extended to Arrow's 16-byte
   * little-endian decimal, the same value parquet-mr's reader gives.
   */
  private static final class IntegerDecimals extends FlatSink {
    private final int width;

    IntegerDecimals(int width) {
      this.width = width;
    }

    @Override
    boolean writesEntries() {
      return true;
    }

    @Override
    boolean writesEveryDefinedValue() {
      return true;
    }

    @Override
    void writeEntries(FieldVector vector, int rows, int[] indices, PageValues.Dictionary dictionary) {
      long address = prepareData(vector, rows, 16);
      for (int i = 0; i < rows; i++) {
        long unscaled = width == 8 ? dictionary.longs[indices[i]] : dictionary.ints[indices[i]];
        MemoryUtil.putLong(address + i * 16L, unscaled);
        MemoryUtil.putLong(address + i * 16L + 8, unscaled >> 63);
      }
      setValid(((BaseFixedWidthVector) vector).getValidityBuffer(), 0, rows);
    }

    @Override
    boolean writesSelected() {
      return true;
    }

    @Override
    void writeSelected(
        FieldVector vector, int rows, int[] selection, int count, int[] indices, PageValues.Dictionary dictionary,
        byte[] fixed) {
      long address = prepareData(vector, rows, 16);
      checkSelection(selection, count, rows);
      for (int s = 0; s < count; s++) {
        int i = selection[s];
        long unscaled = indices != null
            ? (width == 8 ? dictionary.longs[indices[i]] : dictionary.ints[indices[i]])
            : (width == 8 ? (long) PageValues.LONGS.get(fixed, i * 8) : (int) PageValues.INTS.get(fixed, i * 4));
        MemoryUtil.putLong(address + i * 16L, unscaled);
        MemoryUtil.putLong(address + i * 16L + 8, unscaled >> 63);
      }
      setValid(((BaseFixedWidthVector) vector).getValidityBuffer(), 0, rows);
    }

    @Override
    void write(FieldVector vector, int rows, byte[] defined, int nonNull, byte[] fixed, BinaryBuffer binaries) {
      BaseFixedWidthVector target = (BaseFixedWidthVector) vector;
      prepare(target, rows);
      long address = Memory.address(target.getDataBuffer(), 0, (long) rows * 16);
      ArrowBuf validity = target.getValidityBuffer();
      int value = 0;
      for (int row = 0; row < rows; ) {
        int end = runEnd(defined, row, rows);
        if (defined[row] != 0) {
          for (int i = row; i < end; i++, value++) {
            long unscaled = width == 8
                ? (long) PageValues.LONGS.get(fixed, value * 8)
                : (int) PageValues.INTS.get(fixed, value * 4);
            MemoryUtil.putLong(address + i * 16L, unscaled);
            MemoryUtil.putLong(address + i * 16L + 8, unscaled >> 63);
          }
          setValid(validity, row, end);
        }
        row = end;
      }
    }
  }

  /** Booleans, one byte each in the dense layout, one bit each in Arrow. */
  private static final class Bits extends FlatSink {
    @Override
    void write(FieldVector vector, int rows, byte[] defined, int nonNull, byte[] fixed, BinaryBuffer binaries) {
      BaseFixedWidthVector target = (BaseFixedWidthVector) vector;
      prepare(target, rows);
      ArrowBuf data = target.getDataBuffer();
      data.setZero(0, (rows + 7) / 8);
      ArrowBuf validity = target.getValidityBuffer();
      int value = 0;
      for (int row = 0; row < rows; ) {
        int end = runEnd(defined, row, rows);
        if (defined[row] != 0) {
          for (int i = row; i < end; i++) {
            if (fixed[value++] != 0) {
              BitVectorHelper.setBit(data, i);
            }
          }
          setValid(validity, row, end);
        }
        row = end;
      }
    }
  }

  /** Byte arrays read as strings or binary: the dense layout is Arrow's data buffer. */
  private static final class VariableCopy extends FlatSink {
    @Override
    boolean copiesBytes() {
      return true;
    }

    @Override
    void write(FieldVector vector, int rows, byte[] defined, int nonNull, byte[] fixed, BinaryBuffer binaries) {
      BaseVariableWidthVector target = (BaseVariableWidthVector) vector;
      while (target.getValueCapacity() < rows) {
        target.reallocValidityAndOffsetBuffers();
      }
      int bytes = binaries.size();
      if (target.getDataBuffer().capacity() < bytes) {
        target.reallocDataBuffer(bytes);
      }
      ArrowBuf validity = target.getValidityBuffer();
      validity.setZero(0, (rows + 7) / 8);
      ArrowBuf offsets = target.getOffsetBuffer();
      int[] ends = binaries.ends;
      offsets.setInt(0, 0);
      int value = 0;
      for (int row = 0; row < rows; ) {
        int end = runEnd(defined, row, rows);
        if (defined[row] != 0) {
          for (int i = row; i < end; i++) {
            offsets.setInt((i + 1) * 4L, ends[++value]);
          }
          setValid(validity, row, end);
        } else {
          for (int i = row; i < end; i++) {
            offsets.setInt((i + 1) * 4L, ends[value]);
          }
        }
        row = end;
      }
      target.getDataBuffer().setBytes(0, binaries.data, 0, bytes);
      target.setLastSet(rows - 1);
    }
  }

  /** Any other conversion: value by value through the column-level path's writer. */
  private static final class PerValue extends FlatSink {
    private final ValueWriter writer;
    private final LeafColumn leaf;
    private final PrimitiveTypeName physical;
    private final int width;

    PerValue(ColumnDescriptor descriptor, ValueWriter writer, int width) {
      this.writer = writer;
      this.leaf = new LeafColumn(descriptor);
      this.physical = descriptor.getPrimitiveType().getPrimitiveTypeName();
      this.width = width;
    }

    @Override
    void write(FieldVector vector, int rows, byte[] defined, int nonNull, byte[] fixed, BinaryBuffer binaries) {
      ensureCapacity(rows);
      int value = 0;
      for (int row = 0; row < rows; row++) {
        if (defined[row] == 0) {
          NestedAssembler.setNull(vector, row);
          continue;
        }
        switch (physical) {
          case BOOLEAN -> leaf.booleans[row] = fixed[value] != 0;
          case INT32 -> leaf.ints[row] = (int) PageValues.INTS.get(fixed, value * 4);
          case INT64 -> leaf.longs[row] = (long) PageValues.LONGS.get(fixed, value * 8);
          case FLOAT -> leaf.floats[row] = Float.intBitsToFloat((int) PageValues.INTS.get(fixed, value * 4));
          case DOUBLE -> leaf.doubles[row] = Double.longBitsToDouble((long) PageValues.LONGS.get(fixed, value * 8));
          case INT96, FIXED_LEN_BYTE_ARRAY ->
              leaf.binaries[row] = Binary.fromConstantByteArray(fixed, value * width, width);
          case BINARY -> leaf.binaries[row] =
              Binary.fromConstantByteArray(binaries.data, binaries.offset(value), binaries.length(value));
        }
        value++;
        writer.write(vector, row, leaf, row);
      }
      leaf.release();
    }

    private void ensureCapacity(int rows) {
      switch (physical) {
        case BOOLEAN -> leaf.booleans = grow(leaf.booleans, rows);
        case INT32 -> leaf.ints = leaf.ints == null || leaf.ints.length < rows ? new int[rows] : leaf.ints;
        case INT64 -> leaf.longs = leaf.longs == null || leaf.longs.length < rows ? new long[rows] : leaf.longs;
        case FLOAT -> leaf.floats = leaf.floats == null || leaf.floats.length < rows ? new float[rows] : leaf.floats;
        case DOUBLE -> leaf.doubles =
            leaf.doubles == null || leaf.doubles.length < rows ? new double[rows] : leaf.doubles;
        case INT96, FIXED_LEN_BYTE_ARRAY, BINARY -> leaf.binaries =
            leaf.binaries == null || leaf.binaries.length < rows ? new Binary[rows] : leaf.binaries;
      }
    }

    private static boolean[] grow(boolean[] array, int rows) {
      return array == null || array.length < rows ? new boolean[rows] : array;
    }
  }
}
