package io.basalt.engine.expr;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A compiled boolean expression over batches of one input schema: a join's residual condition, a
 * filter. Thread-safe like {@link CalcKernel}.
 */
public interface ConditionKernel {
  /**
   * Writes to {@code selection} the indexes (ascending) of the rows of {@code in} where the
   * condition is TRUE — not FALSE, not NULL — and returns how many there are. {@code selection}
   * has room for every row.
   */
  int select(VectorSchemaRoot in, int[] selection);
}
