package io.basalt.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Marks the Spark jobs of one Basalt run so that another thread (the cancel and timeout watcher)
 * can stop them. Classic Spark keeps its session tags per thread, under a name only that thread
 * knows, so a watcher's {@code interruptTag} would stop nothing; there the run uses a job group,
 * which any thread can cancel. Spark Connect sends the tag with each request and interrupts
 * every operation carrying it, from whichever thread asks.
 */
abstract class SparkJobScope {
  protected final String name;

  private SparkJobScope(String name) {
    this.name = name;
  }

  /** The scope for {@code session}'s kind of Spark. */
  static SparkJobScope of(SparkSession session, String name) {
    return session.getClass().getName().startsWith("org.apache.spark.sql.connect.")
        ? new Tagged(session, name) : new JobGroup(session.sparkContext(), name);
  }

  /** Called on each thread before it makes Spark run jobs for this run. */
  abstract void enter();

  /** Stops the run's jobs; callable from any thread. */
  abstract void cancel();

  /** Called on the thread that finishes the run. */
  abstract void exit();

  /** The thread-local properties {@code SparkContext.setJobGroup} sets. */
  private static final String[] GROUP_PROPERTIES = {
      "spark.jobGroup.id", "spark.job.description", "spark.job.interruptOnCancel"};

  /**
   * Classic Spark: a job group, cancelled with the tasks' threads interrupted. The thread that
   * finishes the run gets back the group it had (an application's own); a thread the run moved
   * away from keeps the run's group until its next query sets another.
   */
  private static final class JobGroup extends SparkJobScope {
    private final SparkContext context;

    JobGroup(SparkContext context, String name) {
      super(name);
      this.context = context;
    }

    /** What each entered thread had before, restored on exit (an application's own group). */
    private final java.util.Map<Thread, String[]> before =
        new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    void enter() {
      String[] saved = new String[GROUP_PROPERTIES.length];
      for (int i = 0; i < saved.length; i++) {
        saved[i] = context.getLocalProperty(GROUP_PROPERTIES[i]);
      }
      before.putIfAbsent(Thread.currentThread(), saved);
      context.setJobGroup(name, "Basalt query", true);
    }

    @Override
    void cancel() {
      context.cancelJobGroup(name);
    }

    @Override
    void exit() {
      String[] saved = before.remove(Thread.currentThread());
      if (saved != null && name.equals(context.getLocalProperty(GROUP_PROPERTIES[0]))) {
        for (int i = 0; i < saved.length; i++) {
          context.setLocalProperty(GROUP_PROPERTIES[i], saved[i]);
        }
      }
    }
  }

  /** Spark Connect: an operation tag, interrupted on the server. */
  private static final class Tagged extends SparkJobScope {
    private final SparkSession session;

    Tagged(SparkSession session, String name) {
      super(name);
      this.session = session;
    }

    @Override
    void enter() {
      session.addTag(name);
    }

    @Override
    void cancel() {
      session.interruptTag(name);
    }

    @Override
    void exit() {
      session.removeTag(name);
    }
  }
}
