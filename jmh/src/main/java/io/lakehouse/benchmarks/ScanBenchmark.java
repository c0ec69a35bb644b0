package io.lakehouse.benchmarks;

import io.lakehouse.benchmarks.tpch.TpchData;
import io.lakehouse.benchmarks.tpch.TpchFormat;
import io.lakehouse.engine.io.Storage;
import io.lakehouse.engine.parquet.ColumnSpec;
import io.lakehouse.engine.parquet.ParquetBatch;
import io.lakehouse.engine.parquet.ParquetScan;
import io.lakehouse.engine.table.Memory;
import io.lakehouse.engine.table.ScanContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Parquet scan alone, without SQL: every lineitem file decoded into Arrow batches by
 * {@link ParquetScan}, against parquet-mr's column readers decoding the same columns into
 * nothing (the floor of the column-level path). Each operation returns the number of values
 * decoded, so values per second is that number divided by the time per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class ScanBenchmark {

  /** {@code arrow-scan}: ParquetScan into Arrow; {@code parquet-mr-columns}: ColumnReader values only. */
  @Param({"arrow-scan", "parquet-mr-columns"})
  public String reader;

  /** {@code all}: the 16 columns; {@code q6}: the four columns TPC-H Q6 reads. */
  @Param({"all", "q6"})
  public String columns;

  @Param("0.1")
  public double scaleFactor;

  private List<Path> files;
  private List<String> names;
  private Storage storage;
  private BufferAllocator allocator;
  /** What the column readers read, kept so that the JIT cannot drop the reads. */
  private long checksum;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path warehouse = TpchData.ensure(TpchData.benchmarkRoot(), scaleFactor, TpchFormat.DELTA);
    files = TpchData.dataFiles(warehouse, "lineitem", TpchFormat.DELTA);
    names = columns.equals("q6")
        ? List.of("l_quantity", "l_extendedprice", "l_discount", "l_shipdate")
        : null;
    storage = Storage.local();
    allocator = Memory.newRootAllocator(Long.MAX_VALUE);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    allocator.close();
    storage.close();
  }

  @Benchmark
  public long scan() throws IOException {
    long values = 0;
    for (Path file : files) {
      values += reader.equals("arrow-scan") ? arrowScan(file) : columnReaders(file);
    }
    return values;
  }

  private long arrowScan(Path file) throws IOException {
    List<ColumnSpec> specs = new ArrayList<>();
    for (PrimitiveType column : requested(file)) {
      specs.add(ColumnSpec.fromFile(new Field(column.getName(), FieldType.nullable(arrowType(column)), null)));
    }
    long values = 0;
    try (CloseableIterator<ParquetBatch> batches = ParquetScan.open(
        storage.parquetInput(file.toString()), file.toString(), specs, new ScanContext(allocator, 4096))) {
      while (batches.hasNext()) {
        ParquetBatch batch = batches.next();
        values += (long) batch.root().getRowCount() * specs.size();
        batch.root().close();
      }
    }
    return values;
  }

  private long columnReaders(Path file) throws IOException {
    long values = 0;
    try (ParquetFileReader reader =
        ParquetFileReader.open(storage.parquetInput(file.toString()), ParquetReadOptions.builder().build())) {
      MessageType schema = reader.getFileMetaData().getSchema();
      List<ColumnDescriptor> descriptors = new ArrayList<>();
      for (PrimitiveType column : requested(file)) {
        descriptors.add(schema.getColumnDescription(new String[] {column.getName()}));
      }
      reader.setRequestedSchema(descriptors);
      for (PageReadStore pages = reader.readNextRowGroup(); pages != null; pages = reader.readNextRowGroup()) {
        ColumnReadStoreImpl store =
            new ColumnReadStoreImpl(pages, new Ignored(schema), schema, reader.getFileMetaData().getCreatedBy());
        for (ColumnDescriptor descriptor : descriptors) {
          ColumnReader column = store.getColumnReader(descriptor);
          long total = column.getTotalValueCount();
          for (long i = 0; i < total; i++) {
            if (column.getCurrentDefinitionLevel() == descriptor.getMaxDefinitionLevel()) {
              checksum += switch (descriptor.getPrimitiveType().getPrimitiveTypeName()) {
                case INT32 -> column.getInteger();
                case INT64 -> column.getLong();
                default -> column.getBinary().length();
              };
            }
            column.consume();
          }
          values += total;
        }
      }
    }
    return values;
  }

  private List<PrimitiveType> requested(Path file) throws IOException {
    try (ParquetFileReader reader =
        ParquetFileReader.open(storage.parquetInput(file.toString()), ParquetReadOptions.builder().build())) {
      MessageType schema = reader.getFileMetaData().getSchema();
      List<PrimitiveType> result = new ArrayList<>();
      if (names == null) {
        schema.getFields().forEach(field -> result.add(field.asPrimitiveType()));
      } else {
        names.forEach(name -> result.add(schema.getType(name).asPrimitiveType()));
      }
      return result;
    }
  }

  /** The Arrow type a table format requests for a lineitem column. */
  private static ArrowType arrowType(PrimitiveType column) {
    LogicalTypeAnnotation logical = column.getLogicalTypeAnnotation();
    if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
      return new ArrowType.Decimal(decimal.getPrecision(), decimal.getScale(), 128);
    }
    if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
      return new ArrowType.Date(DateUnit.DAY);
    }
    return switch (column.getPrimitiveTypeName()) {
      case INT32 -> new ArrowType.Int(32, true);
      case INT64 -> new ArrowType.Int(64, true);
      default -> ArrowType.Utf8.INSTANCE;
    };
  }


  /** A record converter that ignores everything: the column readers are read directly. */
  private static final class Ignored extends GroupConverter {
    private final GroupType type;

    Ignored(GroupType type) {
      this.type = type;
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return type.getType(fieldIndex).isPrimitive()
          ? new PrimitiveConverter() {}
          : new Ignored(type.getType(fieldIndex).asGroupType());
    }

    @Override
    public void start() {}

    @Override
    public void end() {}
  }
}
