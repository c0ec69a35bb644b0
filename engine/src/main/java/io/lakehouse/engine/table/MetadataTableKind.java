package io.lakehouse.engine.table;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The metadata tables every table offers next to its data, queried as {@code "t$history"} and so
 * on. Each kind has one schema for Delta and Iceberg alike (a Delta commit version is an Iceberg
 * snapshot id); see {@link #schema()} for the columns.
 */
public enum MetadataTableKind {

  /** One row per commit up to the snapshot: when, what operation, with which parameters. */
  HISTORY(
      List.of(
          required("version", bigint()),
          optional("parent", bigint()),
          required("committed_at", timestamp()),
          optional("operation", varchar()),
          optionalMap("operation_parameters", varchar()),
          required("is_current_ancestor", ArrowType.Bool.INSTANCE))),
  /** One row per snapshot committed up to the snapshot, with its summary. */
  SNAPSHOTS(
      List.of(
          required("version", bigint()),
          optional("parent", bigint()),
          required("committed_at", timestamp()),
          optional("operation", varchar()),
          optionalMap("summary", varchar()),
          optional("manifest_list", varchar()))),
  /** One row per live data file of the snapshot, with its statistics. */
  FILES(
      List.of(
          required("path", varchar()),
          required("format", varchar()),
          requiredMap("partition", varchar()),
          optional("record_count", bigint()),
          required("file_size_in_bytes", bigint()),
          optionalMap("null_counts", bigint()),
          optionalMap("lower_bounds", varchar()),
          optionalMap("upper_bounds", varchar()),
          optional("deleted_rows", bigint()),
          required("delete_files", bigint()))),
  /** One row per partition of the snapshot's live data files. */
  PARTITIONS(
      List.of(
          requiredMap("partition", varchar()),
          optional("record_count", bigint()),
          required("file_count", bigint()),
          required("total_size_in_bytes", bigint()))),
  /** One row per tag or branch (Iceberg); Delta tables have none. */
  REFS(
      List.of(
          required("name", varchar()),
          required("type", varchar()),
          required("snapshot_id", bigint()),
          optional("max_reference_age_ms", bigint()),
          optional("min_snapshots_to_keep", new ArrowType.Int(32, true)),
          optional("max_snapshot_age_ms", bigint()))),
  /** One row per table property, including the format's protocol or format version. */
  PROPERTIES(List.of(required("key", varchar()), optional("value", varchar())));

  private final Schema schema;

  MetadataTableKind(List<Field> columns) {
    this.schema = new Schema(columns);
  }

  /**
   * The columns of this metadata table, the same for every format. Values follow the Arrow
   * physical convention of {@link MetadataRows}.
   */
  public Schema schema() {
    return schema;
  }

  /** The name after {@code $} in SQL, such as {@code history}. */
  public String suffix() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind a SQL suffix names, ignoring case, or empty when it names none. */
  public static Optional<MetadataTableKind> fromSuffix(String suffix) {
    for (MetadataTableKind kind : values()) {
      if (kind.suffix().equalsIgnoreCase(suffix)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  private static ArrowType bigint() {
    return new ArrowType.Int(64, true);
  }

  private static ArrowType varchar() {
    return ArrowType.Utf8.INSTANCE;
  }

  /** An instant, as microseconds since the epoch in UTC. */
  private static ArrowType timestamp() {
    return new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
  }

  private static Field required(String name, ArrowType type) {
    return new Field(name, FieldType.notNullable(type), null);
  }

  private static Field optional(String name, ArrowType type) {
    return new Field(name, FieldType.nullable(type), null);
  }

  private static Field requiredMap(String name, ArrowType valueType) {
    return mapField(name, false, valueType);
  }

  private static Field optionalMap(String name, ArrowType valueType) {
    return mapField(name, true, valueType);
  }

  /** A map from text keys to nullable values, laid out as Arrow maps are: entries of key and value. */
  private static Field mapField(String name, boolean nullable, ArrowType valueType) {
    Field key = new Field("key", FieldType.notNullable(varchar()), null);
    Field value = new Field("value", FieldType.nullable(valueType), null);
    Field entries = new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(key, value));
    return new Field(name, new FieldType(nullable, new ArrowType.Map(false), null), List.of(entries));
  }
}
