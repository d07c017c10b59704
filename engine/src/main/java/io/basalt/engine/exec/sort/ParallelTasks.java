package io.basalt.engine.exec.sort;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.QueryRun;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Runs independent tasks 0..n-1 on the run's workers (a breaker's parallel phases after its input
 * is drained: encoding keys, sorting runs, building output batches). Uses {@link QueryRun#drain}
 * over a node that produces no rows, so the query's thread budget, failure propagation and
 * cancellation are the executor's own.
 */
public final class ParallelTasks {
  /** One task; may throw. */
  @FunctionalInterface
  public interface Task {
    void run(int index) throws Exception;
  }

  private ParallelTasks() {}

  /** Set while a worker runs a breaker's work inline (see {@link #inline}). */
  private static final ThreadLocal<Boolean> INLINE = ThreadLocal.withInitial(() -> false);

  /**
   * Runs {@code body} with every {@link #run} inside it executed on the calling thread: for work
   * done by a worker while it produces output (a spilled window evaluating one partition), where
   * handing tasks to the other workers could wait for a worker that is waiting itself.
   */
  public static <T> T inline(java.util.concurrent.Callable<T> body) throws Exception {
    boolean was = INLINE.get();
    INLINE.set(true);
    try {
      return body.call();
    } finally {
      INLINE.set(was);
    }
  }

  public static void run(QueryRun run, int tasks, Task task) throws Exception {
    if (tasks <= 1 || run.threads() == 1 || INLINE.get()) {
      for (int i = 0; i < tasks; i++) {
        run.context().checkCancelled();
        task.run(i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    PhysicalNode node = new PhysicalNode() {
      @Override
      public Schema schema() {
        return new Schema(List.of());
      }

      @Override
      public List<PhysicalNode> inputs() {
        return List.of();
      }

      @Override
      public BatchStream open(QueryRun r, int copy) throws Exception {
        int i;
        while ((i = next.getAndIncrement()) < tasks) {
          r.context().checkCancelled();
          task.run(i);
        }
        return new BatchStream() {
          @Override
          public org.apache.arrow.vector.VectorSchemaRoot next() {
            return null;
          }

          @Override
          public void close() {}
        };
      }

      @Override
      public String name() {
        return "SortTasks";
      }
    };
    run.drain(node, copy -> batch -> batch.close());
  }
}
