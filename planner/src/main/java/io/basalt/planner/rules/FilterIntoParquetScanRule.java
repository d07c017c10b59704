package io.basalt.planner.rules;

import io.basalt.engine.pushdown.ScanPredicate;
import io.basalt.planner.physical.VecTableScan;
import io.basalt.planner.pushdown.RexToScanPredicate;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.rel.logical.LogicalFilter;

/**
 * Gives a Parquet scan the pushable part of the filter above it, so the scan can skip files, row
 * groups and pages that cannot match. The filter stays: skipping works on statistics, and the
 * exact condition is still evaluated on the rows read. Fires once per scan (a scan that already
 * has a predicate is left alone), so it cannot loop.
 *
 * <pre>
 * Filter(a &lt; 5 AND f(b))            Filter(a &lt; 5 AND f(b))
 *   VecTableScan(columns=[a,b])  →    VecTableScan(columns=[a,b], filters=[a &lt; 5])
 * </pre>
 */
public final class FilterIntoParquetScanRule extends RelOptRule {
  public static final FilterIntoParquetScanRule INSTANCE = new FilterIntoParquetScanRule();

  @SuppressWarnings("deprecation")
  private FilterIntoParquetScanRule() {
    super(operand(LogicalFilter.class, operand(VecTableScan.class, none())),
        "FilterIntoParquetScanRule");
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalFilter filter = call.rel(0);
    VecTableScan scan = call.rel(1);
    if (scan.predicate() != null || !scan.parquetTable().engine().config().pushdown()) {
      return;
    }
    ScanPredicate predicate = new RexToScanPredicate(filter.getCluster().getRexBuilder(),
        scan.projection(), scan.parquetTable().dataset().columns()).convert(filter.getCondition());
    if (predicate == null) {
      return;
    }
    call.transformTo(filter.copy(filter.getTraitSet(), scan.withPredicate(predicate),
        filter.getCondition()));
  }
}
