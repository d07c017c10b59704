package io.basalt.engine.exec.sort;

import io.basalt.engine.exec.BatchSink;
import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.EmptyStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.QueryRun;
import io.basalt.engine.exec.SharedBatches;
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

  /**
   * @param offset rows to skip after sorting, or null for none
   * @param fetch rows to return at most, or null for all
   */
  public SortNode(PhysicalNode input, List<SortKey> keys, RowBound offset, RowBound fetch) {
    this.input = input;
    this.keys = List.copyOf(keys);
    this.offset = offset;
    this.fetch = fetch;
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
      run.putState(this, new SharedBatches(List.of()));
      return;
    }
    long keep = limit < 0 ? -1 : saturatedAdd(skip, limit);
    int bounded = keep >= 0 && keep <= MAX_TOP_N ? (int) keep : -1;
    int copies = run.copies(input);
    Buffer[] buffers = new Buffer[copies];
    for (int i = 0; i < copies; i++) {
      buffers[i] = new Buffer(bounded, context.allocator());
    }
    List<VectorSchemaRoot> all = new ArrayList<>();
    try {
      run.drain(input, copy -> buffers[copy]);
      for (Buffer b : buffers) {
        all.addAll(b.batches);
        b.batches.clear();
      }
      run.putState(this, new SharedBatches(sortAndGather(run, all, skip, keep)));
    } finally {
      for (Buffer b : buffers) {
        b.batches.forEach(VectorSchemaRoot::close);
        b.batches.clear();
      }
      all.forEach(VectorSchemaRoot::close);
    }
  }

  @Override
  public BatchStream open(QueryRun run, int copy) {
    SharedBatches out = run.state(this, SharedBatches.class);
    return copy == 0 ? out.stream() : EmptyStream.INSTANCE;
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
    try {
      ParallelTasks.run(run, outBatches, i -> {
        int from = first + i * batchRows;
        out[i] = RowGather.gather(space, sorted, from, Math.min(batchRows, end - from), allocator);
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
