package io.basalt.planner.physical;

import io.basalt.planner.runtime.VecRuntime;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.SingleRel;

/**
 * Counts the rows and the time of one row-at-a-time operator for EXPLAIN ANALYZE: placed above
 * each {@code Enumerable*} node of the plan being analyzed, it passes rows through unchanged and
 * records them under the id of the node as EXPLAIN shows it ({@code targetId}). Time is inclusive
 * (the operator and everything below it).
 */
public final class ProfiledEnumerable extends SingleRel implements EnumerableRel {
  private final int targetId;

  public ProfiledEnumerable(RelNode input, int targetId) {
    super(input.getCluster(), input.getTraitSet(), input);
    this.targetId = targetId;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new ProfiledEnumerable(sole(inputs), targetId);
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    Result child = implementor.visitChild(this, 0, (EnumerableRel) getInput(), pref);
    BlockBuilder builder = new BlockBuilder();
    Expression rows = builder.append("rows", child.block);
    builder.add(Expressions.return_(null, Expressions.call(VecRuntime.class, "profiled",
        DataContext.ROOT, Expressions.constant(targetId), rows)));
    return implementor.result(child.physType, builder.toBlock());
  }

  /**
   * {@code plan} with every Enumerable node under a profiler recording as that node; engine (VEC)
   * subtrees are left as they are (their operators record themselves).
   */
  public static RelNode wrap(RelNode plan) {
    if (!(plan instanceof EnumerableRel)) {
      return plan;
    }
    List<RelNode> inputs = plan.getInputs().stream().map(ProfiledEnumerable::wrap).toList();
    RelNode copy = inputs.equals(plan.getInputs()) ? plan : plan.copy(plan.getTraitSet(), inputs);
    return new ProfiledEnumerable(copy, plan.getId());
  }
}
