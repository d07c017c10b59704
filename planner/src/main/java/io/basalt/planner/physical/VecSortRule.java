package io.basalt.planner.physical;

import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/** Converts a logical ORDER BY / LIMIT / OFFSET into a {@link VecSort}. */
public final class VecSortRule extends ConverterRule {
  public static final ConverterRule INSTANCE = Config.INSTANCE
      .withConversion(LogicalSort.class, VecSortRule::supported, Convention.NONE,
          VecConvention.INSTANCE, "VecSortRule")
      .withRuleFactory(VecSortRule::new)
      .toRule(VecSortRule.class);

  private VecSortRule(Config config) {
    super(config);
  }

  private static boolean supported(Sort sort) {
    return bound(sort.offset) && bound(sort.fetch);
  }

  private static boolean bound(RexNode n) {
    return n == null || n instanceof RexDynamicParam || n instanceof RexLiteral;
  }

  @Override
  public RelNode convert(RelNode rel) {
    Sort sort = (Sort) rel;
    RelNode input = sort.getInput();
    // The input in VEC, whatever its order: the sort makes its own (a limit keeps the input's,
    // which Calcite expresses through the collation of a sort below it).
    RelNode vecInput = convert(input, input.getTraitSet().replace(VecConvention.INSTANCE));
    return new VecSort(sort.getCluster(), sort.getTraitSet().replace(VecConvention.INSTANCE),
        vecInput, sort.getCollation(), sort.offset, sort.fetch);
  }
}
