package io.basalt.planner.rules;

import io.basalt.planner.physical.VecToEnumerableConverterRule;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;

/** Every rule Basalt adds to Calcite's planner, registered once here. */
public final class BasaltRules {
  private BasaltRules() {}

  public static final List<RelOptRule> ALL = List.of(
      ProjectIntoParquetScanRule.INSTANCE,
      VecToEnumerableConverterRule.INSTANCE);
}
