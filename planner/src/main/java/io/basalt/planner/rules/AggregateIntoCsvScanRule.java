package io.basalt.planner.rules;

import io.basalt.planner.physical.VecCsvScan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.mapping.Mappings;

/**
 * Narrows a CSV scan directly under an Aggregate to the columns the aggregate uses, so that {@code
 * SELECT count(*) FROM t} converts no field at all and {@code SELECT k, sum(v) FROM t GROUP BY k}
 * only two (Calcite puts no Project between an Aggregate and its scan in those cases, so {@link
 * ProjectIntoCsvScanRule} cannot help). Fires only when strictly narrower.
 *
 * <pre>
 * Aggregate(group={}, COUNT())         Aggregate(group={}, COUNT())
 *   VecCsvScan(columns=[a,b,c])   →      VecCsvScan(columns=[])
 * </pre>
 */
public final class AggregateIntoCsvScanRule extends RelOptRule {
  public static final AggregateIntoCsvScanRule INSTANCE = new AggregateIntoCsvScanRule();

  @SuppressWarnings("deprecation")
  private AggregateIntoCsvScanRule() {
    super(operand(LogicalAggregate.class, operand(VecCsvScan.class, none())), "AggregateIntoCsvScanRule");
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalAggregate aggregate = call.rel(0);
    VecCsvScan scan = call.rel(1);
    ImmutableBitSet.Builder usedBuilder = aggregate.getGroupSet().rebuild();
    for (AggregateCall c : aggregate.getAggCallList()) {
      if (!c.rexList.isEmpty()) {
        return; // arguments given as expressions: leave such calls alone
      }
      usedBuilder.addAll(c.getArgList());
      if (c.filterArg >= 0) {
        usedBuilder.set(c.filterArg);
      }
      for (RelFieldCollation f : c.collation.getFieldCollations()) {
        usedBuilder.set(f.getFieldIndex());
      }
    }
    ImmutableBitSet used = usedBuilder.build();
    int[] old = scan.projection();
    if (used.cardinality() >= old.length) {
      return;
    }
    int[] narrowed = new int[used.cardinality()];
    Map<Integer, Integer> remap = new HashMap<>();
    int i = 0;
    for (int field : used) {
      narrowed[i] = old[field];
      remap.put(field, i++);
    }
    Mappings.TargetMapping mapping = Mappings.target(remap, old.length, narrowed.length);
    ImmutableBitSet groupSet = aggregate.getGroupSet().permute(remap);
    List<ImmutableBitSet> groupSets = aggregate.getGroupSets().stream()
        .map(g -> g.permute(remap)).toList();
    List<AggregateCall> calls = aggregate.getAggCallList().stream().map(c -> c.transform(mapping)).toList();
    call.transformTo(aggregate.copy(aggregate.getTraitSet(), scan.withProjection(narrowed), groupSet,
        groupSets, calls));
  }
}
