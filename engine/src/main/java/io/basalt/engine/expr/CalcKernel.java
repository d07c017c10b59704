package io.basalt.engine.expr;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A compiled filter-and-project over batches of one input schema (Calcite's Calc): typed loops,
 * generated once per plan, evaluating a batch at a time. Instances may be shared by worker threads
 * (they keep no per-batch state).
 */
public interface CalcKernel {
  /**
   * The rows of {@code in} for which the condition is TRUE (all rows without a condition),
   * projected into new vectors allocated from {@code allocator}; the caller owns the result (it may
   * have zero rows) and still owns {@code in}. Without a condition, columns projected unchanged
   * may take over the buffers of {@code in}'s vectors instead of copying them (leaving those
   * vectors empty): read {@code in} before calling, close it after.
   */
  VectorSchemaRoot apply(VectorSchemaRoot in, BufferAllocator allocator);
}
