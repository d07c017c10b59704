package io.basalt.planner.physical;

import java.util.List;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalCalc;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexUtil;

/**
 * Converts logical filters, projections and calcs (Convention.NONE) over VEC inputs into {@link
 * VecCalc}, when the kernel compiler supports every expression; otherwise the rule does nothing and
 * Calcite's row-at-a-time operator remains the plan. Volcano sees filters and projections as
 * {@code LogicalFilter}/{@code LogicalProject} (Calc merging runs after it), hence three rules.
 */
public final class VecCalcRule extends ConverterRule {
  /** LogicalCalc → VecCalc. */
  public static final ConverterRule CALC = Config.INSTANCE
      .withConversion(LogicalCalc.class, Convention.NONE, VecConvention.INSTANCE, "VecCalcRule")
      .withRuleFactory(VecCalcRule::new)
      .toRule(VecCalcRule.class);

  /** LogicalFilter → VecCalc. */
  public static final ConverterRule FILTER = Config.INSTANCE
      .withConversion(LogicalFilter.class, Convention.NONE, VecConvention.INSTANCE,
          "VecCalcRule(Filter)")
      .withRuleFactory(VecCalcRule::new)
      .toRule(VecCalcRule.class);

  /** LogicalProject → VecCalc. */
  public static final ConverterRule PROJECT = Config.INSTANCE
      .withConversion(LogicalProject.class, Convention.NONE, VecConvention.INSTANCE,
          "VecCalcRule(Project)")
      .withRuleFactory(VecCalcRule::new)
      .toRule(VecCalcRule.class);

  /** All three, for registration. */
  public static final List<ConverterRule> ALL = List.of(CALC, FILTER, PROJECT);

  private VecCalcRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    RelNode input = rel.getInput(0);
    RexProgram program;
    if (rel instanceof LogicalCalc calc) {
      program = calc.getProgram();
    } else if (rel instanceof LogicalFilter filter) {
      if (RexUtil.containsCorrelation(filter.getCondition())) {
        return null;
      }
      program = RexProgram.create(input.getRowType(),
          rel.getCluster().getRexBuilder().identityProjects(input.getRowType()),
          filter.getCondition(), filter.getRowType(), rel.getCluster().getRexBuilder());
    } else if (rel instanceof LogicalProject project) {
      for (RexNode e : project.getProjects()) {
        if (RexUtil.containsCorrelation(e)) {
          return null;
        }
      }
      program = RexProgram.create(input.getRowType(), project.getProjects(), null,
          project.getRowType(), rel.getCluster().getRexBuilder());
    } else {
      return null;
    }
    RelNode vecInput = convert(input, input.getTraitSet().replace(VecConvention.INSTANCE));
    return VecCalc.create(rel.getTraitSet().replace(VecConvention.INSTANCE), vecInput, program);
  }
}
