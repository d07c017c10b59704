package io.basalt.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * Parallel copies run on the shared worker threads: reused from one query to the next, stopped
 * and waited for when their query closes, and handed back without a stray interrupt.
 */
class QueryRunTest {
  /** A source producing no rows whose copies note their thread, optionally blocking until stopped. */
  private static final class ProbeSource implements PhysicalNode {
    final Map<Integer, Thread> threads = new ConcurrentHashMap<>();
    final Map<Integer, Boolean> interruptedAtStart = new ConcurrentHashMap<>();
    final CountDownLatch started;
    final CountDownLatch exited;
    final boolean block;

    ProbeSource(int copies, boolean block) {
      this.started = new CountDownLatch(copies);
      this.exited = new CountDownLatch(copies);
      this.block = block;
    }

    @Override
    public Schema schema() {
      return new Schema(List.of());
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of();
    }

    @Override
    public BatchStream open(QueryRun run, int copy) {
      threads.put(copy, Thread.currentThread());
      interruptedAtStart.put(copy, Thread.currentThread().isInterrupted());
      return new BatchStream() {
        @Override
        public VectorSchemaRoot next() {
          // Counted here, not in open: a copy interrupted between open and its first next()
          // ends without reaching next(), and the test waits on copies that are inside next().
          started.countDown();
          try {
            while (block) {
              Thread.sleep(10_000); // only an interrupt ends it
            }
            return null;
          } catch (InterruptedException e) {
            throw new ExecContext.QueryCancelledException();
          } finally {
            exited.countDown();
          }
        }

        @Override
        public void close() {}
      };
    }
  }

  private static QueryRun run(RootAllocator allocator, int threads) {
    return new QueryRun(new ExecContext(allocator, 1024, new AtomicBoolean()), threads);
  }

  @Test
  void workerThreadsServeOneQueryAfterAnother() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      ProbeSource first = new ProbeSource(2, false);
      try (QueryRun run = run(allocator, 2)) {
        run.drain(first, copy -> batch -> batch.close());
      }
      Thread worker = first.threads.get(1);
      assertNotSame(Thread.currentThread(), worker, "copy 1 runs on a worker");
      assertTrue(worker.getName().startsWith("basalt-worker-"), worker.getName());
      // The worker goes back to the pool just after its task's result is published.
      Thread.sleep(200);
      ProbeSource second = new ProbeSource(2, false);
      try (QueryRun run = run(allocator, 2)) {
        run.drain(second, copy -> batch -> batch.close());
      }
      assertSame(worker, second.threads.get(1), "the next query reuses the idle worker");
      assertFalse(worker.getName().contains(" q"), "the query's name is taken off the thread");
    }
  }

  @Test
  void closeInterruptsRunningCopiesWaitsForThemAndLeavesNoInterruptBehind() throws Exception {
    Thread.interrupted(); // whatever an earlier test left behind: this one sets its own
    try (RootAllocator allocator = new RootAllocator()) {
      ProbeSource blocking = new ProbeSource(2, true);
      QueryRun run = run(allocator, 2);
      BatchStream gathered = run.gather(blocking);
      assertTrue(blocking.started.await(10, TimeUnit.SECONDS), "both copies started");
      long start = System.nanoTime();
      Thread.currentThread().interrupt(); // a cancelled caller closing: close still waits
      run.close();
      assertTrue(Thread.interrupted(), "close keeps the caller's interrupt");
      assertEquals(0, blocking.exited.getCount(), "close returned only after both copies ended");
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "interrupted, not waited out");
      gathered.close();

      Thread.sleep(200);
      ProbeSource next = new ProbeSource(2, false);
      try (QueryRun again = run(allocator, 2)) {
        again.drain(next, copy -> batch -> batch.close());
      }
      assertEquals(Boolean.FALSE, next.interruptedAtStart.get(1),
          "a worker starts the next query's task without the old run's interrupt");
    }
  }

  @Test
  void aClosedRunStartsNoMoreCopies() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      QueryRun run = run(allocator, 2);
      run.close();
      ProbeSource late = new ProbeSource(2, false);
      boolean refused = false;
      try {
        run.gather(late);
      } catch (ExecContext.QueryCancelledException e) {
        refused = true;
      }
      assertTrue(refused, "gather on a closed run is refused");
      assertTrue(late.threads.isEmpty(), "no copy ran");
    }
  }
}
