package io.basalt.planner.physical;

import org.apache.calcite.plan.RelOptCost;

/**
 * How VEC operators are costed against Calcite's row-at-a-time Enumerable operators: the same
 * formula, scaled down, so that Volcano prefers the vectorized operator wherever one applies and
 * the relative cost of VEC alternatives (join orders, build sides) is still Calcite's.
 */
public final class VecCosts {
  /** A vectorized operator's cost as a fraction of its row-at-a-time counterpart's. */
  public static final double FACTOR = 0.5;

  private VecCosts() {}

  /** {@code rowAtATimeCost} scaled for a VEC operator; null stays null. */
  public static RelOptCost vectorized(RelOptCost rowAtATimeCost) {
    return rowAtATimeCost == null ? null : rowAtATimeCost.multiplyBy(FACTOR);
  }
}
