package io.basalt.engine.exec;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process-wide worker threads that run the parallel copies of every query's pipelines (see
 * {@link QueryRun}, which tracks and stops its own tasks).
 *
 * <p>Why one pool for all queries rather than threads per query: a new thread starts cold — its
 * stack and allocation buffers are faulted in page by page, and the per-thread caches of the JDK's
 * temporary direct buffers and of the Arrow allocator start empty and are freed again when it
 * ends. With a pool per query, TPC-H Q1 at two threads spent about 15 % more CPU than at one
 * thread, and five times as many page faults.
 *
 * <p>Cached, not fixed: it grows when every thread is busy, so a gather that runs below another
 * gather can never wait for a thread that will not come; threads idle for a minute retire.
 */
final class WorkerPool {
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE,
      60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
        Thread t = new Thread(r, "basalt-worker-" + THREADS.incrementAndGet());
        t.setDaemon(true); // never keeps an embedding application alive
        return t;
      });

  private WorkerPool() {}

  static <T> Future<T> submit(Callable<T> task) {
    return POOL.submit(task);
  }
}
