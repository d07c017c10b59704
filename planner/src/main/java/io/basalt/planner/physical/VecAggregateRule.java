package io.basalt.planner.physical;

import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalAggregate;

/**
 * Converts a logical Aggregate to a {@link VecAggregate} when the engine computes every call over
 * the input's types ({@link VecAggregate#supports}) and the input reads a Basalt table (so the plan
 * has an engine to run on); otherwise the aggregate stays with Calcite's Enumerable operator.
 */
public final class VecAggregateRule extends ConverterRule {
  public static final ConverterRule INSTANCE = Config.INSTANCE
      .withConversion(LogicalAggregate.class, Convention.NONE, VecConvention.INSTANCE,
          "VecAggregateRule")
      .withRuleFactory(VecAggregateRule::new)
      .toRule(VecAggregateRule.class);

  private VecAggregateRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    LogicalAggregate agg = (LogicalAggregate) rel;
    if (!VecAggregate.supports(agg)
        || VecValues.Rule.engineOf(agg.getCluster()) == null) {
      return null;
    }
    RelNode input = convert(agg.getInput(),
        agg.getInput().getTraitSet().replace(VecConvention.INSTANCE));
    return new VecAggregate(agg.getCluster(), agg.getTraitSet().replace(VecConvention.INSTANCE),
        input, agg.getGroupSet(), agg.getGroupSets(), agg.getAggCallList());
  }
}
