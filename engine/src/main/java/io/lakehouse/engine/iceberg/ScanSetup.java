package io.lakehouse.engine.iceberg;

import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.types.Types;

/**
 * What every task of one scan shares.
 *
 * @param lakeTable the table, for its name, storage and error messages
 * @param table the Iceberg table at the metadata the snapshot was resolved from
 * @param readSchema the schema the snapshot is read with
 * @param nameMapping the table's name mapping for data files without field ids, or null
 * @param projected the output columns, in output order
 */
record ScanSetup(
    IcebergTable lakeTable,
    Table table,
    org.apache.iceberg.Schema readSchema,
    NameMapping nameMapping,
    List<Types.NestedField> projected) {

  ScanSetup {
    projected = List.copyOf(projected);
  }
}
