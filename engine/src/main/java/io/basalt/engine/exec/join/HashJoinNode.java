package io.basalt.engine.exec.join;

import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.expr.ConditionKernel;
import java.util.List;

/**
 * Hash join on equi-join keys, every join type ({@link JoinType}): the build input is drained in
 * parallel into one hash table (run state), then every copy of the probe input streams through
 * it. Keys compared with {@code =} never match when NULL; keys marked null-safe ({@code IS NOT
 * DISTINCT FROM}) match NULL to NULL. An optional residual condition decides which key matches
 * count as matches. See {@link JoinNode} for the batch-level algorithm. When the build side does
 * not fit its share of memory_limit, both inputs are partitioned to disk and joined partition by
 * partition ({@code GraceJoin}).
 */
public final class HashJoinNode extends JoinNode {
  /**
   * @param probe the streamed input
   * @param build the materialized input
   * @param probeKeys key columns of the probe input
   * @param buildKeys key columns of the build input, pairwise equal-typed with {@code probeKeys}
   * @param nullSafe per key, whether NULL equals NULL
   * @param type the join kind relative to probe and build
   * @param buildIsLeft whether the build input is the plan's left input (output layout)
   * @param residual extra condition over the left ++ right columns of a pair, or null
   * @param residualColumns the left ++ right columns {@code residual} reads (null: all)
   * @param outputNames output column names (null: the inputs')
   * @param profileId the plan node id counters are recorded under, or -1
   */
  public HashJoinNode(PhysicalNode probe, PhysicalNode build, int[] probeKeys, int[] buildKeys,
      boolean[] nullSafe, JoinType type, boolean buildIsLeft, ConditionKernel residual,
      int[] residualColumns, List<String> outputNames, int profileId) {
    super(probe, build, probeKeys, buildKeys, nullSafe, type, buildIsLeft, residual,
        residualColumns, outputNames, profileId);
    if (probeKeys.length == 0) {
      throw new IllegalArgumentException("a hash join needs at least one key; use a nested loop");
    }
  }

  @Override
  public String name() {
    return "HashJoin";
  }
}
