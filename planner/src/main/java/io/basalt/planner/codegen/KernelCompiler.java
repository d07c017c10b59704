package io.basalt.planner.codegen;

import io.basalt.engine.expr.CalcKernel;
import io.basalt.engine.expr.ConditionKernel;
import java.util.Optional;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;

/**
 * Compiles Calcite expressions into batch kernels for the engine. Empty means "not supported by
 * the vectorized compiler": the planner then keeps the row-at-a-time operator (marked in EXPLAIN).
 */
public final class KernelCompiler {
  private KernelCompiler() {}

  /** A kernel evaluating {@code program} (condition and projections), or empty. */
  public static Optional<CalcKernel> calc(RexProgram program) {
    return Optional.empty();
  }

  /** A kernel evaluating {@code condition} over rows of {@code inputRowType}, or empty. */
  public static Optional<ConditionKernel> condition(RexNode condition, RelDataType inputRowType) {
    return Optional.empty();
  }
}
