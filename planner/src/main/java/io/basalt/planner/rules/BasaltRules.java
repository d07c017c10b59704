package io.basalt.planner.rules;

import io.basalt.planner.physical.VecToEnumerableConverterRule;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;

/** Every rule Basalt adds to Calcite's planner, registered once here. */
public final class BasaltRules {
  private BasaltRules() {}

  public static final List<RelOptRule> ALL = List.of(
      ProjectIntoParquetScanRule.INSTANCE,
      FilterIntoParquetScanRule.INSTANCE,
      // Filters above a projection reach the scan too.
      org.apache.calcite.rel.rules.CoreRules.FILTER_PROJECT_TRANSPOSE,
      ProjectIntoCsvScanRule.INSTANCE,
      AggregateIntoCsvScanRule.INSTANCE,
      // Filters and projections over VEC inputs run as compiled batch kernels.
      io.basalt.planner.physical.VecCalcRule.CALC,
      io.basalt.planner.physical.VecCalcRule.FILTER,
      io.basalt.planner.physical.VecCalcRule.PROJECT,
      VecToEnumerableConverterRule.INSTANCE,
      io.basalt.planner.physical.VecJoinRule.INSTANCE,
      io.basalt.planner.physical.VecAggregateRule.INSTANCE,
      io.basalt.planner.physical.VecSortRule.INSTANCE,
      io.basalt.planner.physical.EnumerableToVecConverter.Rule.INSTANCE,
      io.basalt.planner.physical.VecUnion.Rule.INSTANCE,
      io.basalt.planner.physical.VecValues.Rule.INSTANCE,
      io.basalt.planner.physical.VecWindow.Rule.INSTANCE,
      io.basalt.planner.physical.VecIntersect.Rule.INSTANCE,
      io.basalt.planner.physical.VecMinus.Rule.INSTANCE,
      // UNION (distinct) as an aggregate over a UNION ALL, so it can run on the engine.
      org.apache.calcite.rel.rules.CoreRules.UNION_TO_DISTINCT);

  /** Calcite default rules Basalt removes from the cost-based phase (join order is heuristic). */
  public static final List<RelOptRule> VOLCANO_EXCLUDED = List.of(
      org.apache.calcite.rel.rules.CoreRules.JOIN_COMMUTE,
      org.apache.calcite.rel.rules.CoreRules.JOIN_COMMUTE_OUTER,
      org.apache.calcite.rel.rules.CoreRules.JOIN_ASSOCIATE,
      org.apache.calcite.rel.rules.JoinPushThroughJoinRule.LEFT,
      org.apache.calcite.rel.rules.JoinPushThroughJoinRule.RIGHT,
      // Merge joins need sorted inputs; exploring collations for every join multiplies the search
      // space, and a hash join is the better plan for unsorted Parquet data.
      org.apache.calcite.adapter.enumerable.EnumerableRules.ENUMERABLE_MERGE_JOIN_RULE);
}
