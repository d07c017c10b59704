package io.basalt.engine.exec;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One operator of an executable plan: an immutable description built once per prepared statement,
 * run any number of times. Everything that belongs to one execution lives in the {@link QueryRun}.
 *
 * <p>The execution contract (morsel-driven, as in DuckDB and HyPer):
 * <ol>
 *   <li>{@link #prepare} is called once per execution, on the query thread, before any {@link
 *       #open}. A pipeline breaker (hash join build, aggregation, sort) first prepares its inputs,
 *       then runs the pipelines it consumes to completion with {@link QueryRun#drain} — each worker
 *       pulling from its own copy of the input into a thread-local {@link BatchSink} — merges the
 *       sinks, and keeps the result in the run's state ({@link QueryRun#state}). Streaming nodes
 *       just prepare their inputs. So breakers run bottom-up and no worker ever waits for another
 *       region.
 *   <li>{@link #open} returns copy {@code copy} (0 ≤ copy &lt; {@link QueryRun#copies}) of this
 *       node's output. Copies of one node run on different threads at once and together produce
 *       the node's output exactly once: a scan hands out row groups to whichever copy asks; a
 *       breaker hands out its result batches the same way; a streaming node opens the same copy
 *       of its input and transforms it.
 *   <li>A node whose output order matters ({@link #ordered}: sort, top-N, limit over a sort, and
 *       streaming nodes over those) produces all its rows from copy 0; its other copies are empty.
 * </ol>
 */
public interface PhysicalNode {
  /** The Arrow schema of every batch this node produces. */
  Schema schema();

  /** The nodes this one reads, in plan order. */
  List<PhysicalNode> inputs();

  /**
   * Runs, once per execution, the work that must finish before this node can stream (see the
   * class comment). The default prepares the inputs.
   */
  default void prepare(QueryRun run) throws Exception {
    for (PhysicalNode input : inputs()) {
      input.prepare(run);
    }
  }

  /** Copy {@code copy} of this node's output; called after {@link #prepare}. */
  BatchStream open(QueryRun run, int copy) throws Exception;

  /** Whether the output is one ordered stream that only copy 0 produces. */
  default boolean ordered() {
    return false;
  }

  /** A short name for errors and profiles, e.g. "HashJoin". */
  default String name() {
    return getClass().getSimpleName();
  }
}
