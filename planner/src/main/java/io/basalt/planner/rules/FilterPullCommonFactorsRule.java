package io.basalt.planner.rules;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

/**
 * Pulls conjuncts common to every branch of an OR out of it, so that a join key written inside each
 * branch becomes a join condition (TPC-H Q19 writes {@code p_partkey = l_partkey} in each of three
 * OR-ed branches; without this the join is a nested loop over the cross product).
 *
 * <pre>
 * (k = j AND a) OR (k = j AND b)   →   k = j AND (a OR b)
 * </pre>
 */
public final class FilterPullCommonFactorsRule extends RelOptRule {
  public static final FilterPullCommonFactorsRule INSTANCE = new FilterPullCommonFactorsRule();

  @SuppressWarnings("deprecation")
  private FilterPullCommonFactorsRule() {
    super(operand(Filter.class, any()), "FilterPullCommonFactorsRule");
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    Filter filter = call.rel(0);
    RexNode condition = filter.getCondition();
    RexNode pulled = RexUtil.pullFactors(filter.getCluster().getRexBuilder(), condition);
    // Stop when nothing changed, so that the rule cannot fire forever on its own output.
    if (pulled.equals(condition) || pulled.toString().equals(condition.toString())) {
      return;
    }
    call.transformTo(filter.copy(filter.getTraitSet(), filter.getInput(), pulled));
  }
}
