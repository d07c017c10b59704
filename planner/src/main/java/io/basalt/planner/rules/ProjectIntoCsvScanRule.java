package io.basalt.planner.rules;

import io.basalt.planner.physical.VecCsvScan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Narrows a CSV scan to the columns a Project above it uses, so that unused fields are split but
 * never converted. Fires only when the projection is strictly narrower, so it cannot loop.
 *
 * <pre>
 * Project(a + 1, c)               Project($0 + 1, $1)
 *   VecCsvScan(columns=[a,b,c])  →  VecCsvScan(columns=[a,c])
 * </pre>
 */
public final class ProjectIntoCsvScanRule extends RelOptRule {
  public static final ProjectIntoCsvScanRule INSTANCE = new ProjectIntoCsvScanRule();

  @SuppressWarnings("deprecation")
  private ProjectIntoCsvScanRule() {
    super(operand(LogicalProject.class, operand(VecCsvScan.class, none())), "ProjectIntoCsvScanRule");
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalProject project = call.rel(0);
    VecCsvScan scan = call.rel(1);
    ImmutableBitSet used = RelOptUtil.InputFinder.bits(project.getProjects(), null);
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
    RexShuttle shuttle = new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef ref) {
        return new RexInputRef(remap.get(ref.getIndex()), ref.getType());
      }
    };
    List<RexNode> projects = new ArrayList<>();
    for (RexNode e : project.getProjects()) {
      projects.add(e.accept(shuttle));
    }
    call.transformTo(project.copy(project.getTraitSet(), scan.withProjection(narrowed), projects,
        project.getRowType()));
  }
}
