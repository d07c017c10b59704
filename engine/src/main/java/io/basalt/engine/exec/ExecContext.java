package io.basalt.engine.exec;

import io.basalt.engine.pushdown.ParameterValues;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What one running query gives its operators: the query's allocator, the batch size, the cancel
 * flag that every operator checks between batches, the values of the statement's parameters (for
 * pruning) and the profile where operators record what they did (for EXPLAIN ANALYZE).
 */
public record ExecContext(BufferAllocator allocator, int batchRows, AtomicBoolean cancelFlag,
    ParameterValues parameters, QueryProfile profile) {
  /** Default rows per batch: large enough to amortize per-batch work, small enough for caches. */
  public static final int DEFAULT_BATCH_ROWS = 64 * 1024;

  /** A context without parameters, recording into a fresh profile. */
  public ExecContext(BufferAllocator allocator, int batchRows, AtomicBoolean cancelFlag) {
    this(allocator, batchRows, cancelFlag, ParameterValues.NONE, new QueryProfile());
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
