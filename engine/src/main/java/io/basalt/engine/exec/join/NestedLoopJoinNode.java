package io.basalt.engine.exec.join;

import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.expr.ConditionKernel;
import java.util.List;

/**
 * Join without equi-join keys (cross joins, {@code >} against a scalar sub-query's one row): the
 * build input is materialized, and every probe batch is paired with every build row in chunks of
 * at most one batch of pairs, filtered by the condition's {@link ConditionKernel} (none: a cross
 * product). Meant for a small build side. All {@link JoinType}s but {@link
 * JoinType#NULL_AWARE_ANTI}.
 */
public final class NestedLoopJoinNode extends JoinNode {
  /**
   * @param condition the join condition over the left ++ right columns, or null (cross join)
   * @param conditionColumns the left ++ right columns it reads (null: all)
   * @see HashJoinNode#HashJoinNode for the other parameters
   */
  public NestedLoopJoinNode(PhysicalNode probe, PhysicalNode build, JoinType type,
      boolean buildIsLeft, ConditionKernel condition, int[] conditionColumns,
      List<String> outputNames, int profileId) {
    super(probe, build, new int[0], new int[0], new boolean[0], type, buildIsLeft, condition,
        conditionColumns, outputNames, profileId);
  }

  @Override
  public String name() {
    return "NestedLoopJoin";
  }
}
