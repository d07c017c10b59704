package io.basalt.engine.format.parquet;

import java.util.Arrays;

/**
 * The decode buffers one single-threaded reader carries from one row group to the next: per
 * projected column, the file window, the decompressed page and the decoder's staging arrays.
 *
 * <p>Why: a row group is a few batches long (TPC-H's lineitem: 122 880 rows, about four batches),
 * and decoders that allocated these afresh per row group made the scan churn through about 450 MB
 * of short-lived arrays per TPC-H Q1 at SF 1. Every fresh array is zeroed by the JVM and written
 * through to memory, so with two workers the scan ran each thread markedly slower than one alone.
 * Reusing them keeps the working set in cache.
 *
 * <p>Not thread-safe: one instance per scan copy (worker). A {@link RowGroupDecoder} borrows column
 * {@code i}'s buffers while it is open and hands back what it grew when it closes, so two decoders
 * must never share an instance at the same time. Buffers only grow.
 *
 * <p>A scan copy that has read all its row groups hands its buffers to a small process-wide pool
 * ({@link #release}), and the next query's copies take them from there ({@link #acquire}): every
 * copy of every query would otherwise grow its windows and staging arrays afresh, a fixed cost per
 * copy (about 10 MB of zeroed arrays for TPC-H Q6) that grows with the thread count. The pool
 * keeps at most {@link #POOLED} instances of at most {@link #MAX_POOLED_BYTES} each.
 */
public final class ReaderBuffers {
  /** Instances kept for reuse: one per worker of two concurrent queries. */
  static final int POOLED = 2 * Math.max(1, Runtime.getRuntime().availableProcessors());
  /** Larger instances (very wide pages or many columns) are left to the garbage collector. */
  static final long MAX_POOLED_BYTES = 64L << 20;
  private static final java.util.concurrent.ConcurrentLinkedDeque<ReaderBuffers> POOL =
      new java.util.concurrent.ConcurrentLinkedDeque<>();
  private static final java.util.concurrent.atomic.AtomicInteger POOL_SIZE =
      new java.util.concurrent.atomic.AtomicInteger();

  private ColumnBuffers[] columns = new ColumnBuffers[0];

  /** Buffers for a new scan copy: pooled ones if any (most recently released first), else new. */
  public static ReaderBuffers acquire() {
    ReaderBuffers pooled = POOL.pollFirst();
    if (pooled == null) {
      return new ReaderBuffers();
    }
    POOL_SIZE.decrementAndGet();
    return pooled;
  }

  /**
   * Hands {@code buffers} back for another scan copy to {@link #acquire}. The caller must be done
   * with them: no reader may still hold them, and the caller must not touch them again.
   */
  public static void release(ReaderBuffers buffers) {
    if (buffers.retainedBytes() > MAX_POOLED_BYTES) {
      return;
    }
    if (POOL_SIZE.incrementAndGet() > POOLED) {
      POOL_SIZE.decrementAndGet();
      return;
    }
    POOL.offerFirst(buffers);
  }

  /** Heap bytes held by all columns' buffers. */
  long retainedBytes() {
    long bytes = 0;
    for (ColumnBuffers c : columns) {
      bytes += c == null ? 0 : c.retainedBytes();
    }
    return bytes;
  }

  /** The buffers of projected column {@code i}, created empty on first use. */
  ColumnBuffers column(int i) {
    if (i >= columns.length) {
      columns = Arrays.copyOf(columns, Math.max(i + 1, columns.length * 2));
    }
    if (columns[i] == null) {
      columns[i] = new ColumnBuffers();
    }
    return columns[i];
  }
}
