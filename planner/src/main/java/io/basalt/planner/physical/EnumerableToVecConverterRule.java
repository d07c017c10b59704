package io.basalt.planner.physical;

import io.basalt.engine.BasaltEngine;
import io.basalt.planner.types.SqlArrowTypes;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;

/**
 * Lets a VEC operator read an Enumerable input through an {@link EnumerableToVecConverter} —
 * only for inputs whose columns have Arrow types and whose subtree reaches a Basalt table (the
 * engine the batches belong to).
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
    try {
      SqlArrowTypes.schema(rel.getRowType());
    } catch (UnsupportedOperationException e) {
      return null;
    }
    BasaltEngine engine = EnginesInPlan.find(rel);
    if (engine == null) {
      return null;
    }
    return new EnumerableToVecConverter(rel.getCluster(),
        rel.getTraitSet().replace(VecConvention.INSTANCE), rel, engine);
  }
}
