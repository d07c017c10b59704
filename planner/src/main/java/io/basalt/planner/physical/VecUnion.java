package io.basalt.planner.physical;

import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.setop.UnionAllNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.logical.LogicalUnion;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * UNION ALL on the engine ({@link UnionAllNode}): every input read by all workers, nothing
 * buffered. UNION (distinct) is rewritten by Calcite into an aggregate over a UNION ALL
 * ({@code CoreRules.UNION_TO_DISTINCT}, registered in {@code BasaltRules}).
 */
public final class VecUnion extends Union implements VecRel {
  public VecUnion(RelOptCluster cluster, RelTraitSet traits, List<RelNode> inputs) {
    super(cluster, traits, List.of(), inputs, true);
  }

  @Override
  public SetOp copy(RelTraitSet traitSet, List<RelNode> inputs, boolean all) {
    if (!all) {
      throw new IllegalArgumentException("VecUnion is UNION ALL only");
    }
    return new VecUnion(getCluster(), traitSet, inputs);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    return VecCosts.vectorized(super.computeSelfCost(planner, mq));
  }

  @Override
  public PhysicalNode implement(VecImplementor implementor) {
    List<PhysicalNode> in = new ArrayList<>();
    for (RelNode input : getInputs()) {
      in.add(implementor.visit(input));
    }
    return new UnionAllNode(in.get(0).schema(), in);
  }

  /** LogicalUnion ALL to {@link VecUnion}. */
  public static final class Rule extends ConverterRule {
    public static final ConverterRule INSTANCE = Config.INSTANCE
        .withConversion(LogicalUnion.class, u -> u.all, Convention.NONE, VecConvention.INSTANCE,
            "VecUnionRule")
        .withRuleFactory(Rule::new)
        .toRule(Rule.class);

    private Rule(Config config) {
      super(config);
    }

    @Override
    public RelNode convert(RelNode rel) {
      Union union = (Union) rel;
      List<RelNode> inputs = new ArrayList<>();
      for (RelNode input : union.getInputs()) {
        inputs.add(convert(input, input.getTraitSet().replace(VecConvention.INSTANCE)));
      }
      return new VecUnion(union.getCluster(), union.getTraitSet().replace(VecConvention.INSTANCE),
          inputs);
    }
  }
}
