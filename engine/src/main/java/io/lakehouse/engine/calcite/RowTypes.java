package io.lakehouse.engine.calcite;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCollation;
import org.apache.calcite.sql.type.SqlTypeName;

/** Maps the engine's logical Arrow schema to Calcite row types (the table in DESIGN.md, "Types"). */
final class RowTypes {

  /**
   * Fractional digits of TIME and TIMESTAMP: Calcite carries them as milliseconds, so values read
   * with microseconds are shown to the millisecond.
   */
  static final int DATETIME_PRECISION = 3;

  private RowTypes() {}

  static RelDataType rowType(RelDataTypeFactory factory, Schema schema) {
    return structType(factory, schema.getFields());
  }

  private static RelDataType structType(RelDataTypeFactory factory, List<Field> fields) {
    List<String> names = new ArrayList<>(fields.size());
    List<RelDataType> types = new ArrayList<>(fields.size());
    for (Field field : fields) {
      names.add(field.getName());
      types.add(type(factory, field));
    }
    return factory.createStructType(types, names);
  }

  static RelDataType type(RelDataTypeFactory factory, Field field) {
    return factory.createTypeWithNullability(nonNullType(factory, field), field.isNullable());
  }

  private static RelDataType nonNullType(RelDataTypeFactory factory, Field field) {
    ArrowType type = field.getType();
    switch (type.getTypeID()) {
      case Bool:
        return factory.createSqlType(SqlTypeName.BOOLEAN);
      case Int:
        return switch (((ArrowType.Int) type).getBitWidth()) {
          case 8 -> factory.createSqlType(SqlTypeName.TINYINT);
          case 16 -> factory.createSqlType(SqlTypeName.SMALLINT);
          case 32 -> factory.createSqlType(SqlTypeName.INTEGER);
          default -> factory.createSqlType(SqlTypeName.BIGINT);
        };
      case FloatingPoint:
        return factory.createSqlType(
            ((ArrowType.FloatingPoint) type).getPrecision()
                    == org.apache.arrow.vector.types.FloatingPointPrecision.SINGLE
                ? SqlTypeName.REAL
                : SqlTypeName.DOUBLE);
      case Decimal:
        ArrowType.Decimal decimal = (ArrowType.Decimal) type;
        return factory.createSqlType(SqlTypeName.DECIMAL, decimal.getPrecision(), decimal.getScale());
      case Utf8:
      case LargeUtf8:
        return factory.createTypeWithCharsetAndCollation(
            factory.createSqlType(SqlTypeName.VARCHAR), StandardCharsets.UTF_8, SqlCollation.IMPLICIT);
      case Binary:
      case LargeBinary:
        return factory.createSqlType(SqlTypeName.VARBINARY);
      case FixedSizeBinary:
        return factory.createSqlType(
            SqlTypeName.BINARY, ((ArrowType.FixedSizeBinary) type).getByteWidth());
      case Date:
        return factory.createSqlType(SqlTypeName.DATE);
      case Time:
        return factory.createSqlType(SqlTypeName.TIME, DATETIME_PRECISION);
      case Timestamp:
        return factory.createSqlType(
            ((ArrowType.Timestamp) type).getTimezone() == null
                ? SqlTypeName.TIMESTAMP
                : SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE,
            DATETIME_PRECISION);
      case Struct:
        return structType(factory, field.getChildren());
      case List:
        return factory.createArrayType(type(factory, field.getChildren().get(0)), -1);
      case Map:
        List<Field> entry = field.getChildren().get(0).getChildren();
        return factory.createMapType(type(factory, entry.get(0)), type(factory, entry.get(1)));
      case Null:
        return factory.createSqlType(SqlTypeName.NULL);
      default:
        throw new IllegalArgumentException(
            "No SQL type for column '" + field.getName() + "' of Arrow type " + type);
    }
  }
}
