package io.basalt.engine.exec;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What one running query gives its operators: the query's allocator, the batch size and the cancel
 * flag that every operator checks between batches.
 */
public record ExecContext(BufferAllocator allocator, int batchRows, AtomicBoolean cancelFlag) {
  /** Default rows per batch: large enough to amortize per-batch work, small enough for caches. */
  public static final int DEFAULT_BATCH_ROWS = 64 * 1024;

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
