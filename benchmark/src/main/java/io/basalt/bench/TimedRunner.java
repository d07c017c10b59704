package io.basalt.bench;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one JDBC execution at a time on a worker thread and waits for it at most the time limit;
 * past it, the execution is cancelled through {@link Statement#cancel()} so that one slow query is
 * reported as a timeout instead of hanging the whole benchmark. Not thread-safe: one caller.
 */
public final class TimedRunner implements AutoCloseable {
  /** How long a cancelled execution gets to stop before it is abandoned. */
  private static final Duration CANCEL_GRACE = Duration.ofSeconds(30);

  /** The timed part of an execution: execute the statement and read the whole answer. */
  @FunctionalInterface
  public interface Execution {
    Answer run() throws Exception;
  }

  private final Duration limit;
  private ExecutorService worker = newWorker();

  public TimedRunner(Duration limit) {
    if (limit.isNegative() || limit.isZero()) {
      throw new IllegalArgumentException("time limit must be positive, got " + limit);
    }
    this.limit = limit;
  }

  public Duration limit() {
    return limit;
  }

  /**
   * Runs {@code execution}, timing it on the worker thread, and cancels {@code statement} when it
   * runs past the limit.
   */
  public Outcome run(Statement statement, Execution execution) {
    Future<Outcome> future = worker.submit(() -> {
      long start = System.nanoTime();
      Answer answer = execution.run();
      return new Outcome.Done((System.nanoTime() - start) / 1e6, answer);
    });
    try {
      return future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return cancel(statement, future);
    } catch (ExecutionException e) {
      return new Outcome.Failed(describe(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      return new Outcome.Failed("interrupted");
    }
  }

  private Outcome cancel(Statement statement, Future<Outcome> future) {
    double seconds = limit.toMillis() / 1000.0;
    try {
      statement.cancel();
    } catch (SQLException | RuntimeException e) {
      // Fall through: the wait below tells whether the execution stopped anyway.
    }
    try {
      future.get(CANCEL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      return new Outcome.TimedOut(seconds, true);
    } catch (ExecutionException e) {
      return new Outcome.TimedOut(seconds, true);
    } catch (TimeoutException e) {
      // The engine ignored the cancel: leave its thread behind (a daemon) and start a fresh one.
      future.cancel(true);
      worker.shutdownNow();
      worker = newWorker();
      return new Outcome.TimedOut(seconds, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome.TimedOut(seconds, false);
    }
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "basalt-bench-query");
      t.setDaemon(true);
      return t;
    });
  }

  /** The messages of {@code e} and its causes joined by {@code ": "}, repeats skipped. */
  public static String describe(Throwable e) {
    List<String> parts = new ArrayList<>();
    for (Throwable t = e; t != null && parts.size() < 6; t = t.getCause()) {
      String full = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
      int newline = full.indexOf('\n');
      String message = newline > 0 ? full.substring(0, newline) : full;
      if (parts.stream().noneMatch(p -> p.contains(message))) {
        parts.add(message);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return String.join(": ", parts);
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
