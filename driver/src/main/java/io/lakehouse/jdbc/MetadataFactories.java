package io.lakehouse.jdbc;

import io.lakehouse.engine.catalog.TableCatalog;
import java.util.Locale;
import org.apache.calcite.avatica.MetaImpl.MetaColumn;
import org.apache.calcite.avatica.MetaImpl.MetaTable;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.jdbc.CalciteMetaColumnFactory;
import org.apache.calcite.jdbc.CalciteMetaImpl.CalciteMetaTable;
import org.apache.calcite.jdbc.CalciteMetaTableFactory;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Table;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code DatabaseMetaData.getTables} and {@code getColumns} say about the catalogs' tables,
 * for BI tools' navigators: each table's format and location as its {@code REMARKS}, plain SQL type
 * names ({@code DECIMAL}, {@code TIMESTAMP WITH LOCAL TIME ZONE}, {@code ROW(a INTEGER)},
 * {@code ARRAY(VARCHAR)}, {@code MAP(VARCHAR, BIGINT)}) with precision and scale in their own
 * columns, and column sizes as JDBC defines them.
 *
 * <p>A table whose schema cannot be read (an unsupported feature, a corrupt log) is listed with no
 * columns rather than failing the whole listing; querying it reports why.
 */
final class MetadataFactories {

  private static final Logger LOG = LoggerFactory.getLogger(MetadataFactories.class);

  /** Fractional digits of the TIMESTAMP and TIME values the engine carries (milliseconds). */
  private static final int FRACTIONAL_DIGITS = 3;

  private MetadataFactories() {}

  /** Rows of {@code getTables}: Calcite's, with remarks. */
  static final class Tables implements CalciteMetaTableFactory {
    private final ConnectionCatalogs catalogs;

    Tables(ConnectionCatalogs catalogs) {
      this.catalogs = catalogs;
    }

    @Override
    public MetaTable createTable(Table table, String tableCat, String tableSchem, String tableName) {
      return new RemarkedTable(
          new ListedTable(table), tableCat, tableSchem, tableName, remarks(tableCat, tableSchem, tableName));
    }

    @Override
    public Class<? extends MetaTable> getMetaTableClass() {
      return RemarkedTable.class;
    }

    private String remarks(String tableCat, String schema, String table) {
      TableCatalog catalog = catalogs.catalog(tableCat);
      String key = catalog == null ? null : catalog.schemas().get(schema);
      return key == null ? null : catalog.remarks(key, table);
    }
  }

  /** A {@code getTables} row with remarks ({@code MetaTable}'s own field is always null). */
  public static final class RemarkedTable extends CalciteMetaTable {
    /** The table's format and location; read by name through reflection, as Calcite's fields are. */
    public final String remarks;

    RemarkedTable(Table table, String tableCat, String tableSchem, String tableName, String remarks) {
      super(table, tableCat, tableSchem, tableName);
      this.remarks = remarks;
    }
  }

  /** Rows of {@code getColumns}: Calcite's, with type names, sizes and digits for BI tools. */
  static final class Columns implements CalciteMetaColumnFactory {
    @Override
    public MetaColumn createColumn(
        Table table, String tableCat, String tableSchem, String tableName, String columnName,
        int dataType, String typeName, Integer columnSize, Integer decimalDigits, int numPrecRadix,
        int nullable, Integer charOctetLength, int ordinalPosition, String isNullable) {
      RelDataType type = table instanceof ListedTable listed ? listed.columnType(columnName) : null;
      if (type == null) {
        return new MetaColumn(tableCat, tableSchem, tableName, columnName, dataType, typeName, columnSize,
            decimalDigits, numPrecRadix, nullable, charOctetLength, ordinalPosition, isNullable);
      }
      Integer size = columnSize(type);
      Integer octets = switch (type.getSqlTypeName()) {
        case CHAR, VARCHAR, BINARY, VARBINARY -> size;
        default -> null;
      };
      return new MetaColumn(tableCat, tableSchem, tableName, columnName, dataType, typeName(type, false), size,
          decimalDigits(type), 10, nullable, octets, ordinalPosition, isNullable);
    }

    @Override
    public Class<? extends MetaColumn> getMetaColumnClass() {
      return MetaColumn.class;
    }
  }

  /**
   * The SQL name of a type. Top-level DECIMAL, CHAR, VARCHAR, BINARY and VARBINARY are named without
   * their length, which {@code COLUMN_SIZE} and {@code DECIMAL_DIGITS} carry; nested in a ROW,
   * ARRAY or MAP they keep it.
   */
  static String typeName(RelDataType type, boolean nested) {
    return switch (type.getSqlTypeName()) {
      case ROW -> {
        StringBuilder name = new StringBuilder("ROW(");
        for (RelDataTypeField field : type.getFieldList()) {
          name.append(field.getIndex() > 0 ? ", " : "").append(field.getName()).append(' ')
              .append(typeName(field.getType(), true));
        }
        yield name.append(')').toString();
      }
      case ARRAY, MULTISET -> type.getSqlTypeName().name() + "(" + typeName(type.getComponentType(), true) + ")";
      case MAP -> "MAP(" + typeName(type.getKeyType(), true) + ", " + typeName(type.getValueType(), true) + ")";
      case DECIMAL -> nested ? "DECIMAL(" + type.getPrecision() + ", " + type.getScale() + ")" : "DECIMAL";
      case CHAR, VARCHAR, BINARY, VARBINARY -> nested && type.getPrecision() > 0
          ? type.getSqlTypeName().name() + "(" + type.getPrecision() + ")"
          : type.getSqlTypeName().name();
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> "TIMESTAMP WITH LOCAL TIME ZONE";
      case TIME_WITH_LOCAL_TIME_ZONE -> "TIME WITH LOCAL TIME ZONE";
      case TIMESTAMP_TZ -> "TIMESTAMP WITH TIME ZONE";
      default -> type.getSqlTypeName().getName().replace('_', ' ').toUpperCase(Locale.ROOT);
    };
  }

  /** {@code COLUMN_SIZE}: digits of numbers, characters of dates, times and strings, bytes of binaries. */
  private static Integer columnSize(RelDataType type) {
    return switch (type.getSqlTypeName()) {
      case BOOLEAN -> 1;
      case TINYINT -> 3;
      case SMALLINT -> 5;
      case INTEGER -> 10;
      case BIGINT -> 19;
      case REAL, FLOAT -> 7;
      case DOUBLE -> 15;
      case DECIMAL -> type.getPrecision();
      case DATE -> 10;
      case TIME, TIME_WITH_LOCAL_TIME_ZONE -> 8 + 1 + FRACTIONAL_DIGITS;
      case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> 19 + 1 + FRACTIONAL_DIGITS;
      case CHAR, VARCHAR, BINARY, VARBINARY -> type.getPrecision() > 0 ? type.getPrecision() : Integer.MAX_VALUE;
      default -> null;
    };
  }

  private static Integer decimalDigits(RelDataType type) {
    return switch (type.getSqlTypeName()) {
      case TINYINT, SMALLINT, INTEGER, BIGINT -> 0;
      case DECIMAL -> type.getScale();
      case TIME, TIME_WITH_LOCAL_TIME_ZONE, TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> FRACTIONAL_DIGITS;
      default -> null;
    };
  }

  /**
   * A table as listed by {@code DatabaseMetaData}: remembers the row type it last gave, so that the
   * column factory sees each column's full type, and gives an empty row type for a table whose
   * schema cannot be read.
   */
  private static final class ListedTable implements Table {
    private final Table table;
    private volatile RelDataType rowType;

    ListedTable(Table table) {
      this.table = table;
    }

    RelDataType columnType(String name) {
      RelDataType row = rowType;
      RelDataTypeField field = row == null ? null : row.getField(name, true, false);
      return field == null ? null : field.getType();
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
      RelDataType row;
      try {
        row = table.getRowType(typeFactory);
      } catch (RuntimeException e) {
        LOG.warn("Listing no columns for a table whose schema cannot be read: {}", e.getMessage());
        row = typeFactory.builder().build();
      }
      rowType = row;
      return row;
    }

    @Override
    public Statistic getStatistic() {
      return table.getStatistic();
    }

    @Override
    public Schema.TableType getJdbcTableType() {
      return table.getJdbcTableType();
    }

    @Override
    public boolean isRolledUp(String column) {
      return table.isRolledUp(column);
    }

    @Override
    public boolean rolledUpColumnValidInsideAgg(
        String column, SqlCall call, SqlNode parent, CalciteConnectionConfig config) {
      return table.rolledUpColumnValidInsideAgg(column, call, parent, config);
    }
  }
}
