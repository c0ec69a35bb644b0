package io.lakehouse.engine.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/** A table's metadata tables read for assertions: rows checked against their kind's schema, columns by name. */
public final class MetadataColumns {

  private MetadataColumns() {}

  /** The metadata table of {@code kind} as of {@code ref}, asserted to have the kind's schema. */
  public static MetadataRows rows(LakeTable table, MetadataTableKind kind, SnapshotRef ref) {
    MetadataRows rows = table.metadataTable(kind, ref);
    assertEquals(kind.schema(), rows.schema());
    return rows;
  }

  /** The values of the column {@code name}, asserted to exist, row by row. */
  public static List<Object> column(MetadataRows rows, String name) {
    int index = rows.schema().getFields().stream().map(Field::getName).toList().indexOf(name);
    assertTrue(index >= 0, "no column " + name);
    return rows.rows().stream().map(row -> row.get(index)).toList();
  }
}
