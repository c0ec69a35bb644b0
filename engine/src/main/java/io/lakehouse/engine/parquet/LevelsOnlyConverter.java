package io.lakehouse.engine.parquet;

import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.GroupType;

/**
 * A record converter that ignores everything: {@link
 * org.apache.parquet.column.impl.ColumnReadStoreImpl} needs one to build column readers, but the
 * scan takes values from the readers directly.
 */
final class LevelsOnlyConverter extends GroupConverter {

  private static final PrimitiveConverter IGNORED = new PrimitiveConverter() {};

  private final GroupType type;

  LevelsOnlyConverter(GroupType type) {
    this.type = type;
  }

  @Override
  public Converter getConverter(int fieldIndex) {
    return type.getType(fieldIndex).isPrimitive()
        ? IGNORED
        : new LevelsOnlyConverter(type.getType(fieldIndex).asGroupType());
  }

  @Override
  public void start() {}

  @Override
  public void end() {}
}
