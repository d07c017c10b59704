package io.basalt.planner.physical;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;

/**
 * Converts an Enumerable node to the VEC convention through an {@link EnumerableToVecConverter}, so
 * that a VEC operator (an aggregate) can run over a row-at-a-time input (a Calc, a join) until
 * that input has a vectorized operator of its own.
 */
public final class EnumerableToVecConverterRule extends ConverterRule {
  public static final ConverterRule INSTANCE = Config.INSTANCE
      .withConversion(RelNode.class, EnumerableConvention.INSTANCE, VecConvention.INSTANCE,
          "EnumerableToVecConverterRule")
      .withRuleFactory(EnumerableToVecConverterRule::new)
      .toRule(EnumerableToVecConverterRule.class);

  private EnumerableToVecConverterRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    return new EnumerableToVecConverter(rel.getCluster(),
        rel.getTraitSet().replace(VecConvention.INSTANCE), rel);
  }
}
