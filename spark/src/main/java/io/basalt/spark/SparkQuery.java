package io.basalt.spark;

import io.basalt.engine.exec.ExecContext;
import io.basalt.planner.offload.EngineSettings;
import io.basalt.planner.offload.OffloadedQuery;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One translated query on Spark. Each run registers the views it reads (once per session), starts
 * the query and streams its rows partition by partition ({@code toLocalIterator}): the first rows
 * reach JDBC while Spark computes the rest. The run's Spark jobs carry a mark of their own (a
 * {@link SparkJobScope}); when the statement is cancelled or its timeout passes, a watcher cancels
 * that mark, and Spark stops the jobs.
 */
final class SparkQuery implements OffloadedQuery {
  /** Checks running queries' cancel flags and deadlines; one daemon thread for all. */
  private static final ScheduledExecutorService WATCHER = Executors.newSingleThreadScheduledExecutor(
      r -> {
        Thread t = new Thread(r, "basalt-spark-watcher");
        t.setDaemon(true);
        return t;
      });

  /** Sends the cancels: blocking calls when Spark runs elsewhere. */
  private static final java.util.concurrent.ExecutorService CANCELLER =
      Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "basalt-spark-cancel");
        t.setDaemon(true);
        return t;
      });

  private final EngineSettings.Snapshot settings;
  private final String sql;
  private final List<SparkTables.Source> sources;
  private final List<SparkSqlTranslator.Parameter> parameters;
  private final RelDataType rowType;

  SparkQuery(EngineSettings.Snapshot settings, String sql, List<SparkTables.Source> sources,
      List<SparkSqlTranslator.Parameter> parameters, RelDataType rowType) {
    this.settings = settings;
    this.sql = sql;
    this.sources = sources;
    this.parameters = parameters;
    this.rowType = rowType;
  }

  @Override
  public String explain() {
    return "Spark SQL:\n" + sql;
  }

  @Override
  public Enumerable<Object[]> run(DataContext dataContext) {
    AtomicBoolean cancel = DataContext.Variable.CANCEL_FLAG.get(dataContext);
    Long timeout = DataContext.Variable.TIMEOUT.get(dataContext);
    java.util.Map<String, Object> arguments = new java.util.HashMap<>();
    for (SparkSqlTranslator.Parameter p : parameters) {
      arguments.put(p.name(), SparkValues.parameter(dataContext.get("?" + p.index()), p.type()));
    }
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        return new Rows(cancel, timeout == null ? 0 : timeout, arguments);
      }
    };
  }

  /** The rows of one run. */
  private final class Rows implements Enumerator<Object[]> {
    private final AtomicBoolean cancel;
    private final long timeoutMillis;
    /** The parameters' values by their names in the Spark SQL. */
    private final java.util.Map<String, Object> arguments;
    private final String name = "basalt-" + UUID.randomUUID();
    private final SparkValues values = new SparkValues(rowType);
    private volatile boolean interrupted;
    private volatile boolean timedOut;
    private SparkSession session;
    private SparkJobScope scope;
    private Iterator<Row> iterator;
    private ScheduledFuture<?> watch;
    private Thread enteredOn;
    private Object[] current;

    Rows(AtomicBoolean cancel, long timeoutMillis, java.util.Map<String, Object> arguments) {
      this.cancel = cancel;
      this.timeoutMillis = timeoutMillis;
      this.arguments = arguments;
    }

    @Override
    public Object[] current() {
      return current;
    }

    @Override
    public boolean moveNext() {
      try {
        if (iterator == null) {
          start();
        }
        // Spark starts a job per partition as the iterator reaches it, on the calling thread,
        // which must carry the mark (a server may fetch from another thread than it started on).
        if (enteredOn != Thread.currentThread()) {
          scope.enter();
          enteredOn = Thread.currentThread();
        }
        if (!iterator.hasNext()) {
          current = null;
          close();
          return false;
        }
        current = values.row(iterator.next());
        return true;
      } catch (Exception e) { // Spark throws SparkException undeclared
        close();
        if (timedOut) {
          throw new ExecContext.QueryCancelledException();
        }
        if (interrupted) {
          throw new ExecContext.QueryCancelledException();
        }
        throw new IllegalStateException("Spark failed the query: " + rootMessage(e), e);
      }
    }

    /**
     * Registers the views and starts the query, up to its first rows. A Spark Connect server that
     * restarted has forgotten the shared session: then, once, a new session and the views again.
     */
    private void start() throws Exception {
      long deadline = timeoutMillis > 0 ? System.currentTimeMillis() + timeoutMillis : Long.MAX_VALUE;
      for (int attempt = 1; ; attempt++) {
        session = SparkSessions.forSettings(settings);
        try {
          // Marked and watched before the views: registering one may infer a schema, a job that
          // cancel and timeout must reach too.
          scope = SparkJobScope.of(session, name);
          watch(deadline);
          scope.enter();
          enteredOn = Thread.currentThread();
          for (SparkTables.Source source : sources) {
            SparkTables.register(session, source);
          }
          iterator = (arguments.isEmpty() ? session.sql(sql) : session.sql(sql, arguments))
              .toLocalIterator();
          iterator.hasNext(); // runs the first partition: a lost session shows here at the latest
          return;
        } catch (Exception e) {
          if (attempt > 1 || interrupted || !SparkSessions.isLost(e)) {
            throw e;
          }
          close();
          iterator = null;
          SparkSessions.forget(settings, session);
        }
      }
    }

    private void watch(long deadline) {
      if (cancel != null || timeoutMillis > 0) {
        SparkJobScope marked = scope;
        long[] lastSent = {0};
        watch = WATCHER.scheduleWithFixedDelay(() -> {
          boolean late = System.currentTimeMillis() > deadline;
          if ((cancel != null && cancel.get()) || late) {
            timedOut = late;
            interrupted = true;
            // Off the watcher's thread (a Spark Connect server that hangs must not hold up the
            // other queries' cancels), and again each second for jobs started meanwhile.
            long now = System.currentTimeMillis();
            if (now - lastSent[0] >= 1000) {
              lastSent[0] = now;
              CANCELLER.execute(marked::cancel);
            }
          }
        }, 50, 50, TimeUnit.MILLISECONDS);
      }
    }

    @Override
    public void reset() {
      throw new UnsupportedOperationException("a Spark result is read once");
    }

    @Override
    public void close() {
      if (watch != null) {
        watch.cancel(false);
        watch = null;
      }
      if (enteredOn != null && scope != null) {
        scope.exit();
        enteredOn = null;
      }
      if (iterator != null && !interrupted && iterator instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception ignored) {
          // the rows are read or abandoned; nothing is lost
        }
      }
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? String.valueOf(e.getMessage())
        : e.getMessage() + " (cause: " + t.getMessage() + ")";
  }
}
