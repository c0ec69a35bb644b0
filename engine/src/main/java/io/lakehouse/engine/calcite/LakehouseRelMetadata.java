package io.lakehouse.engine.calcite;

import java.util.List;
import java.util.OptionalDouble;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.ChainedRelMetadataProvider;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.ReflectiveRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.ImmutableBitSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The planner's estimates where Calcite's defaults cannot order joins: Calcite guesses every
 * equality to keep 15% of the cross product, so a join of two large tables looks larger than
 * either and a join on a low-cardinality column looks no worse than one on a key. Here an
 * equi-join keeps {@code left × right / distinct(keys)} rows, the textbook estimate, with a
 * column's distinct values bounded by its metadata (an integer or date column holds at most
 * {@code max - min + 1} values) and, where nothing is known, the join taken as one from a foreign
 * key to a key (as many rows as the larger input).
 */
final class LakehouseRelMetadata {

  private LakehouseRelMetadata() {}

  /** Our handlers first, Calcite's for everything else. */
  static final RelMetadataProvider PROVIDER = ChainedRelMetadataProvider.of(List.of(
      ReflectiveRelMetadataProvider.reflectiveSource(new JoinRows(), BuiltInMetadata.RowCount.Handler.class),
      ReflectiveRelMetadataProvider.reflectiveSource(
          new ScanDistinctValues(), BuiltInMetadata.DistinctRowCount.Handler.class),
      DefaultRelMetadataProvider.INSTANCE));

  /** Row counts of joins. */
  public static final class JoinRows implements MetadataHandler<BuiltInMetadata.RowCount> {

    @Override
    public MetadataDef<BuiltInMetadata.RowCount> getDef() {
      return BuiltInMetadata.RowCount.DEF;
    }

    public @Nullable Double getRowCount(Join join, RelMetadataQuery mq) {
      JoinRelType type = join.getJoinType();
      JoinInfo info = join.analyzeCondition();
      if (!type.projectsRight() || info.leftKeys.isEmpty()) {
        return RelMdUtil.getJoinRowCount(mq, join, join.getCondition());
      }
      Double left = mq.getRowCount(join.getLeft());
      Double right = mq.getRowCount(join.getRight());
      if (left == null || right == null) {
        return null;
      }
      Double leftDistinct = mq.getDistinctRowCount(join.getLeft(), ImmutableBitSet.of(info.leftKeys), null);
      Double rightDistinct = mq.getDistinctRowCount(join.getRight(), ImmutableBitSet.of(info.rightKeys), null);
      double distinct;
      if (leftDistinct == null && rightDistinct == null) {
        distinct = Math.min(left, right);
      } else {
        distinct = Math.max(leftDistinct == null ? 0 : leftDistinct, rightDistinct == null ? 0 : rightDistinct);
      }
      double rows = left * right / Math.max(1, distinct);
      if (!info.isEqui()) {
        RexNode remaining = info.getRemaining(join.getCluster().getRexBuilder());
        rows *= RelMdUtil.guessSelectivity(remaining);
      }
      return switch (type) {
        case LEFT -> Math.max(rows, left);
        case RIGHT -> Math.max(rows, right);
        case FULL -> Math.max(rows, left + right);
        default -> rows;
      };
    }
  }

  /** Distinct values of columns of our scans, from the tables' metadata. */
  public static final class ScanDistinctValues implements MetadataHandler<BuiltInMetadata.DistinctRowCount> {

    @Override
    public MetadataDef<BuiltInMetadata.DistinctRowCount> getDef() {
      return BuiltInMetadata.DistinctRowCount.DEF;
    }

    public @Nullable Double getDistinctRowCount(
        LakehouseTableScan scan, RelMetadataQuery mq, ImmutableBitSet groupKey, @Nullable RexNode predicate) {
      if (groupKey.isEmpty()) {
        return 1d;
      }
      Double rows = mq.getRowCount(scan);
      if (rows == null) {
        return null;
      }
      List<RelDataTypeField> fields = scan.getRowType().getFieldList();
      double distinct = 1;
      for (int key : groupKey) {
        OptionalDouble values = scan.relTable().distinctValues(fields.get(key).getName());
        if (values.isEmpty()) {
          return null;
        }
        distinct *= values.getAsDouble();
      }
      double selected = rows * RelMdUtil.guessSelectivity(predicate);
      return RelMdUtil.numDistinctVals(Math.min(distinct, rows), selected);
    }
  }
}
