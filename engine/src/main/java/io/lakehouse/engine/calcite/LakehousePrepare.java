package io.lakehouse.engine.calcite;

import java.lang.reflect.Type;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRules;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCostFactory;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.rules.JoinPushThroughJoinRule;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How statements are planned: Calcite's standard preparation with one change, join order.
 *
 * <p>Calcite's default planner searches join orders exhaustively (join commutation and
 * push-through-join rules in its cost-based planner), which takes seconds for five joins and
 * minutes for six, and its merge joins sort both inputs. Here joins are ordered once, before the
 * cost-based phase, by Calcite's heuristic {@code LoptOptimizeJoinRule} over a {@code MultiJoin}
 * of each join tree, using the tables' row counts from their metadata and the join estimates of
 * {@link LakehouseRelMetadata}; the cost-based phase then
 * keeps that order and implements every equi-join as a hash join, which builds its hash table
 * from the join's right (smaller) input.
 *
 * <p>While a statement is prepared, each table's latest snapshot is loaded once ({@link
 * PlanningScope}).
 */
public final class LakehousePrepare extends CalcitePrepareImpl {

  /** The rules that reorder joins or choose merge joins, removed from the cost-based planner. */
  private static final List<RelOptRule> REMOVED = List.of(
      CoreRules.JOIN_COMMUTE,
      CoreRules.JOIN_COMMUTE_OUTER,
      CoreRules.JOIN_ASSOCIATE,
      JoinPushThroughJoinRule.LEFT,
      JoinPushThroughJoinRule.RIGHT,
      EnumerableRules.ENUMERABLE_MERGE_JOIN_RULE);

  /**
   * Gathers each join tree into a {@code MultiJoin} (after pulling the factors common to all
   * branches out of ORs and pushing filters into joins, so that the conditions of a comma join
   * become join conditions, equi-join keys included), then orders it.
   */
  private static final HepProgram JOIN_ORDER = new HepProgramBuilder()
      .addMatchOrder(HepMatchOrder.BOTTOM_UP)
      .addRuleInstance(LakehouseRules.PULL_FACTORS)
      .addRuleInstance(CoreRules.FILTER_INTO_JOIN)
      .addRuleInstance(CoreRules.JOIN_CONDITION_PUSH)
      .addRuleInstance(CoreRules.JOIN_TO_MULTI_JOIN)
      .addRuleInstance(CoreRules.PROJECT_MULTI_JOIN_MERGE)
      .addRuleInstance(CoreRules.FILTER_MULTI_JOIN_MERGE)
      .addRuleInstance(CoreRules.MULTI_JOIN_OPTIMIZE)
      .build();

  private static final Program PROGRAM = program();

  /** Prepares a statement with one latest snapshot per table for all of its planning. */
  @Override
  public <T> CalciteSignature<T> prepareSql(
      CalcitePrepare.Context context, CalcitePrepare.Query<T> query, Type elementType, long maxRowCount) {
    return PlanningScope.during(() -> super.prepareSql(context, query, elementType, maxRowCount));
  }

  @Override
  protected RelOptPlanner createPlanner(
      CalcitePrepare.Context prepareContext,
      org.apache.calcite.plan.@Nullable Context externalContext,
      @Nullable RelOptCostFactory costFactory) {
    RelOptPlanner planner = super.createPlanner(prepareContext, externalContext, costFactory);
    REMOVED.forEach(planner::removeRule);
    return planner;
  }

  @Override
  protected RelOptCluster createCluster(RelOptPlanner planner, RexBuilder rexBuilder) {
    RelOptCluster cluster = super.createCluster(planner, rexBuilder);
    cluster.setMetadataProvider(LakehouseRelMetadata.PROVIDER);
    return cluster;
  }

  @Override
  protected CalcitePreparingStmt getPreparingStmt(
      CalcitePrepare.Context context, Type elementType, CalciteCatalogReader catalogReader, RelOptPlanner planner) {
    EnumerableRel.Prefer prefer = elementType == Object[].class ? EnumerableRel.Prefer.ARRAY : EnumerableRel.Prefer.CUSTOM;
    RexBuilder rexBuilder = new RexBuilder(context.getTypeFactory());
    return new CalcitePreparingStmt(
        this, context, catalogReader, context.getTypeFactory(), context.getRootSchema(), prefer,
        createCluster(planner, rexBuilder), EnumerableConvention.INSTANCE, createConvertletTable()) {
      @Override
      protected Program getProgram() {
        return PROGRAM;
      }
    };
  }

  /** Calcite's standard program with the join-order phase before the cost-based one. */
  private static Program program() {
    var metadata = LakehouseRelMetadata.PROVIDER;
    Program costBased = (planner, rel, requiredOutputTraits, materializations, lattices) -> {
      planner.setRoot(rel);
      RelNode root = rel.getTraitSet().equals(requiredOutputTraits) ? rel : planner.changeTraits(rel, requiredOutputTraits);
      planner.setRoot(root);
      return planner.chooseDelegate().findBestExp();
    };
    return Programs.sequence(
        Programs.subQuery(metadata),
        Programs.decorrelate(),
        Programs.measure(metadata),
        Programs.trim(),
        Programs.of(JOIN_ORDER, false, metadata),
        costBased,
        Programs.calc(metadata));
  }
}
