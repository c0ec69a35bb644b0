package io.lakehouse.engine.calcite;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;

/**
 * A rule for a node over a lakehouse scan: directly over it, over a projection of it, over a
 * filter of it, or over a projection of a filter of it ({@link LakehouseRules#scanUnder}).
 */
abstract class OverScanRule extends RelOptRule {

  final boolean overProject;
  final boolean overFilter;

  /** The rule named {@code name} plus what it is over, e.g. {@code <name>OverProjectRule}. */
  @SuppressWarnings("deprecation")
  OverScanRule(Class<? extends RelNode> top, String name, boolean overProject, boolean overFilter) {
    super(
        operand(top, LakehouseRules.scanUnder(overProject, overFilter)),
        name + (overProject ? "OverProject" : "") + (overFilter ? "OverFilter" : "") + "Rule");
    this.overProject = overProject;
    this.overFilter = overFilter;
  }

  LakehouseTableScan scan(RelOptRuleCall call) {
    return call.rel(1 + (overProject ? 1 : 0) + (overFilter ? 1 : 0));
  }

  /** The projection between the node and the scan, or null. */
  LogicalProject project(RelOptRuleCall call) {
    return overProject ? call.rel(1) : null;
  }

  /** The filter between the node and the scan, or null. */
  LogicalFilter filter(RelOptRuleCall call) {
    return overFilter ? call.rel(overProject ? 2 : 1) : null;
  }
}
