package io.basalt.engine.exec;

import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Counts what a node does into the execution's profile under its plan node id (EXPLAIN ANALYZE):
 * output rows and batches, and time spent in prepare and in pulling batches — both including the
 * node's inputs, summed over workers.
 */
public final class ProfiledNode implements PhysicalNode {
  private final PhysicalNode inner;
  private final int profileId;

  public ProfiledNode(PhysicalNode inner, int profileId) {
    this.inner = inner;
    this.profileId = profileId;
  }

  /** The node being profiled. */
  public PhysicalNode inner() {
    return inner;
  }

  @Override
  public Schema schema() {
    return inner.schema();
  }

  @Override
  public List<PhysicalNode> inputs() {
    return inner.inputs();
  }

  @Override
  public boolean ordered() {
    return inner.ordered();
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public void prepare(QueryRun run) throws Exception {
    long start = System.nanoTime();
    try {
      inner.prepare(run);
    } finally {
      run.context().profile().operator(profileId).addNanos(System.nanoTime() - start);
    }
  }

  @Override
  public BatchStream open(QueryRun run, int copy) throws Exception {
    OperatorMetrics metrics = run.context().profile().operator(profileId);
    BatchStream stream = inner.open(run, copy);
    return new BatchStream() {
      @Override
      public VectorSchemaRoot next() throws java.io.IOException {
        long start = System.nanoTime();
        VectorSchemaRoot b = stream.next();
        metrics.addNanos(System.nanoTime() - start);
        if (b != null) {
          metrics.addBatch(b.getRowCount());
        }
        return b;
      }

      @Override
      public void close() {
        stream.close();
      }
    };
  }
}
