package io.basalt.engine.exec;

import io.basalt.engine.expr.CalcKernel;
import io.basalt.engine.pushdown.ParameterValues;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Filter and project (Calcite's Calc) as a streaming operator: copy k reads copy k of its input and
 * applies a compiled {@link CalcKernel} to each batch. Batches where no row passes are skipped, so
 * consumers never see empty batches from here. Order is the input's.
 */
public final class CalcNode implements PhysicalNode {
  private final PhysicalNode input;
  private final Schema schema;
  private final Function<ParameterValues, CalcKernel> binder;
  private final String description;

  /**
   * @param binder the kernel with the parameters of one execution bound (called once per opened
   *     copy; kernels without parameters may ignore its argument)
   * @param description what EXPLAIN ANALYZE and errors show, e.g. the expressions
   */
  public CalcNode(PhysicalNode input, Schema schema, Function<ParameterValues, CalcKernel> binder,
      String description) {
    this.input = input;
    this.schema = schema;
    this.binder = binder;
    this.description = description;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public List<PhysicalNode> inputs() {
    return List.of(input);
  }

  @Override
  public boolean ordered() {
    return input.ordered();
  }

  @Override
  public String name() {
    return "Calc";
  }

  /** What this node computes (for diagnostics). */
  public String description() {
    return description;
  }

  @Override
  public BatchStream open(QueryRun run, int copy) throws Exception {
    CalcKernel kernel = binder.apply(run.context().parameters());
    BatchStream in = input.open(run, copy);
    return new BatchStream() {
      @Override
      public VectorSchemaRoot next() throws IOException {
        while (true) {
          run.context().checkCancelled();
          VectorSchemaRoot batch = in.next();
          if (batch == null) {
            return null;
          }
          VectorSchemaRoot out;
          try (VectorSchemaRoot owned = batch) {
            out = kernel.apply(owned, run.context().allocator());
          }
          if (out.getRowCount() > 0) {
            return out;
          }
          out.close();
        }
      }

      @Override
      public void close() {
        in.close();
      }
    };
  }
}
