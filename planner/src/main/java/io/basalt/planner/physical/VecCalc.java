package io.basalt.planner.physical;

import io.basalt.engine.exec.CalcNode;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.planner.codegen.KernelCompiler;
import io.basalt.planner.types.SqlArrowTypes;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexProgram;

/**
 * Filter and project in the engine: the program's condition and projections compiled into one
 * fused batch loop ({@link KernelCompiler}), run by a streaming {@link CalcNode}. Created only for
 * programs the compiler supports ({@link VecCalcRule}).
 */
public final class VecCalc extends Calc implements VecRel {
  /** The compiled program; null only if a rewrite produced a program the compiler rejects. */
  private final KernelCompiler.Compiled compiled;

  /** A VecCalc of {@code program}, which the caller checked {@link KernelCompiler} supports. */
  public VecCalc(RelOptCluster cluster, RelTraitSet traits, RelNode input, RexProgram program,
      KernelCompiler.Compiled compiled) {
    super(cluster, traits, List.of(), input, program);
    this.compiled = compiled;
  }

  /** A VecCalc of {@code program}, or null when the compiler does not support it. */
  public static VecCalc create(RelTraitSet traits, RelNode input, RexProgram program) {
    return KernelCompiler.compileCalc(program)
        .map(c -> new VecCalc(input.getCluster(), traits, input, program, c))
        .orElse(null);
  }

  @Override
  public Calc copy(RelTraitSet traitSet, RelNode child, RexProgram program) {
    // Rules after Volcano (calc merging) may combine programs; a combination of supported
    // expressions is supported, and implement() reports it otherwise.
    KernelCompiler.Compiled c = program.equals(this.program) ? compiled
        : KernelCompiler.compileCalc(program).orElse(null);
    return new VecCalc(getCluster(), traitSet, child, program, c);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    return VecCosts.vectorized(super.computeSelfCost(planner, mq));
  }

  @Override
  public PhysicalNode implement(VecImplementor implementor) {
    if (compiled == null) {
      throw new IllegalStateException("VecCalc program is not supported by the kernel compiler: "
          + KernelCompiler.unsupportedReason(program));
    }
    KernelCompiler.Compiled c = compiled;
    return new CalcNode(implementor.visit(getInput()), SqlArrowTypes.schema(getRowType()),
        c::bind, program.toString());
  }
}
