package io.basalt.engine.exec.setop;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.QueryRun;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * UNION ALL: streaming; copy {@code c} reads copy {@code c} of each input in turn, so every input
 * is read by all workers at once and nothing is buffered. An ordered input (a sort below the
 * union) produces its rows from its copy 0 only, which copy 0 of the union reads.
 */
public final class UnionAllNode implements PhysicalNode {
  private final Schema schema;
  private final List<PhysicalNode> inputs;

  public UnionAllNode(Schema schema, List<PhysicalNode> inputs) {
    this.schema = schema;
    this.inputs = List.copyOf(inputs);
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public List<PhysicalNode> inputs() {
    return inputs;
  }

  @Override
  public String name() {
    return "UnionAll";
  }

  @Override
  public BatchStream open(QueryRun run, int copy) {
    return new BatchStream() {
      private int input = -1;
      private BatchStream current;

      @Override
      public VectorSchemaRoot next() throws java.io.IOException {
        while (true) {
          if (current == null) {
            if (!advance()) {
              return null;
            }
            continue;
          }
          VectorSchemaRoot b = current.next();
          if (b != null) {
            return b;
          }
          current.close();
          current = null;
        }
      }

      /** Opens the next input this copy has a copy of; false when none is left. */
      private boolean advance() throws java.io.IOException {
        while (++input < inputs.size()) {
          PhysicalNode in = inputs.get(input);
          if (copy < run.copies(in)) {
            try {
              current = in.open(run, copy);
            } catch (java.io.IOException | RuntimeException e) {
              throw e;
            } catch (Exception e) {
              throw new java.io.IOException(e.getMessage(), e);
            }
            return true;
          }
        }
        return false;
      }

      @Override
      public void close() {
        if (current != null) {
          current.close();
          current = null;
        }
        input = inputs.size();
      }
    };
  }
}
