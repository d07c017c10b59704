package io.basalt.engine.exec;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A breaker's finished output (aggregated groups, joined build rows, a union's inputs...) handed
 * out batch by batch to whichever copy of the reading pipeline asks: each batch goes to exactly
 * one reader, who then owns it. Kept as run state; closing releases batches nobody took.
 * Thread-safe.
 */
public final class SharedBatches implements AutoCloseable {
  private final List<VectorSchemaRoot> batches;
  private int next;

  /** Takes ownership of {@code batches}. */
  public SharedBatches(List<VectorSchemaRoot> batches) {
    this.batches = new ArrayList<>(batches);
  }

  /** The next batch (caller owns it), or null when all were taken. */
  public synchronized VectorSchemaRoot take() {
    if (next >= batches.size()) {
      return null;
    }
    VectorSchemaRoot b = batches.get(next);
    batches.set(next++, null);
    return b;
  }

  /** A stream over {@link #take}: what {@link PhysicalNode#open} of a breaker returns. */
  public BatchStream stream() {
    return new BatchStream() {
      @Override
      public VectorSchemaRoot next() {
        return take();
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public synchronized void close() {
    for (int i = next; i < batches.size(); i++) {
      if (batches.get(i) != null) {
        batches.get(i).close();
      }
    }
    next = batches.size();
  }
}
