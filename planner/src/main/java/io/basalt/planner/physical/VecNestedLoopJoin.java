package io.basalt.planner.physical;

import io.basalt.engine.BasaltEngine;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.join.NestedLoopJoinNode;
import io.basalt.engine.expr.ConditionKernel;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexNode;

/**
 * A join without equi-join keys (cross joins; comparisons against a scalar sub-query's single
 * row, as in TPC-H Q11 and Q22) run by the engine's {@link NestedLoopJoinNode}: the smaller input
 * is materialized and paired with every batch of the other, the condition evaluated by a compiled
 * {@link ConditionKernel}.
 */
public final class VecNestedLoopJoin extends Join implements VecRel {
  private final BasaltEngine engine;

  public VecNestedLoopJoin(RelOptCluster cluster, RelTraitSet traits, RelNode left, RelNode right,
      RexNode condition, Set<CorrelationId> variablesSet, JoinRelType joinType,
      BasaltEngine engine) {
    super(cluster, traits, List.of(), left, right, condition, variablesSet, joinType);
    this.engine = engine;
  }

  /** Whether {@code join} can be a VecNestedLoopJoin (no keys; condition TRUE or compiled). */
  public static boolean supports(Join join) {
    if (!VecJoins.supportedType(join.getJoinType()) || !join.getVariablesSet().isEmpty()
        || !VecJoins.arrowTypes(join)) {
      return false;
    }
    return join.getCondition().isAlwaysTrue()
        || VecJoins.kernel(join, List.of(join.getCondition())).isPresent();
  }

  @Override
  public Join copy(RelTraitSet traitSet, RexNode conditionExpr, RelNode left, RelNode right,
      JoinRelType joinType, boolean semiJoinDone) {
    return new VecNestedLoopJoin(getCluster(), traitSet, left, right, conditionExpr, variablesSet,
        joinType, engine);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    // Every pair is evaluated: the output plus the cross product's size, scaled for batches.
    double left = VecJoins.rows(mq, getLeft());
    double right = VecJoins.rows(mq, getRight());
    double rows = mq.getRowCount(this) + left + right + left * right * 0.1;
    return VecCosts.vectorized(planner.getCostFactory().makeCost(rows, 0, 0));
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("build", VecJoins.buildLeft(this) ? "left" : "right");
  }

  @Override
  public PhysicalNode implement(VecImplementor implementor) {
    boolean buildIsLeft = VecJoins.buildLeft(this);
    PhysicalNode left = implementor.visit(getLeft());
    PhysicalNode right = implementor.visit(getRight());
    ConditionKernel kernel = null;
    int[] columns = null;
    if (!condition.isAlwaysTrue()) {
      kernel = VecJoins.kernel(this, List.of(condition)).orElseThrow(
          () -> new IllegalStateException("join condition no longer compiles: " + condition));
      columns = VecJoins.columns(List.of(condition));
    }
    return new NestedLoopJoinNode(buildIsLeft ? right : left, buildIsLeft ? left : right,
        VecJoins.engineType(joinType, buildIsLeft), buildIsLeft, kernel, columns,
        getRowType().getFieldNames(), getId());
  }

  @Override
  public BasaltEngine engine() {
    return engine;
  }
}
