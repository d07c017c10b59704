package io.basalt.planner.physical;

import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.setop.HashSetOpNode;
import java.util.List;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.Minus;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.logical.LogicalMinus;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/** EXCEPT [ALL] on the engine ({@link HashSetOpNode}); see {@link VecIntersect}. */
public final class VecMinus extends Minus implements VecRel {
  public VecMinus(RelOptCluster cluster, RelTraitSet traits, List<RelNode> inputs, boolean all) {
    super(cluster, traits, List.of(), inputs, all);
  }

  @Override
  public SetOp copy(RelTraitSet traitSet, List<RelNode> inputs, boolean all) {
    return new VecMinus(getCluster(), traitSet, inputs, all);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    return VecCosts.vectorized(super.computeSelfCost(planner, mq));
  }

  @Override
  public PhysicalNode implement(VecImplementor implementor) {
    return VecIntersect.implementSetOp(implementor, this, false);
  }

  /** LogicalMinus to {@link VecMinus}. */
  public static final class Rule extends ConverterRule {
    public static final ConverterRule INSTANCE = Config.INSTANCE
        .withConversion(LogicalMinus.class, VecIntersect::supported, Convention.NONE,
            VecConvention.INSTANCE, "VecMinusRule")
        .withRuleFactory(Rule::new)
        .toRule(Rule.class);

    private Rule(Config config) {
      super(config);
    }

    @Override
    public RelNode convert(RelNode rel) {
      SetOp op = (SetOp) rel;
      return new VecMinus(op.getCluster(), op.getTraitSet().replace(VecConvention.INSTANCE),
          VecIntersect.vecInputs(op), op.all);
    }
  }
}
