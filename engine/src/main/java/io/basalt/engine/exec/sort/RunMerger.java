package io.basalt.engine.exec.sort;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.memory.MemoryReservation;
import io.basalt.engine.memory.OperatorMemory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The k-way merge of sorted runs into one sorted stream. Each run has one slot of a {@link
 * RowSpace#slots slotted row space} holding its current batch, whose keys are encoded once ({@link
 * SortKeys}); a binary heap of slots, ordered by each slot's next row, picks the smallest row. When
 * a slot's batch is used up, the rows picked so far are gathered into an output batch (they may
 * point into that batch), and the slot is refilled with the run's next batch before the next call.
 *
 * <p>Memory: one batch per run plus the slots' key arrays, which the caller books in {@code
 * reservation} (the merge fails with a memory_limit error when even that does not fit). Ties
 * between runs go to the lower slot, so merging runs written in input order keeps equal rows in
 * input order. Closing releases every batch, closes the run streams and deletes their files.
 */
final class RunMerger implements BatchStream {
  private final ExecContext context;
  private final List<SortRuns.Run> runs;
  private final BatchStream[] streams;
  private final List<VectorSchemaRoot> heads = new ArrayList<>();
  private final int capacity;
  private final int outRows;
  private final MemoryReservation reservation;
  private final List<SortKey> keys;
  private long keyArrayBytes;
  private RowSpace space;
  private SortKeys encoded;
  private SortKeys.RowComparator cmp;
  private int[] pos;
  private int[] heap;
  private int heapSize;
  /** The slot whose batch ran out at the end of the last call, or -1. */
  private int refill = -1;
  private boolean closed;

  /**
   * @param runs the runs to merge, in input order; this merger deletes their files when closed
   * @param outRows rows of an output batch at most
   * @param reservation where the slots' key arrays are booked; closed with this merger
   */
  RunMerger(ExecContext context, List<SortRuns.Run> runs, List<SortKey> keys, int outRows,
      MemoryReservation reservation) throws IOException {
    this.context = context;
    this.runs = List.copyOf(runs);
    this.streams = new BatchStream[runs.size()];
    this.outRows = outRows;
    this.reservation = reservation;
    this.keys = keys;
    int cap = 1;
    for (SortRuns.Run r : runs) {
      cap = Math.max(cap, r.batchRows());
    }
    this.capacity = cap;
    try {
      open();
    } catch (IOException | RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /** The most runs one merge reads at once (more passes are cheaper than thrashing the disk). */
  static final int MAX_FAN_IN = 128;

  /**
   * The merge of all of {@code runs}: first in passes of at most the fan-in the memory allows
   * (oldest runs first, each written back as one run) until one merge of the rest fits; that last
   * merge is returned, in output batches of {@code outRows}. Its reservations come from {@code
   * memory} (null: no limit).
   */
  static RunMerger mergeAll(ExecContext context, SortRuns runs, List<SortKey> keys,
      OperatorMemory memory, Schema schema, int outRows) throws IOException {
    int fanIn = fanIn(memory);
    while (runs.size() > fanIn) {
      List<SortRuns.Run> group = runs.take(fanIn);
      int batchRows = group.stream().mapToInt(SortRuns.Run::batchRows).max().orElse(1);
      RunMerger merger = new RunMerger(context, group, keys, batchRows,
          memory == null ? null : memory.newReservation("merge pass"));
      runs.countPass();
      runs.write(merger, batchRows, schema);
    }
    return new RunMerger(context, runs.take(runs.size()), keys, outRows,
        memory == null ? null : memory.newReservation("merge"));
  }

  /**
   * How many runs one merge reads at once: each holds a batch of about {@link
   * SortRuns#RUN_BATCH_BYTES} and its slot's key arrays, plus the output batch being built.
   */
  private static int fanIn(OperatorMemory memory) {
    if (memory == null) {
      return MAX_FAN_IN;
    }
    long perRun = 3 * SortRuns.RUN_BATCH_BYTES;
    return (int) Math.max(2, Math.min(MAX_FAN_IN, memory.shareable() / perRun));
  }

  /** Bytes of key arrays per slot row, beyond the bytes of string keys (see {@link SortBuffer}). */
  static long keyBytes(int slots, int capacity, int keyCount) {
    return (long) slots * capacity * (4 + 17L * keyCount);
  }

  private void open() throws IOException {
    // Slot s reads the s-th run that has rows, so streams are kept in slot order: those with
    // rows first, then the exhausted ones (kept only to be closed).
    List<BatchStream> live = new ArrayList<>();
    List<BatchStream> exhausted = new ArrayList<>();
    for (int r = 0; r < runs.size(); r++) {
      BatchStream in = runs.get(r).file().read(context.allocator());
      streams[r] = in;
      VectorSchemaRoot first = nextNonEmpty(in);
      if (first != null) {
        heads.add(first);
        live.add(in);
      } else {
        exhausted.add(in);
      }
    }
    for (int s = 0; s < live.size(); s++) {
      streams[s] = live.get(s);
    }
    for (int s = 0; s < exhausted.size(); s++) {
      streams[live.size() + s] = exhausted.get(s);
    }
    int k = heads.size();
    pos = new int[k];
    heap = new int[k];
    if (k == 0) {
      return;
    }
    keyArrayBytes = keyBytes(k, capacity, keys.size());
    book();
    space = RowSpace.slots(heads, capacity);
    encoded = new SortKeys(space, keys, true);
    encoded.encodeAll();
    cmp = encoded.comparator();
    for (int s = 0; s < k; s++) {
      heap[s] = s;
    }
    heapSize = k;
    for (int i = k / 2 - 1; i >= 0; i--) {
      siftDown(i);
    }
  }

  /** Bytes of the heads' string keys, which {@link SortKeys} copies to the heap. */
  private long stringBytes() {
    long total = 0;
    for (VectorSchemaRoot h : heads) {
      for (SortKey key : keys) {
        total += SortBuffer.stringKeyBytes(h.getVector(key.column()));
      }
    }
    return total;
  }

  private static VectorSchemaRoot nextNonEmpty(BatchStream s) throws IOException {
    VectorSchemaRoot b;
    while ((b = s.next()) != null) {
      if (b.getRowCount() > 0) {
        return b;
      }
      b.close();
    }
    return null;
  }

  @Override
  public VectorSchemaRoot next() throws IOException {
    if (closed) {
      return null;
    }
    context.checkCancelled();
    if (refill >= 0) {
      refill(refill);
      refill = -1;
    }
    if (heapSize == 0) {
      return null;
    }
    int[] picked = new int[outRows];
    int n = 0;
    while (n < outRows && heapSize > 0) {
      int s = heap[0];
      picked[n++] = s * capacity + pos[s];
      if (++pos[s] == heads.get(s).getRowCount()) {
        refill = s; // the picked rows may point into this batch: gather before replacing it
        break;
      }
      siftDown(0);
    }
    return RowGather.gather(space, picked, 0, n, context.allocator());
  }

  /** Replaces slot {@code s}'s used-up batch (at the heap's top) by its run's next one. */
  private void refill(int s) throws IOException {
    VectorSchemaRoot next = nextNonEmpty(streams[s]);
    if (next == null) {
      // The run is done; its last batch stays in its slot (closed with the merger).
      heap[0] = heap[--heapSize];
      if (heapSize > 0) {
        siftDown(0);
      }
      return;
    }
    heads.get(s).close();
    heads.set(s, next);
    pos[s] = 0;
    book();
    encoded.encodeBatch(s);
    siftDown(0);
  }

  /** Books the slots' key arrays and the copies of the heads' string keys. */
  private void book() {
    if (reservation != null) {
      reservation.resize(keyArrayBytes + stringBytes());
    }
  }

  private boolean less(int a, int b) {
    int c = cmp.compare(a * capacity + pos[a], b * capacity + pos[b]);
    return c < 0 || (c == 0 && a < b);
  }

  private void siftDown(int i) {
    int s = heap[i];
    while (true) {
      int child = 2 * i + 1;
      if (child >= heapSize) {
        break;
      }
      if (child + 1 < heapSize && less(heap[child + 1], heap[child])) {
        child++;
      }
      if (!less(heap[child], s)) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = s;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    heads.forEach(VectorSchemaRoot::close);
    heads.clear();
    for (BatchStream s : streams) {
      if (s != null) {
        s.close();
      }
    }
    for (SortRuns.Run r : runs) {
      r.file().delete();
    }
    if (reservation != null) {
      reservation.close();
    }
  }
}
