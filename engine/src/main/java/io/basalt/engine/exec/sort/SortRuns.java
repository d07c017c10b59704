package io.basalt.engine.exec.sort;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.spill.SpillFile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The sorted runs an external sort has written to disk: each one an Arrow IPC spill file of rows in
 * key order, cut into small batches so that a merge holds one batch per run. Workers add runs
 * concurrently; the merge phase takes them in order. Closing deletes every run file still held.
 */
final class SortRuns implements AutoCloseable {
  /** Target bytes of one batch of a run: what a merge keeps in memory per run. */
  static final long RUN_BATCH_BYTES = 1 << 20;
  /** The fewest rows in a run batch (tiny batches cost more in IPC framing than they save). */
  static final int MIN_RUN_BATCH_ROWS = 256;

  /** A run: its file and the most rows any of its batches has (a merge slot's capacity). */
  record Run(SpillFile file, int batchRows) {}

  private final ExecContext context;
  private final String label;
  private final List<Run> runs = new ArrayList<>();
  final AtomicLong rows = new AtomicLong();
  final AtomicLong bytes = new AtomicLong();
  final AtomicLong files = new AtomicLong();
  private int passes = 1;

  SortRuns(ExecContext context, String label) {
    this.context = context;
    this.label = label;
  }

  /** Rows of one run batch for rows of about {@code bytesPerRow}: about a megabyte. */
  int runBatchRows(long bytesPerRow) {
    long rowsPerBatch = RUN_BATCH_BYTES / Math.max(1, bytesPerRow);
    return (int) Math.max(MIN_RUN_BATCH_ROWS, Math.min(context.batchRows(), rowsPerBatch));
  }

  /**
   * Writes rows {@code order} of {@code space} — already in key order — as a new run, in batches of
   * {@code batchRows}. The caller keeps the space's batches.
   */
  void write(RowSpace space, int[] order, int batchRows) {
    SpillFile file = context.spill().newFile(label, space.batches.get(0).getSchema());
    RowGather.Sources sources = new RowGather.Sources(space);
    try {
      for (int from = 0; from < order.length; from += batchRows) {
        context.checkCancelled();
        try (VectorSchemaRoot b = RowGather.gather(sources, order, from,
            Math.min(batchRows, order.length - from), context.allocator())) {
          file.write(b);
        }
      }
      file.finish();
    } catch (RuntimeException | Error e) {
      file.delete();
      throw e;
    }
    add(new Run(file, batchRows));
  }

  /** Writes everything {@code merged} yields as one new run (a merge pass); closes the stream. */
  void write(BatchStream merged, int batchRows, org.apache.arrow.vector.types.pojo.Schema schema)
      throws java.io.IOException {
    SpillFile file = context.spill().newFile(label, schema);
    try (merged) {
      for (VectorSchemaRoot b = merged.next(); b != null; b = merged.next()) {
        try (VectorSchemaRoot written = b) {
          file.write(written);
        }
      }
      file.finish();
    } catch (java.io.IOException | RuntimeException | Error e) {
      file.delete();
      throw e;
    }
    add(new Run(file, batchRows));
  }

  private synchronized void add(Run run) {
    runs.add(run);
    rows.addAndGet(run.file().rows());
    bytes.addAndGet(run.file().bytes());
    files.incrementAndGet();
  }

  /** The most rows of a batch of any run held. */
  synchronized int maxBatchRows() {
    int max = 1;
    for (Run r : runs) {
      max = Math.max(max, r.batchRows());
    }
    return max;
  }

  synchronized int size() {
    return runs.size();
  }

  synchronized boolean isEmpty() {
    return runs.isEmpty();
  }

  /** Removes and returns the first {@code n} runs (the oldest: written first). */
  synchronized List<Run> take(int n) {
    List<Run> first = new ArrayList<>(runs.subList(0, Math.min(n, runs.size())));
    runs.subList(0, first.size()).clear();
    return first;
  }

  synchronized void countPass() {
    passes++;
  }

  synchronized int passes() {
    return passes;
  }

  @Override
  public synchronized void close() {
    for (Run r : runs) {
      r.file().delete();
    }
    runs.clear();
  }
}
