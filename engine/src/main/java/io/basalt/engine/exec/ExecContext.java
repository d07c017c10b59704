package io.basalt.engine.exec;

import io.basalt.engine.pushdown.ParameterValues;
import io.basalt.engine.spill.SpillManager;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What one running query gives its operators: the query's allocator (whose limit is the
 * memory_limit; operators book their heap state there too, see {@link
 * io.basalt.engine.memory.MemoryReservation}), the batch size, the cancel flag that every operator
 * checks between batches, the values of the statement's parameters (for pruning), the profile
 * where operators record what they did (for EXPLAIN ANALYZE) and the query's spill files, which
 * the {@link QueryRun} deletes when it closes.
 */
public record ExecContext(BufferAllocator allocator, int batchRows, AtomicBoolean cancelFlag,
    ParameterValues parameters, QueryProfile profile, SpillManager spill) {
  /**
   * Default rows per batch: large enough to amortize per-batch work, small enough that a batch's
   * columns stay in the 1-2 MB of L2 cache between operators (on the TPC-H SF 1 run, 32 K rows
   * gave a geometric mean of 1.83 against 1.91-1.93 for 16 K and 1.98-2.01 for 64 K). The system
   * property {@code basalt.batch.rows} overrides it, for such measurements.
   */
  public static final int DEFAULT_BATCH_ROWS = Integer.getInteger("basalt.batch.rows", 32 * 1024);

  /** A context without parameters, recording into a fresh profile. */
  public ExecContext(BufferAllocator allocator, int batchRows, AtomicBoolean cancelFlag) {
    this(allocator, batchRows, cancelFlag, ParameterValues.NONE, new QueryProfile());
  }

  /** A context spilling under the JVM's temp folder (created only if something spills). */
  public ExecContext(BufferAllocator allocator, int batchRows, AtomicBoolean cancelFlag,
      ParameterValues parameters, QueryProfile profile) {
    this(allocator, batchRows, cancelFlag, parameters, profile, SpillManager.temporary());
  }

  /** Throws when the query was cancelled. */
  public void checkCancelled() {
    if (cancelFlag != null && cancelFlag.get()) {
      throw new QueryCancelledException();
    }
  }

  /** Thrown inside operators when the query was cancelled; the JDBC layer reports it. */
  public static final class QueryCancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueryCancelledException() {
      super("query cancelled");
    }
  }
}
