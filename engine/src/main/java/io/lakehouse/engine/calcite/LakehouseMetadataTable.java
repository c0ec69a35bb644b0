package io.lakehouse.engine.calcite;

import io.lakehouse.engine.table.Filter;
import io.lakehouse.engine.table.LakeTable;
import io.lakehouse.engine.table.MetadataRows;
import io.lakehouse.engine.table.MetadataTableKind;
import io.lakehouse.engine.table.SnapshotRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;

/**
 * A table's metadata table, {@code "t$history"} and the others of {@link MetadataTableKind}: read
 * from the table's log or metadata, as of the latest snapshot or the one time travel names.
 */
final class LakehouseMetadataTable extends LakehouseRelTable {

  private final Supplier<LakeTable> table;
  private final MetadataTableKind kind;

  LakehouseMetadataTable(Supplier<LakeTable> table, MetadataTableKind kind) {
    this.table = table;
    this.kind = kind;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return RowTypes.rowType(typeFactory, kind.schema());
  }

  @Override
  public Enumerable<Object> scan(DataContext context, String[] columns, String timeTravel, Filter filter) {
    SnapshotRef ref = TimeTravelSpec.resolve(timeTravel, context);
    MetadataRows metadata = EngineClassLoader.call(() -> table.get().metadataTable(kind, ref));
    List<Field> fields = metadata.schema().getFields();
    int[] index = new int[columns.length];
    for (int c = 0; c < columns.length; c++) {
      index[c] = indexOf(fields, columns[c]);
    }
    List<Object> rows = new ArrayList<>(metadata.rows().size());
    for (List<Object> row : metadata.rows()) {
      Object[] values = new Object[columns.length];
      for (int c = 0; c < columns.length; c++) {
        values[c] = toCalcite(fields.get(index[c]), row.get(index[c]));
      }
      rows.add(columns.length == 1 ? values[0] : values);
    }
    return Linq4j.asEnumerable(rows);
  }

  private static int indexOf(List<Field> fields, String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).getName().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no metadata column " + name);
  }

  /** A value in the Arrow physical convention, in the representation Calcite's code expects. */
  private static Object toCalcite(Field field, Object value) {
    if (value == null) {
      return null;
    }
    ArrowType type = field.getType();
    switch (type.getTypeID()) {
      case Timestamp:
      case Time: {
        long micros = ((Number) value).longValue();
        long millis = Math.floorDiv(micros, 1000L);
        return type.getTypeID() == ArrowType.ArrowTypeID.Time ? (Object) (int) millis : (Object) millis;
      }
      case Binary:
      case FixedSizeBinary:
        return new ByteString((byte[]) value);
      case Map: {
        Field valueField = field.getChildren().get(0).getChildren().get(1);
        Map<Object, Object> map = new LinkedHashMap<>();
        ((Map<?, ?>) value).forEach((k, v) -> map.put(k, toCalcite(valueField, v)));
        return map;
      }
      case List: {
        Field element = field.getChildren().get(0);
        List<Object> list = new ArrayList<>();
        ((List<?>) value).forEach(v -> list.add(toCalcite(element, v)));
        return list;
      }
      default:
        return value;
    }
  }
}
