package io.lakehouse.engine.delta;

import static io.lakehouse.engine.delta.DeltaTestTables.assertLakeException;
import static io.lakehouse.engine.delta.DeltaTestTables.latest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.table.ColumnMetadata;
import io.lakehouse.engine.table.LakeException;
import io.lakehouse.engine.table.ScanRequest;
import io.lakehouse.engine.table.SnapshotRef;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** The Arrow schema of Delta tables: types, nesting, partition columns and column mapping. */
class DeltaSchemaTest {

  @Test
  void primitiveTypes() {
    Schema schema = latest("data-reader-primitives").schema();
    assertEquals(
        List.of(
            "as_int: Int(32, true)",
            "as_long: Int(64, true)",
            "as_byte: Int(8, true)",
            "as_short: Int(16, true)",
            "as_boolean: Bool",
            "as_float: FloatingPoint(SINGLE)",
            "as_double: FloatingPoint(DOUBLE)",
            "as_string: Utf8",
            "as_binary: Binary",
            "as_big_decimal: Decimal(1, 0, 128)"),
        describe(schema.getFields()));
    assertTrue(schema.getFields().stream().allMatch(Field::isNullable));
    assertTrue(schema.getFields().stream().allMatch(f -> f.getMetadata().isEmpty()));
  }

  @Test
  void datesAndTimestamps() {
    Schema schema = latest("data-reader-date-types-utc").schema();
    assertEquals(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"), schema.findField("timestamp").getType());
    assertEquals(new ArrowType.Date(DateUnit.DAY), schema.findField("date").getType());

    Schema ntz = latest("data-reader-timestamp_ntz").schema();
    assertEquals(new ArrowType.Timestamp(TimeUnit.MICROSECOND, null), ntz.findField("tsNtz").getType());
    assertEquals(new ArrowType.Timestamp(TimeUnit.MICROSECOND, null), ntz.findField("tsNtzPartition").getType());
  }

  @Test
  void mapsHaveEntriesWithANonNullKey() {
    Field f = latest("data-reader-map").schema().findField("f");
    assertEquals(new ArrowType.Map(false), f.getType());
    Field entries = f.getChildren().get(0);
    assertEquals("entries", entries.getName());
    assertFalse(entries.isNullable());
    assertEquals(ArrowType.Struct.INSTANCE, entries.getType());
    Field key = entries.getChildren().get(0);
    Field value = entries.getChildren().get(1);
    assertEquals("key: Int(32, true)", key.getName() + ": " + key.getType());
    assertFalse(key.isNullable());
    assertEquals("value", value.getName());
    assertTrue(value.isNullable());
    assertEquals(ArrowType.List.INSTANCE, value.getType());
    Field element = value.getChildren().get(0);
    assertEquals("element", element.getName());
    assertEquals(ArrowType.Struct.INSTANCE, element.getType());
    assertEquals(List.of("val: Int(32, true)"), describe(element.getChildren()));
  }

  @Test
  void nestedArraysAndStructs() {
    Schema arrays = latest("data-reader-array-complex-objects").schema();
    Field threeD = arrays.findField("3d_int_list");
    assertEquals("3d_int_list: List<element: List<element: List<element: Int(32, true)>>>", threeD.toString());
    Field listOfMaps = arrays.findField("list_of_maps");
    assertEquals(new ArrowType.Map(false), listOfMaps.getChildren().get(0).getType());

    Field a = latest("data-reader-nested-struct").schema().findField("a");
    assertEquals(List.of("aa: Utf8", "ab: Utf8", "ac: Struct"), describe(a.getChildren()));
    assertEquals(List.of("aca: Int(32, true)", "acb: Int(64, true)"), describe(a.getChildren().get(2).getChildren()));
  }

  @Test
  void decimalsKeepPrecisionAndScale() {
    Schema schema = latest("basic-decimal-table").schema();
    assertEquals(
        List.of(
            "part: Decimal(12, 5, 128)",
            "col1: Decimal(5, 2, 128)",
            "col2: Decimal(10, 5, 128)",
            "col3: Decimal(20, 10, 128)"),
        describe(schema.getFields()));
  }

  @Test
  void partitionColumnsStayInSchemaOrder() {
    Schema schema = latest("data-reader-partition-values").schema();
    assertEquals(
        List.of("as_int", "as_long", "as_byte", "as_short", "as_boolean", "as_float", "as_double", "as_string",
            "as_string_lit_null", "as_date", "as_timestamp", "as_big_decimal", "as_list_of_records",
            "as_nested_struct", "value"),
        schema.getFields().stream().map(Field::getName).collect(Collectors.toList()));
  }

  @Test
  void nameModeCarriesPhysicalNamesOnEveryLevelButNoIds() {
    Schema schema = latest("columnMappingNestedTypes").schema();
    Field id = schema.findField("id");
    assertEquals("col-d134036f-a15b-40b3-8345-8ce9a86dc6c5", ColumnMetadata.physicalName(id));
    assertNull(ColumnMetadata.fieldId(id));
    Field structs = schema.findField("c_struct");
    assertEquals("col-63fffbb9-55b1-4f1f-930f-bbb115031f62", ColumnMetadata.physicalName(structs));
    List<Field> structFields = structs.getChildren().get(0).getChildren();
    assertEquals("i", structFields.get(0).getName());
    assertEquals("col-803266e8-7e28-41a0-b8f0-9c6f8bbf617a", ColumnMetadata.physicalName(structFields.get(0)));
    assertEquals("col-da9a198d-a2c8-4d3e-9a80-7df4285ac291", ColumnMetadata.physicalName(structFields.get(1)));
    // array elements and map entries have no physical name of their own
    assertEquals("element", ColumnMetadata.physicalName(structs.getChildren().get(0)));
  }

  @Test
  void idModeCarriesFieldIds() {
    Schema schema = latest("table-with-columnmapping-mode-id").schema();
    Field byteType = schema.findField("ByteType");
    assertEquals(1, ColumnMetadata.fieldId(byteType));
    assertEquals("col-adb3ab8f-9a6d-4f44-abb3-cf411d800e5f", ColumnMetadata.physicalName(byteType));
    for (Field field : schema.getFields()) {
      assertTrue(ColumnMetadata.fieldId(field) != null, () -> field + " has no field id");
    }
  }

  @Test
  void idModeCarriesNestedIdsOfElementsKeysAndValues() {
    Schema schema = latest("table-with-icebegCompatV2Enabled").schema();
    Field arrayOfArrays = schema.findField("array_of_arrays");
    assertEquals(18, ColumnMetadata.fieldId(arrayOfArrays));
    Field element = arrayOfArrays.getChildren().get(0);
    assertEquals(32, ColumnMetadata.fieldId(element));
    assertEquals(33, ColumnMetadata.fieldId(element.getChildren().get(0)));

    Field mapOfMaps = schema.findField("map_of_maps");
    List<Field> outer = mapOfMaps.getChildren().get(0).getChildren();
    assertEquals(50, ColumnMetadata.fieldId(outer.get(0)));
    assertEquals(51, ColumnMetadata.fieldId(outer.get(1)));
    List<Field> inner = outer.get(1).getChildren().get(0).getChildren();
    assertEquals(52, ColumnMetadata.fieldId(inner.get(0)));
    assertEquals(53, ColumnMetadata.fieldId(inner.get(1)));

    Field arrayOfStructs = schema.findField("array_of_structs");
    Field structElement = arrayOfStructs.getChildren().get(0);
    assertEquals(38, ColumnMetadata.fieldId(structElement));
    assertEquals(21, ColumnMetadata.fieldId(structElement.getChildren().get(0)));
    assertEquals(
        "col-f52ebe0f-00e0-4602-a142-192ec849afa2", ColumnMetadata.physicalName(structElement.getChildren().get(0)));
  }

  @Test
  void typeWideningShowsTheWidenedTypes() {
    Schema schema = latest("type-widening").schema();
    assertEquals(new ArrowType.Int(64, true), schema.findField("byte_long").getType());
    assertEquals(new ArrowType.Int(64, true), schema.findField("int_long").getType());
    assertEquals(
        new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), schema.findField("float_double").getType());
    assertEquals(new ArrowType.Timestamp(TimeUnit.MICROSECOND, null), schema.findField("date_timestamp_ntz").getType());
  }

  @Test
  void timeTravelReadsTheSchemaOfThatVersion() {
    DeltaTable table = DeltaTestTables.open("dat-with_schema_change");
    assertEquals(List.of("letter", "number"), names(table.snapshot(new SnapshotRef.Version(0)).schema()));
    assertEquals(List.of("num1", "num2"), names(table.snapshot(new SnapshotRef.Version(1)).schema()));
  }

  @Test
  void variantColumnsAreRefusedOnlyWhenRead() {
    DeltaSnapshot snapshot = latest("unshredded-variant");
    assertEquals(new ArrowType.Utf8(), snapshot.schema().findField("v").getType());
    int id = DeltaTestTables.indexOf(snapshot, "id");
    assertEquals(4, snapshot.plan(new ScanRequest(new int[] {id})).tasks().size());
    assertLakeException(
        LakeException.FEATURE_NOT_SUPPORTED,
        () -> DeltaTestTables.planAll(snapshot),
        "'unshredded-variant'",
        "variant type",
        "column 'v'");
    int structOfVariants = DeltaTestTables.indexOf(snapshot, "struct_of_variants");
    assertLakeException(
        LakeException.FEATURE_NOT_SUPPORTED,
        () -> snapshot.plan(new ScanRequest(new int[] {id, structOfVariants})),
        "variant type",
        "column 'struct_of_variants'");
  }

  @Test
  void voidColumnsAreNotSupported() {
    assertLakeException(
        LakeException.FEATURE_NOT_SUPPORTED,
        () -> latest("void-column"),
        "'void-column'",
        "unsupported Delta data type: VOID");
  }

  private static List<String> names(Schema schema) {
    return schema.getFields().stream().map(Field::getName).collect(Collectors.toList());
  }

  private static List<String> describe(List<Field> fields) {
    return fields.stream().map(f -> f.getName() + ": " + f.getType()).collect(Collectors.toList());
  }
}
