package io.basalt.engine.exec;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One execution of a {@link PhysicalNode} plan: the query's {@link ExecContext}, its worker threads,
 * the state breakers keep between {@link PhysicalNode#prepare} and {@link PhysicalNode#open}, and
 * the two ways of running copies of a pipeline in parallel — {@link #drain} into thread-local sinks
 * (breakers) and {@link #gather} into one stream (the result, or a limit).
 *
 * <p>Created and closed by the query thread; {@link #state} and {@link #drain} may be called from
 * any thread. Closing releases every state and stops every worker.
 */
public final class QueryRun implements AutoCloseable {
  private static final AtomicInteger RUNS = new AtomicInteger();

  private final ExecContext context;
  private final int threads;
  /** Names this run's tasks in thread dumps. */
  private final String label;
  /** Guards the task bookkeeping below. */
  private final Object taskLock = new Object();
  /** Pool threads running one of this run's tasks right now (close interrupts them). */
  private final java.util.Set<Thread> taskThreads = new java.util.HashSet<>();
  /** Tasks submitted and not yet finished (close waits for them). */
  private int activeTasks;
  private boolean stopping;
  private final Map<PhysicalNode, AutoCloseable> states = new IdentityHashMap<>();
  private final Map<PhysicalNode, java.util.List<io.basalt.engine.pushdown.ScanPredicate>>
      scanFilters = new IdentityHashMap<>();
  private final List<GatherStream> gathers = new ArrayList<>();
  private boolean closed;

  /** @param threads workers per parallel region (the {@code threads} setting), at least 1 */
  public QueryRun(ExecContext context, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.context = context;
    this.threads = threads;
    this.label = "q" + RUNS.incrementAndGet();
  }

  public ExecContext context() {
    return context;
  }

  public int threads() {
    return threads;
  }

  /** How many copies of {@code node} a parallel region runs: 1 when its output is ordered. */
  public int copies(PhysicalNode node) {
    return node.ordered() ? 1 : threads;
  }

  /** Prepares {@code root} and returns its whole output as one stream (see {@link #gather}). */
  public BatchStream execute(PhysicalNode root) throws Exception {
    root.prepare(this);
    return gather(root);
  }

  /**
   * Keeps {@code state} for {@code node} until the run closes (a breaker's result, built in
   * prepare and read by open). Replaces and closes an earlier state of the node.
   */
  public synchronized void putState(PhysicalNode node, AutoCloseable state) {
    AutoCloseable old = states.put(node, state);
    if (old != null && old != state) {
      closeQuietly(old);
    }
  }

  /**
   * Adds a runtime filter for {@code scan}: a predicate a hash join derived from its build side,
   * which the scan ANDs to its own when it prepares (joins prepare their build side, then their
   * probe side, so the filter is there in time).
   */
  public synchronized void addScanFilter(PhysicalNode scan,
      io.basalt.engine.pushdown.ScanPredicate filter) {
    scanFilters.computeIfAbsent(scan, k -> new java.util.ArrayList<>()).add(filter);
  }

  /** The runtime filters added for {@code scan}, in the order they came. */
  public synchronized java.util.List<io.basalt.engine.pushdown.ScanPredicate> scanFilters(
      PhysicalNode scan) {
    return java.util.List.copyOf(scanFilters.getOrDefault(scan, java.util.List.of()));
  }

  /** The state {@code node} kept, or null when it has none yet. */
  public synchronized <T> T stateOrNull(PhysicalNode node, Class<T> type) {
    return type.cast(states.get(node));
  }

  /** The state {@code node} kept; throws if it never prepared (a contract violation). */
  public synchronized <T> T state(PhysicalNode node, Class<T> type) {
    AutoCloseable s = states.get(node);
    if (s == null) {
      throw new IllegalStateException(node.name() + " was opened before it was prepared");
    }
    return type.cast(s);
  }

  /**
   * Runs every copy of {@code input} to exhaustion, in parallel, each copy feeding the sink {@code
   * sinkForCopy} returns for it (called on the copy's own thread, possibly concurrently for
   * different copies); returns when all are done. The first failure stops the other
   * copies and is rethrown; batches already accepted stay with the sinks (their owner closes them).
   */
  public void drain(PhysicalNode input, IntFunction<BatchSink> sinkForCopy) throws Exception {
    int copies = copies(input);
    AtomicBoolean stop = new AtomicBoolean();
    if (copies == 1) {
      drainCopy(input, 0, sinkForCopy, stop);
      return;
    }
    List<Future<?>> futures = new ArrayList<>(copies);
    for (int i = 1; i < copies; i++) {
      int copy = i;
      futures.add(submit(() -> {
        drainCopy(input, copy, sinkForCopy, stop);
        return null;
      }));
    }
    Throwable failure = null;
    try {
      drainCopy(input, 0, sinkForCopy, stop);
    } catch (Throwable t) {
      stop.set(true);
      failure = t;
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (java.util.concurrent.ExecutionException e) {
        stop.set(true);
        if (failure == null) {
          failure = e.getCause();
        } else if (failure != e.getCause()) {
          failure.addSuppressed(e.getCause());
        }
      } catch (InterruptedException e) {
        stop.set(true);
        Thread.currentThread().interrupt();
        if (failure == null) {
          failure = new ExecContext.QueryCancelledException();
        }
      }
    }
    if (failure != null) {
      throwUnchecked(failure);
    }
  }

  /**
   * Runs one copy into its sink, which is made here, on the copy's own thread: a sink's hot state
   * (a few accumulators when there are few groups, as in TPC-H Q1) then lies in that thread's
   * allocation buffer, never in a cache line next to another copy's — made one after the other
   * on the caller's thread, the copies' accumulators could share lines that both cores write
   * for every row.
   */
  private void drainCopy(PhysicalNode input, int copy, IntFunction<BatchSink> sinkForCopy,
      AtomicBoolean stop) throws Exception {
    BatchSink sink;
    try {
      sink = sinkForCopy.apply(copy);
    } catch (Throwable t) {
      stop.set(true);
      throw t;
    }
    try (BatchStream stream = input.open(this, copy)) {
      VectorSchemaRoot batch;
      while (!stop.get()) {
        context.checkCancelled(); // before pulling: a batch in hand must reach the sink
        if ((batch = stream.next()) == null) {
          break;
        }
        sink.accept(batch);
      }
    } catch (Throwable t) {
      stop.set(true);
      throw t;
    }
  }

  /**
   * The output of every copy of {@code node} as one stream for one consumer thread: with a single
   * copy, the copy itself (pulled by the consumer); otherwise workers run the copies and hand
   * batches over through a small bounded queue, so a slow consumer holds back the workers instead of
   * letting results pile up. Closing the stream early stops the workers (LIMIT stops reading).
   * {@code node} must be prepared.
   */
  public BatchStream gather(PhysicalNode node) throws Exception {
    int copies = copies(node);
    if (copies == 1) {
      return node.open(this, 0);
    }
    GatherStream g = new GatherStream(node, copies);
    synchronized (this) {
      gathers.add(g);
    }
    g.start();
    return g;
  }

  @Override
  public void close() {
    List<AutoCloseable> toClose;
    List<GatherStream> openGathers;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = new ArrayList<>(states.values());
      states.clear();
      openGathers = new ArrayList<>(gathers);
      gathers.clear();
    }
    interruptTasks(); // first, so that gathers need not wait out a copy blocked inside an operator
    openGathers.forEach(GatherStream::close);
    awaitTasks(30, TimeUnit.SECONDS);
    toClose.forEach(QueryRun::closeQuietly);
    context.spill().close(); // after the states, which may still hold spill files open
  }

  /**
   * Runs {@code task} on a pool thread as one of this run's tasks: {@link #close} interrupts it and
   * waits for it. A task submitted after close starts does not run.
   */
  private <T> Future<T> submit(java.util.concurrent.Callable<T> task) {
    synchronized (taskLock) {
      if (stopping) {
        throw new ExecContext.QueryCancelledException();
      }
      activeTasks++;
    }
    try {
      return WorkerPool.submit(() -> runTask(task));
    } catch (RuntimeException e) { // rejected: the pool could not start a thread
      taskDone(null);
      throw e;
    }
  }

  private <T> T runTask(java.util.concurrent.Callable<T> task) throws Exception {
    Thread thread = Thread.currentThread();
    synchronized (taskLock) {
      if (stopping) {
        taskDone(null);
        throw new ExecContext.QueryCancelledException();
      }
      taskThreads.add(thread);
    }
    String name = thread.getName();
    thread.setName(name + " " + label);
    try {
      return task.call();
    } finally {
      thread.setName(name);
      taskDone(thread);
      // An interrupt from this run's close must not reach the next query's task on this thread;
      // close interrupts only registered threads, under the lock taskDone took.
      Thread.interrupted();
    }
  }

  private void taskDone(Thread thread) {
    synchronized (taskLock) {
      if (thread != null) {
        taskThreads.remove(thread);
      }
      activeTasks--;
      taskLock.notifyAll();
    }
  }

  /** Stops new tasks from starting and interrupts the running ones. */
  private void interruptTasks() {
    Thread self = Thread.currentThread();
    synchronized (taskLock) {
      stopping = true;
      for (Thread t : taskThreads) {
        if (t != self) {
          t.interrupt();
        }
      }
    }
  }

  /**
   * Waits up to the timeout for this run's tasks to finish (not for the caller's own task). An
   * interrupt of the closing thread does not cut the wait short — the states are released next,
   * and a task still running would use freed buffers — but is kept for the caller.
   */
  private void awaitTasks(long timeout, TimeUnit unit) {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    boolean interrupted = false;
    synchronized (taskLock) {
      int own = taskThreads.contains(Thread.currentThread()) ? 1 : 0;
      long left;
      while (activeTasks > own && (left = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(taskLock, left);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // Releasing after the query ended; the allocator's leak check reports what matters.
    }
  }

  @SuppressWarnings("unchecked")
  static <E extends Throwable> void throwUnchecked(Throwable t) throws E {
    throw (E) t;
  }

  /** Batches of several producer copies through one bounded queue. */
  private final class GatherStream implements BatchStream {
    private static final Object END = new Object();
    private final PhysicalNode node;
    private final int copies;
    private final BlockingQueue<Object> queue;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Future<?>> producers = new ArrayList<>();
    private int ended;
    private boolean closed;

    GatherStream(PhysicalNode node, int copies) {
      this.node = node;
      this.copies = copies;
      this.queue = new ArrayBlockingQueue<>(Math.max(2, copies * 2));
    }

    void start() {
      for (int i = 0; i < copies; i++) {
        int copy = i;
        producers.add(submit(() -> {
          produce(copy);
          return null;
        }));
      }
    }

    private void produce(int copy) {
      Object last = END;
      try (BatchStream stream = node.open(QueryRun.this, copy)) {
        VectorSchemaRoot batch;
        while (!stop.get() && (batch = stream.next()) != null) {
          if (!offer(batch)) {
            batch.close();
            break;
          }
        }
      } catch (Throwable t) {
        last = t;
      }
      offer(last);
    }

    /** Puts {@code item} unless the stream was closed; false when it was. */
    private boolean offer(Object item) {
      try {
        while (!stop.get()) {
          if (queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
            return true;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    }

    @Override
    public VectorSchemaRoot next() throws java.io.IOException {
      while (ended < copies) {
        context.checkCancelled();
        Object item;
        try {
          item = queue.poll(50, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ExecContext.QueryCancelledException();
        }
        if (item == null) {
          continue;
        }
        if (item == END) {
          ended++;
        } else if (item instanceof Throwable t) {
          close();
          throwUnchecked(t);
        } else {
          return (VectorSchemaRoot) item;
        }
      }
      return null;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      stop.set(true);
      // Waits for the producers even when the closing thread is interrupted (a cancelled query):
      // the batches they still offer are released below, and a producer still running would
      // offer into a queue nobody drains. The interrupt is kept for the caller.
      boolean interrupted = false;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      for (Future<?> f : producers) {
        while (true) {
          try {
            f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            break;
          } catch (InterruptedException e) {
            interrupted = true;
          } catch (Exception e) {
            break; // the producer reported its failure through the queue, or it timed out
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      Object item;
      while ((item = queue.poll()) != null) {
        if (item instanceof VectorSchemaRoot b) {
          b.close();
        }
      }
    }
  }
}
