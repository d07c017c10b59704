package io.basalt.engine.exec;

import java.util.List;
import java.util.function.Function;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Adapts a source that can only be read as one stream (a CSV scan with its own reader threads, a
 * generated table) to parallel copies: the stream is opened once per execution and every copy takes
 * the next batch from it under a lock, so the operators above still run on every worker.
 */
public final class SharedStreamNode implements PhysicalNode {
  private final Schema schema;
  private final String name;
  private final Function<ExecContext, BatchStream> opener;

  /** @param opener opens the one stream of an execution */
  public SharedStreamNode(String name, Schema schema, Function<ExecContext, BatchStream> opener) {
    this.name = name;
    this.schema = schema;
    this.opener = opener;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public List<PhysicalNode> inputs() {
    return List.of();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void prepare(QueryRun run) {
    run.putState(this, new Shared(opener.apply(run.context())));
  }

  @Override
  public BatchStream open(QueryRun run, int copy) {
    Shared shared = run.state(this, Shared.class);
    return new BatchStream() {
      @Override
      public VectorSchemaRoot next() throws java.io.IOException {
        return shared.next();
      }

      @Override
      public void close() {
        // The shared stream closes with the run: other copies may still be reading it.
      }
    };
  }

  private static final class Shared implements AutoCloseable {
    private final BatchStream stream;
    private boolean done;

    Shared(BatchStream stream) {
      this.stream = stream;
    }

    synchronized VectorSchemaRoot next() throws java.io.IOException {
      if (done) {
        return null;
      }
      VectorSchemaRoot b = stream.next();
      if (b == null) {
        done = true;
      }
      return b;
    }

    @Override
    public synchronized void close() {
      done = true;
      stream.close();
    }
  }
}
