package io.basalt.planner.rules;

import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.ImmutableBitSet;

/** Small helpers shared by Basalt's planner rules. */
final class RelOptUtilHelper {
  private RelOptUtilHelper() {}

  /** The input fields referenced anywhere in {@code expressions}. */
  static ImmutableBitSet inputRefs(List<RexNode> expressions) {
    return RelOptUtil.InputFinder.bits(expressions, null);
  }
}
