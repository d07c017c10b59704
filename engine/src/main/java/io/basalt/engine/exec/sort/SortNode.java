package io.basalt.engine.exec.sort;

import io.basalt.engine.exec.BatchSink;
import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.EmptyStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.QueryRun;
import io.basalt.engine.exec.OperatorMetrics;
import io.basalt.engine.exec.SharedBatches;
import io.basalt.engine.memory.MemoryReservation;
import io.basalt.engine.memory.OperatorMemory;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * ORDER BY, with an optional OFFSET and LIMIT (top-N): a pipeline breaker whose output is one
 * ordered stream from copy 0.
 *
 * <p>Full sort: every copy of the input is drained into its own buffer; the keys of all rows are
 * then encoded into primitive arrays (in parallel, per batch), the row numbers are cut into one
 * range per worker and each worker merge-sorts its range, the ranges are merged, and the output
 * batches are gathered from the input batches in parallel.
 *
 * <p>Under a memory limit the full sort is external: a copy whose rows outgrow its share writes
 * them as a sorted run ({@code SortBuffer}), and the output is then the merge of the runs ({@code
 * RunMerger}), in several passes when the limit allows only a narrow merge.
 *
 * <p>Top-N (a LIMIT, possibly with an OFFSET): each copy keeps only its best {@code offset + limit}
 * rows, compacting its buffer with a bounded heap whenever it reaches twice that (and at least a
 * few thousand rows), so memory stays proportional to N, never to the input. The survivors of all
 * copies are then ordered the same way and the OFFSET rows skipped.
 */
public final class SortNode implements PhysicalNode {
  /** Fewer buffered rows than this are never compacted (heap work per row stays amortized). */
  private static final int MIN_COMPACT_ROWS = 8192;
  /** Above this N, top-N sorts everything (a heap of millions of rows is no saving). */
  private static final long MAX_TOP_N = 1 << 24;

  private final PhysicalNode input;
  private final List<SortKey> keys;
  private final RowBound offset;
  private final RowBound fetch;
  private final int profileId;

  /** A sort whose counters are not shown (tests). */
  public SortNode(PhysicalNode input, List<SortKey> keys, RowBound offset, RowBound fetch) {
    this(input, keys, offset, fetch, -1);
  }

  /**
   * @param offset rows to skip after sorting, or null for none
   * @param fetch rows to return at most, or null for all
   * @param profileId plan node id for the memory and spill counters of EXPLAIN ANALYZE (-1: none)
   */
  public SortNode(PhysicalNode input, List<SortKey> keys, RowBound offset, RowBound fetch,
      int profileId) {
    this.input = input;
    this.keys = List.copyOf(keys);
    this.offset = offset;
    this.fetch = fetch;
    this.profileId = profileId;
  }

  public List<SortKey> keys() {
    return keys;
  }

  @Override
  public Schema schema() {
    return input.schema();
  }

  @Override
  public List<PhysicalNode> inputs() {
    return List.of(input);
  }

  @Override
  public boolean ordered() {
    return true;
  }

  @Override
  public String name() {
    return fetch == null ? "Sort" : "TopN";
  }

  @Override
  public void prepare(QueryRun run) throws Exception {
    input.prepare(run);
    ExecContext context = run.context();
    long skip = offset == null ? 0 : offset.resolve(context);
    long limit = fetch == null ? -1 : fetch.resolve(context);
    if (limit == 0) {
      // LIMIT 0 reads nothing.
      run.putState(this, new SortOutput(new SharedBatches(List.of())));
      return;
    }
    long keep = limit < 0 ? -1 : saturatedAdd(skip, limit);
    if (keep >= 0 && keep <= MAX_TOP_N) {
      run.putState(this, new SortOutput(topN(run, skip, (int) keep)));
    } else {
      run.putState(this, fullSort(run, skip, keep));
    }
  }

  /** Top-N: each copy keeps its best {@code keep} rows; the survivors are sorted in memory. */
  private SharedBatches topN(QueryRun run, long skip, int keep) throws Exception {
    int copies = run.copies(input);
    Buffer[] buffers = new Buffer[copies];
    for (int i = 0; i < copies; i++) {
      buffers[i] = new Buffer(keep, run.context().allocator());
    }
    List<VectorSchemaRoot> all = new ArrayList<>();
    try {
      run.drain(input, copy -> buffers[copy]);
      for (Buffer b : buffers) {
        all.addAll(b.batches);
        b.batches.clear();
      }
      return new SharedBatches(sortAndGather(run, all, skip, keep));
    } finally {
      for (Buffer b : buffers) {
        b.batches.forEach(VectorSchemaRoot::close);
        b.batches.clear();
      }
      all.forEach(VectorSchemaRoot::close);
    }
  }

  /**
   * A full sort under the memory limit: each copy buffers its rows and, when they outgrow its
   * share, writes them as a sorted run ({@link SortBuffer}). Without runs the rows are sorted in
   * memory; otherwise what is left is written as runs too and the output is their merge.
   */
  private SortOutput fullSort(QueryRun run, long skip, long keep) throws Exception {
    ExecContext context = run.context();
    BufferAllocator allocator = context.allocator();
    OperatorMemory memory = allocator.getLimit() == Long.MAX_VALUE ? null
        : new OperatorMemory(allocator, name() + " #" + profileId, run.threads());
    SortRuns runs = new SortRuns(context, "sort" + profileId);
    int copies = run.copies(input);
    SortBuffer[] buffers = new SortBuffer[copies];
    for (int i = 0; i < copies; i++) {
      buffers[i] = new SortBuffer(keys,
          memory == null ? null : memory.newReservation("worker " + (i + 1)), runs);
    }
    MemoryReservation merge = null;
    try {
      run.drain(input, copy -> buffers[copy]);
      long rows = 0;
      long arrow = 0;
      long heap = 0;
      for (SortBuffer b : buffers) {
        rows += b.rows;
        arrow += b.arrowBytes;
        heap += b.heapBytes;
      }
      if (memory != null) {
        merge = memory.newReservation("merge");
      }
      // An in-memory sort of everything also needs the merge of the workers' ranges (4 bytes/row).
      boolean inMemory = runs.isEmpty() && (memory == null
          || (arrow + heap + 4 * rows <= memory.shareable() && merge.tryResize(4 * rows)));
      SortOutput out;
      if (inMemory) {
        List<VectorSchemaRoot> all = new ArrayList<>();
        for (SortBuffer b : buffers) {
          all.addAll(b.batches);
          b.batches.clear();
        }
        // Gathering every output batch at once doubles the data: only when that fits.
        boolean eager = memory == null || 2 * arrow + heap + 4 * rows <= memory.shareable();
        out = eager ? new SortOutput(new SharedBatches(sortAndGather(run, all, skip, keep)), all)
            : sortLazily(run, all, skip, keep);
      } else {
        ParallelTasks.run(run, copies, i -> buffers[i].spill());
        out = mergeRuns(run, runs, memory, skip, keep);
      }
      record(context, memory, runs);
      return out;
    } finally {
      for (SortBuffer b : buffers) {
        b.close();
      }
      if (merge != null) {
        merge.close();
      }
      runs.close();
    }
  }

  /** The rows sorted in memory, output batch by batch as the reader asks (owns {@code all}). */
  private SortOutput sortLazily(QueryRun run, List<VectorSchemaRoot> all, long skip, long keep)
      throws Exception {
    RowSpace space = new RowSpace(all);
    SortKeys encoded = new SortKeys(space, keys);
    ParallelTasks.run(run, all.size(), encoded::encodeBatch);
    int[] order = RowSort.parallelSort(run, space.rows, encoded.comparator());
    int end = keep >= 0 ? (int) Math.min(order.length, keep) : order.length;
    int first = (int) Math.min(skip, end);
    ExecContext context = run.context();
    RowGather.Sources sources = new RowGather.Sources(space);
    BatchStream stream = new BatchStream() {
      private int next = first;

      @Override
      public VectorSchemaRoot next() {
        if (next >= end) {
          return null;
        }
        context.checkCancelled();
        int n = Math.min(context.batchRows(), end - next);
        VectorSchemaRoot b = RowGather.gather(sources, order, next, n, context.allocator());
        next += n;
        return b;
      }

      @Override
      public void close() {}
    };
    List<VectorSchemaRoot> owned = new ArrayList<>(all);
    all.clear();
    return new SortOutput(stream, owned);
  }

  /** The merge of the runs (see {@link RunMerger#mergeAll}), rows [skip, keep) of it. */
  private SortOutput mergeRuns(QueryRun run, SortRuns runs, OperatorMemory memory, long skip,
      long keep) throws Exception {
    BatchStream stream = RunMerger.mergeAll(run.context(), runs, keys, memory, input.schema(),
        run.context().batchRows());
    if (skip > 0 || keep >= 0) {
      stream = new LimitNode.Limited(run, stream, skip, keep < 0 ? Long.MAX_VALUE : keep - skip);
    }
    return new SortOutput(stream, List.of());
  }

  private void record(ExecContext context, OperatorMemory memory, SortRuns runs) {
    if (profileId < 0) {
      return;
    }
    OperatorMetrics metrics = context.profile().operator(profileId);
    if (memory != null) {
      metrics.max("peak reserved bytes", memory.peak());
    }
    if (runs.files.get() > 0) {
      metrics.max("spill rows", runs.rows.get());
      metrics.max("spill bytes", runs.bytes.get());
      metrics.max("spill files", runs.files.get());
      metrics.max("spill passes", runs.passes());
    }
  }

  @Override
  public BatchStream open(QueryRun run, int copy) {
    SortOutput out = run.state(this, SortOutput.class);
    return copy == 0 ? out.stream : EmptyStream.INSTANCE;
  }

  /** The sorted output as run state: one stream for copy 0, and what it reads from. */
  private static final class SortOutput implements AutoCloseable {
    final BatchStream stream;
    private final SharedBatches shared;
    private final List<VectorSchemaRoot> owned;

    /** Output gathered already; {@code inputs} (which it copied) are closed now. */
    SortOutput(SharedBatches shared, List<VectorSchemaRoot> inputs) {
      this.shared = shared;
      this.stream = shared.stream();
      this.owned = List.of();
      inputs.forEach(VectorSchemaRoot::close);
      inputs.clear();
    }

    SortOutput(SharedBatches shared) {
      this(shared, new ArrayList<>());
    }

    /** Output read from {@code stream}, which reads {@code owned} (closed with this). */
    SortOutput(BatchStream stream, List<VectorSchemaRoot> owned) {
      this.shared = null;
      this.stream = stream;
      this.owned = owned;
    }

    @Override
    public void close() {
      stream.close();
      if (shared != null) {
        shared.close();
      }
      owned.forEach(VectorSchemaRoot::close);
    }
  }

  /**
   * The rows of {@code batches} in key order, rows [skip, keep) of it, as new batches. The input
   * batches stay the caller's.
   */
  private List<VectorSchemaRoot> sortAndGather(QueryRun run, List<VectorSchemaRoot> batches,
      long skip, long keep) throws Exception {
    if (batches.isEmpty()) {
      return List.of();
    }
    RowSpace space = new RowSpace(batches);
    SortKeys encoded = new SortKeys(space, keys);
    ParallelTasks.run(run, batches.size(), encoded::encodeBatch);
    SortKeys.RowComparator cmp = encoded.comparator();
    int n = space.rows;
    int[] order;
    if (keep >= 0 && keep < n) {
      order = RowSort.top(n, (int) keep, cmp);
    } else {
      order = RowSort.parallelSort(run, n, cmp);
    }
    int end = keep >= 0 ? (int) Math.min(order.length, keep) : order.length;
    int first = (int) Math.min(skip, end);
    int count = end - first;
    int batchRows = run.context().batchRows();
    int outBatches = (count + batchRows - 1) / batchRows;
    VectorSchemaRoot[] out = new VectorSchemaRoot[outBatches];
    BufferAllocator allocator = run.context().allocator();
    int[] sorted = order;
    RowGather.Sources sources = new RowGather.Sources(space);
    try {
      ParallelTasks.run(run, outBatches, i -> {
        int from = first + i * batchRows;
        out[i] = RowGather.gather(sources, sorted, from, Math.min(batchRows, end - from),
            allocator);
      });
    } catch (Exception | Error e) {
      for (VectorSchemaRoot b : out) {
        if (b != null) {
          b.close();
        }
      }
      throw e;
    }
    return List.of(out);
  }

  private static long saturatedAdd(long a, long b) {
    long s = a + b;
    return s < 0 ? Long.MAX_VALUE : s;
  }

  /**
   * One copy's rows. Unbounded, it just holds the batches; bounded by {@code keep}, it replaces
   * its batches by their best {@code keep} rows whenever it holds twice that many.
   */
  private final class Buffer implements BatchSink {
    final List<VectorSchemaRoot> batches = new ArrayList<>();
    private final int keep;
    private final long compactAt;
    private final BufferAllocator allocator;
    private long rows;

    Buffer(int keep, BufferAllocator allocator) {
      this.keep = keep;
      this.compactAt = keep < 0 ? Long.MAX_VALUE : Math.max(2L * keep, MIN_COMPACT_ROWS);
      this.allocator = allocator;
    }

    @Override
    public void accept(VectorSchemaRoot batch) {
      if (batch.getRowCount() == 0) {
        batch.close();
        return;
      }
      batches.add(batch);
      rows += batch.getRowCount();
      if (rows >= compactAt) {
        compact();
      }
    }

    private void compact() {
      RowSpace space = new RowSpace(batches);
      SortKeys encoded = new SortKeys(space, keys);
      encoded.encodeAll();
      int[] best = RowSort.top(space.rows, keep, encoded.comparator());
      VectorSchemaRoot kept = best.length == 0 ? null
          : RowGather.gather(space, best, 0, best.length, allocator);
      batches.forEach(VectorSchemaRoot::close);
      batches.clear();
      if (kept != null) {
        batches.add(kept);
      }
      rows = best.length;
    }
  }
}
