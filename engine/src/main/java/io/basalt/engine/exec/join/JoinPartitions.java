package io.basalt.engine.exec.join;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.EmptyStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.spill.SpillFile;
import io.basalt.engine.vector.VectorTake;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One join input's rows split by key hash into {@value #COUNT} spill files, for a grace hash join:
 * rows with equal keys land in the same partition on both sides, so partition p of the build side
 * only ever joins partition p of the probe side. Pass {@code level} uses hash bits {@code [64 -
 * 5(level+1), 64 - 5 level)}, the highest first (the hash table takes the lowest), so a partition
 * that is still too large splits again with fresh bits. Rows whose {@code =} key is NULL match
 * nothing: a side whose join type never emits them alone drops them, the other keeps them in an
 * extra partition {@link #NULL_KEYS}, which is joined (against the other side's NULL-key rows,
 * so nothing matches) but never split. Writes are thread-safe; files are created on first use.
 * The window operator partitions its input by its PARTITION BY keys with it too (null-safe keys,
 * so that NULL keys hash alike).
 */
public final class JoinPartitions implements AutoCloseable {
  public static final int BITS = 5;
  public static final int COUNT = 1 << BITS;
  /** Passes at most: 60 of the hash's 64 bits. */
  static final int MAX_LEVEL = 11;
  /** The partition of the rows whose {@code =} key is NULL (only at level 0). */
  public static final int NULL_KEYS = COUNT;

  /** Spill counters of one join execution, summed over both sides and every pass. */
  public static final class SpillStats {
    public final AtomicLong rows = new AtomicLong();
    public final AtomicLong bytes = new AtomicLong();
    public final AtomicLong files = new AtomicLong();
    public final AtomicInteger passes = new AtomicInteger();

    /** Writes these counters and {@code memory}'s peak into {@code metrics} (EXPLAIN ANALYZE). */
    public void record(io.basalt.engine.exec.OperatorMetrics metrics,
        io.basalt.engine.memory.OperatorMemory memory) {
      metrics.max("peak reserved bytes", memory.peak());
      metrics.max("spill passes", passes.get());
      metrics.max("spill rows", rows.get());
      metrics.max("spill bytes", bytes.get());
      metrics.max("spill files", files.get());
    }
  }

  private final ExecContext context;
  private final Schema schema;
  private final String label;
  final int level;
  private final SpillStats stats;
  private final SpillFile[] files = new SpillFile[COUNT + 1];
  /** Per partition, the Arrow bytes of the batches written: what reading it back holds. */
  private final long[] arrowBytes = new long[COUNT + 1];
  private final Pending[] pending = new Pending[COUNT + 1];
  /** Queued bytes at which a partition's pieces are written. */
  private final long flushBytes;
  private final boolean keepNullKeys;

  /**
   * @param keepNullKeys whether rows with a NULL {@code =} key are kept (in {@link #NULL_KEYS})
   *     rather than dropped: the join emits them without a match
   */
  public JoinPartitions(ExecContext context, Schema schema, String label, int level,
      SpillStats stats, boolean keepNullKeys) {
    if (level > MAX_LEVEL) {
      throw new IllegalArgumentException("join partition level " + level);
    }
    this.context = context;
    this.schema = schema;
    this.label = label;
    this.level = level;
    this.stats = stats;
    this.keepNullKeys = keepNullKeys;
    for (int p = 0; p <= COUNT; p++) {
      pending[p] = new Pending();
    }
    // Up to 33 queues per side: a 256th of the limit each keeps them within the reserve.
    long limit = context.allocator().getLimit();
    this.flushBytes = Math.max(4 << 10, Math.min(1 << 20, limit / 256));
    stats.passes.accumulateAndGet(level + 1, Math::max);
  }

  static int partition(long hash, int level) {
    return (int) (hash >>> (64 - BITS * (level + 1))) & (COUNT - 1);
  }

  /**
   * Appends the rows of {@code batch}, whose keys are {@code keys}, to their partitions (all
   * {@code COUNT + 1} of them, NULL keys included).
   */
  public void write(VectorSchemaRoot batch, JoinKeys.Keys keys) {
    int n = batch.getRowCount();
    if (n == 0) {
      return;
    }
    int[] part = new int[n];
    int[] start = new int[COUNT + 2];
    int kept = 0;
    for (int i = 0; i < n; i++) {
      int p = keys.valid[i] ? partition(keys.hashes[i], level) : keepNullKeys ? NULL_KEYS : -1;
      part[i] = p;
      if (p >= 0) {
        start[p + 1]++;
        kept++;
      }
    }
    for (int p = 0; p <= COUNT; p++) {
      start[p + 1] += start[p];
    }
    int[] rows = new int[kept];
    int[] fill = start.clone();
    for (int i = 0; i < n; i++) {
      if (part[i] >= 0) {
        rows[fill[part[i]]++] = i;
      }
    }
    for (int p = 0; p <= COUNT; p++) {
      int count = start[p + 1] - start[p];
      if (count > 0) {
        int[] these = java.util.Arrays.copyOfRange(rows, start[p], start[p + 1]);
        append(p, VectorTake.take(batch, these, count, context.allocator()));
      }
    }
    stats.rows.addAndGet(kept);
  }

  /**
   * Queues {@code piece} (taken over) for partition {@code p}, writing the queue as one batch once
   * it is large enough: a batch cut 33 ways gives pieces of a few rows, and one IPC message per
   * piece would cost more than the rows.
   */
  private void append(int p, VectorSchemaRoot piece) {
    Pending q = pending[p];
    synchronized (q) {
      q.batches.add(piece);
      q.rows += piece.getRowCount();
      for (org.apache.arrow.vector.FieldVector v : piece.getFieldVectors()) {
        q.bytes += v.getBufferSize();
      }
      q.held += io.basalt.engine.memory.ArrowBytes.held(piece);
      if (q.rows >= context.batchRows() || q.held >= flushBytes) {
        flush(p, q);
      }
    }
  }

  /** Writes partition {@code p}'s queued pieces as one batch (caller holds {@code q}'s lock). */
  private void flush(int p, Pending q) {
    if (q.batches.isEmpty()) {
      return;
    }
    try {
      if (q.batches.size() == 1) {
        file(p).write(q.batches.get(0));
      } else {
        try (VectorSchemaRoot all = VectorSchemaRoot.create(schema, context.allocator())) {
          List<org.apache.arrow.vector.FieldVector> targets = all.getFieldVectors();
          for (int c = 0; c < targets.size(); c++) {
            List<org.apache.arrow.vector.FieldVector> sources = new ArrayList<>(q.batches.size());
            for (VectorSchemaRoot b : q.batches) {
              sources.add(b.getVector(c));
            }
            VectorConcat.concat(sources, q.rows, targets.get(c));
          }
          all.setRowCount(q.rows);
          file(p).write(all);
        }
      }
      synchronized (this) {
        arrowBytes[p] += q.bytes;
      }
    } finally {
      q.clear();
    }
  }

  /** One partition's pieces not yet written. */
  private static final class Pending {
    final List<VectorSchemaRoot> batches = new ArrayList<>();
    int rows;
    /** What the rows take once written and read back. */
    long bytes;
    /** What the queued pieces hold now (small pieces round up). */
    long held;

    void clear() {
      batches.forEach(VectorSchemaRoot::close);
      batches.clear();
      rows = 0;
      bytes = 0;
      held = 0;
    }
  }

  /** Arrow bytes partition {@code p}'s batches take once read back. */
  public synchronized long arrowBytes(int p) {
    return arrowBytes[p];
  }

  private synchronized SpillFile file(int p) {
    if (files[p] == null) {
      files[p] = context.spill().newFile(label + "-l" + level + "-p" + p, schema);
      stats.files.incrementAndGet();
    }
    return files[p];
  }

  /** Ends writing: the queued pieces are written and every file becomes readable. */
  public void finish() {
    for (int p = 0; p <= COUNT; p++) {
      synchronized (pending[p]) {
        flush(p, pending[p]);
      }
    }
    finishFiles();
  }

  private synchronized void finishFiles() {
    for (SpillFile f : files) {
      if (f != null) {
        f.finish();
        stats.bytes.addAndGet(f.bytes());
      }
    }
  }

  public synchronized long rows(int p) {
    return files[p] == null ? 0 : files[p].rows();
  }

  /** Partition {@code p}'s rows (call after {@link #finish}). */
  public synchronized BatchStream read(int p) {
    return files[p] == null ? EmptyStream.INSTANCE : files[p].read(context.allocator());
  }

  /** Deletes partition {@code p}'s file. */
  public synchronized void delete(int p) {
    if (files[p] != null) {
      files[p].delete();
      files[p] = null;
    }
    arrowBytes[p] = 0;
  }

  @Override
  public void close() {
    for (int p = 0; p <= COUNT; p++) {
      synchronized (pending[p]) {
        pending[p].clear();
      }
      delete(p);
    }
  }
}
