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

  /** Classic Spark: a job group, cancelled with the tasks' threads interrupted. */
  private static final class JobGroup extends SparkJobScope {
    private final SparkContext context;

    JobGroup(SparkContext context, String name) {
      super(name);
      this.context = context;
    }

    @Override
    void enter() {
      context.setJobGroup(name, "Basalt query", true);
    }

    @Override
    void cancel() {
      context.cancelJobGroup(name);
    }

    @Override
    void exit() {
      if (name.equals(context.getLocalProperty("spark.jobGroup.id"))) {
        context.clearJobGroup();
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
