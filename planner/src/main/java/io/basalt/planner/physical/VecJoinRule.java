package io.basalt.planner.physical;

import io.basalt.engine.BasaltEngine;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalJoin;

/**
 * Converts a logical join to the engine: a {@link VecHashJoin} when the condition has equi-join
 * keys, else a {@link VecNestedLoopJoin}. A join the engine cannot run (correlated, an
 * unsupported type, a residual the kernel compiler rejects, no Basalt table below) stays with
 * Calcite's operators. Correlates are never joins here (Calcite plans them separately).
 */
public final class VecJoinRule extends ConverterRule {
  public static final ConverterRule INSTANCE = Config.INSTANCE
      .withConversion(LogicalJoin.class, Convention.NONE, VecConvention.INSTANCE, "VecJoinRule")
      .withRuleFactory(VecJoinRule::new)
      .toRule(VecJoinRule.class);

  private VecJoinRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    LogicalJoin join = (LogicalJoin) rel;
    boolean hash = !join.analyzeCondition().leftKeys.isEmpty();
    if (hash ? !VecHashJoin.supports(join) : !VecNestedLoopJoin.supports(join)) {
      return null;
    }
    BasaltEngine engine = EnginesInPlan.find(join);
    if (engine == null) {
      return null;
    }
    RelTraitSet traits = join.getTraitSet().replace(VecConvention.INSTANCE);
    RelNode left = convert(join.getLeft(), join.getLeft().getTraitSet().replace(
        VecConvention.INSTANCE));
    RelNode right = convert(join.getRight(), join.getRight().getTraitSet().replace(
        VecConvention.INSTANCE));
    if (hash) {
      return new VecHashJoin(join.getCluster(), traits, left, right, join.getCondition(),
          join.getVariablesSet(), join.getJoinType(), engine);
    }
    return new VecNestedLoopJoin(join.getCluster(), traits, left, right, join.getCondition(),
        join.getVariablesSet(), join.getJoinType(), engine);
  }
}
