package io.lakehouse.engine.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.engine.table.ColumnMetadata;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.mapping.MappedField;
import org.apache.iceberg.mapping.MappedFields;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** The Iceberg to Arrow type mapping every layer agrees on, with field ids and mapped names. */
class ArrowSchemasTest {

  private static final org.apache.iceberg.Schema SCHEMA = new org.apache.iceberg.Schema(
      Types.NestedField.required(1, "bool", Types.BooleanType.get()),
      Types.NestedField.optional(2, "int", Types.IntegerType.get()),
      Types.NestedField.optional(3, "long", Types.LongType.get()),
      Types.NestedField.optional(4, "float", Types.FloatType.get()),
      Types.NestedField.optional(5, "double", Types.DoubleType.get()),
      Types.NestedField.optional(6, "decimal", Types.DecimalType.of(38, 9)),
      Types.NestedField.optional(7, "string", Types.StringType.get()),
      Types.NestedField.optional(8, "uuid", Types.UUIDType.get()),
      Types.NestedField.optional(9, "binary", Types.BinaryType.get()),
      Types.NestedField.optional(10, "fixed", Types.FixedType.ofLength(16)),
      Types.NestedField.optional(11, "date", Types.DateType.get()),
      Types.NestedField.optional(12, "timestamptz", Types.TimestampType.withZone()),
      Types.NestedField.optional(13, "timestamp", Types.TimestampType.withoutZone()),
      Types.NestedField.optional(14, "time", Types.TimeType.get()),
      Types.NestedField.optional(15, "struct", Types.StructType.of(
          Types.NestedField.required(16, "inner", Types.StringType.get()))),
      Types.NestedField.optional(17, "list", Types.ListType.ofOptional(18, Types.IntegerType.get())),
      Types.NestedField.optional(19, "map", Types.MapType.ofOptional(20, 21, Types.StringType.get(), Types.LongType.get())));

  @Test
  void mapsEveryTypeToTheAgreedArrowType() {
    List<Field> fields = ArrowSchemas.toArrow(SCHEMA, null).getFields();
    List<ArrowType> expected = List.of(
        ArrowType.Bool.INSTANCE,
        new ArrowType.Int(32, true),
        new ArrowType.Int(64, true),
        new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE),
        new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE),
        new ArrowType.Decimal(38, 9, 128),
        ArrowType.Utf8.INSTANCE,
        ArrowType.Utf8.INSTANCE,
        ArrowType.Binary.INSTANCE,
        new ArrowType.FixedSizeBinary(16),
        new ArrowType.Date(DateUnit.DAY),
        new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"),
        new ArrowType.Timestamp(TimeUnit.MICROSECOND, null),
        new ArrowType.Time(TimeUnit.MICROSECOND, 64),
        ArrowType.Struct.INSTANCE,
        ArrowType.List.INSTANCE,
        new ArrowType.Map(false));
    assertEquals(expected, fields.stream().map(Field::getType).toList());
    assertFalse(fields.get(0).isNullable());
    assertTrue(fields.get(1).isNullable());
  }

  @Test
  void everyLevelCarriesItsFieldId() {
    Schema arrow = ArrowSchemas.toArrow(SCHEMA, null);
    Field struct = arrow.findField("struct");
    assertEquals(15, ColumnMetadata.fieldId(struct));
    assertEquals(16, ColumnMetadata.fieldId(struct.getChildren().get(0)));
    assertFalse(struct.getChildren().get(0).isNullable());
    Field element = arrow.findField("list").getChildren().get(0);
    assertEquals("element", element.getName());
    assertEquals(18, ColumnMetadata.fieldId(element));
    Field entries = arrow.findField("map").getChildren().get(0);
    assertEquals("entries", entries.getName());
    assertFalse(entries.isNullable());
    assertEquals(List.of("key", "value"), entries.getChildren().stream().map(Field::getName).toList());
    assertFalse(entries.getChildren().get(0).isNullable());
    assertEquals(20, ColumnMetadata.fieldId(entries.getChildren().get(0)));
    assertEquals(21, ColumnMetadata.fieldId(entries.getChildren().get(1)));
    assertNull(ColumnMetadata.fieldId(entries));
    assertNull(struct.getMetadata().get(ColumnMetadata.PHYSICAL_NAME));
  }

  @Test
  void aNameMappingGivesPhysicalNamesAndLeavesUnmappedFieldsUnmatchable() {
    NameMapping mapping = NameMapping.of(
        MappedField.of(2, List.of("old_int", "int")),
        MappedField.of(3, "legacy_long"),
        MappedField.of(15, List.of("struct"), MappedFields.of(MappedField.of(16, "inner_v1"))));
    Schema arrow = ArrowSchemas.toArrow(SCHEMA, mapping);
    assertEquals("int", ColumnMetadata.physicalName(arrow.findField("int")));
    assertEquals("legacy_long", ColumnMetadata.physicalName(arrow.findField("long")));
    assertEquals("inner_v1", ColumnMetadata.physicalName(arrow.findField("struct").getChildren().get(0)));
    assertEquals("", ColumnMetadata.physicalName(arrow.findField("string")));
  }

  @Test
  void typesThatCannotBeReadYetAreFound() {
    assertTrue(ArrowSchemas.unsupportedType(Types.VariantType.get()).isPresent());
    assertTrue(ArrowSchemas.unsupportedType(Types.TimestampNanoType.withZone()).isPresent());
    assertTrue(ArrowSchemas.unsupportedType(
        Types.ListType.ofOptional(1, Types.StructType.of(Types.NestedField.optional(2, "v", Types.VariantType.get())))).isPresent());
    assertFalse(ArrowSchemas.unsupportedType(SCHEMA.asStruct()).isPresent());
  }
}
