package io.basalt.planner.physical;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;

/** Converts any VEC node to the Enumerable convention through a {@link VecToEnumerableConverter}. */
public final class VecToEnumerableConverterRule extends ConverterRule {
  public static final ConverterRule INSTANCE = Config.INSTANCE
      .withConversion(RelNode.class, VecConvention.INSTANCE, EnumerableConvention.INSTANCE,
          "VecToEnumerableConverterRule")
      .withRuleFactory(VecToEnumerableConverterRule::new)
      .toRule(VecToEnumerableConverterRule.class);

  private VecToEnumerableConverterRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    return new VecToEnumerableConverter(rel.getCluster(),
        rel.getTraitSet().replace(EnumerableConvention.INSTANCE), rel);
  }
}
