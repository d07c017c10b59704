package io.basalt.planner.physical;

import io.basalt.engine.BasaltEngine;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.join.HashJoinNode;
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
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.Util;

/**
 * An equi-join run by the engine's {@link HashJoinNode}: the smaller input (by estimate, when the
 * join type allows either) is built into a hash table on the equi-join keys, the other streamed
 * through it in parallel. Non-equi parts of the condition are a residual evaluated by a compiled
 * {@link ConditionKernel} on the key matches.
 */
public final class VecHashJoin extends Join implements VecRel {
  private final BasaltEngine engine;

  public VecHashJoin(RelOptCluster cluster, RelTraitSet traits, RelNode left, RelNode right,
      RexNode condition, Set<CorrelationId> variablesSet, JoinRelType joinType,
      BasaltEngine engine) {
    super(cluster, traits, List.of(), left, right, condition, variablesSet, joinType);
    this.engine = engine;
  }

  /**
   * Whether {@code join} can be a VecHashJoin: a supported type, equi-join keys of comparable
   * types, Arrow-typed columns and a residual the kernel compiler handles (none, or compiled).
   */
  public static boolean supports(Join join) {
    if (!VecJoins.supportedType(join.getJoinType()) || !join.getVariablesSet().isEmpty()
        || !VecJoins.arrowTypes(join)) {
      return false;
    }
    JoinInfo info = join.analyzeCondition();
    if (info.leftKeys.isEmpty() || !VecJoins.keysCompatible(join, info)) {
      return false;
    }
    return info.nonEquiConditions.isEmpty()
        || VecJoins.kernel(join, info.nonEquiConditions).isPresent();
  }

  @Override
  public Join copy(RelTraitSet traitSet, RexNode conditionExpr, RelNode left, RelNode right,
      JoinRelType joinType, boolean semiJoinDone) {
    return new VecHashJoin(getCluster(), traitSet, left, right, conditionExpr, variablesSet,
        joinType, engine);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    // EnumerableHashJoin's formula (output rows + left n log n + right), scaled for vectorized
    // execution.
    double rowCount = mq.getRowCount(this);
    double left = VecJoins.rows(mq, getLeft());
    double right = VecJoins.rows(mq, getRight());
    rowCount += Double.isInfinite(left) ? left : Util.nLogN(left);
    rowCount += right;
    RelOptCost cost = planner.getCostFactory().makeCost(rowCount, 0, 0);
    if (isSemiJoin()) {
      cost = cost.multiplyBy(.01d);
    }
    return VecCosts.vectorized(cost);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("build", VecJoins.buildLeft(this) ? "left" : "right");
  }

  /**
   * Whether hash joins send their build keys to probe-side scans ({@link RuntimeFilterTargets});
   * {@code -Dbasalt.runtimeFilters=false} turns it off to compare.
   */
  static final boolean RUNTIME_FILTERS =
      !"false".equals(System.getProperty("basalt.runtimeFilters"));

  @Override
  public PhysicalNode implement(VecImplementor implementor) {
    JoinInfo info = analyzeCondition();
    boolean buildIsLeft = VecJoins.buildLeft(this);
    int leftMark = implementor.scanMark();
    PhysicalNode left = implementor.visit(getLeft());
    int rightMark = implementor.scanMark();
    PhysicalNode right = implementor.visit(getRight());
    int endMark = implementor.scanMark();
    int[] leftKeys = info.leftKeys.toIntArray();
    int[] rightKeys = info.rightKeys.toIntArray();
    boolean[] nullSafe = new boolean[leftKeys.length];
    for (int i = 0; i < nullSafe.length; i++) {
      nullSafe[i] = !info.nullExclusionFlags.get(i);
    }
    ConditionKernel residual = null;
    int[] residualColumns = null;
    if (!info.nonEquiConditions.isEmpty()) {
      residual = VecJoins.kernel(this, info.nonEquiConditions).orElseThrow(
          () -> new IllegalStateException("residual condition no longer compiles: "
              + info.nonEquiConditions));
      residualColumns = VecJoins.columns(info.nonEquiConditions);
    }
    HashJoinNode join = new HashJoinNode(buildIsLeft ? right : left, buildIsLeft ? left : right,
        buildIsLeft ? rightKeys : leftKeys, buildIsLeft ? leftKeys : rightKeys, nullSafe,
        VecJoins.engineType(joinType, buildIsLeft), buildIsLeft, residual, residualColumns,
        getRowType().getFieldNames(), getId());
    if (RUNTIME_FILTERS) {
      if (buildIsLeft) {
        RuntimeFilterTargets.register(implementor, rightMark, endMark, join, getRight(),
            rightKeys);
      } else {
        // Up to rightMark only: the build side may scan the same table (TPC-H Q2's partsupp).
        RuntimeFilterTargets.register(implementor, leftMark, rightMark, join, getLeft(),
            leftKeys);
      }
    }
    return join;
  }

  @Override
  public BasaltEngine engine() {
    return engine;
  }
}
