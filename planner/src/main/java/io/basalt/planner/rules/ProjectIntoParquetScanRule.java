package io.basalt.planner.rules;

import io.basalt.planner.physical.VecTableScan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Narrows a scan to the columns a Project above it uses, so that unused columns are never read or
 * decoded. Fires only when the projection is strictly narrower, so it cannot loop.
 *
 * <pre>
 * Project(a + 1, c)                 Project($0 + 1, $1)
 *   VecTableScan(columns=[a,b,c])  →  VecTableScan(columns=[a,c])
 * </pre>
 */
public final class ProjectIntoParquetScanRule extends RelOptRule {
  public static final ProjectIntoParquetScanRule INSTANCE = new ProjectIntoParquetScanRule();

  @SuppressWarnings("deprecation")
  private ProjectIntoParquetScanRule() {
    super(operand(LogicalProject.class, operand(VecTableScan.class, none())),
        "ProjectIntoParquetScanRule");
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalProject project = call.rel(0);
    VecTableScan scan = call.rel(1);
    ImmutableBitSet used = RelOptUtil.InputFinder.bits(project.getProjects(), null);
    int[] old = scan.projection();
    if (used.cardinality() >= old.length) {
      return;
    }
    int[] narrowed = new int[used.cardinality()];
    Map<Integer, Integer> remap = new LinkedHashMap<>();
    int i = 0;
    for (int field : used) {
      narrowed[i] = old[field];
      remap.put(field, i++);
    }
    VecTableScan newScan = scan.withProjection(narrowed);
    List<RexNode> projects = new ArrayList<>();
    RexShuttle shuttle = new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef ref) {
        return new RexInputRef(remap.get(ref.getIndex()), ref.getType());
      }
    };
    for (RexNode e : project.getProjects()) {
      projects.add(e.accept(shuttle));
    }
    RelNode result = project.copy(project.getTraitSet(), newScan, projects, project.getRowType());
    call.transformTo(result);
  }
}
