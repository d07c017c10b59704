package io.basalt.engine.exec.aggregate;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.exec.OperatorMetrics;
import io.basalt.engine.memory.MemoryReservation;
import io.basalt.engine.memory.OperatorMemory;
import io.basalt.engine.spill.SpillFile;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The output of a {@link HashAggregateNode}, handed to the copies of the reading pipeline.
 *
 * <p>In memory: the merged table; each copy cuts the next range of groups into a result batch when
 * it asks for one. Spilled: a queue of partition files; a copy takes a partition, merges its
 * spilled states in a table of its own (under its own reservation), emits the partition's groups,
 * drops the table and takes the next. A partition whose table does not fit spills again into
 * sub-partitions (the next hash bits), which the same copy aggregates before taking another — so
 * the disk holds at most one partition's worth of extra files per copy at a time. Kept as run
 * state; closing releases the table and deletes the files nobody read.
 */
final class AggregateOutput implements AutoCloseable {
  private final HashAggregateNode node;
  private final ExecContext context;
  private final OperatorMemory memory;
  private final OperatorMetrics metrics;
  private final int step;
  // in memory
  private GroupHashTable table;
  private Accumulator[] accs;
  private MemoryReservation reservation;
  private int nextFrom;
  // spilled
  private final ConcurrentLinkedDeque<Task> tasks = new ConcurrentLinkedDeque<>();
  private final AggregatePartitions.SpillStats stats;
  private boolean closed;

  /** A partition file and the pass that wrote it. */
  private record Task(SpillFile file, int level) {}

  private AggregateOutput(HashAggregateNode node, ExecContext context, OperatorMemory memory,
      OperatorMetrics metrics, AggregatePartitions.SpillStats stats) {
    this.node = node;
    this.context = context;
    this.memory = memory;
    this.metrics = metrics;
    this.step = Math.max(1, context.batchRows());
    this.stats = stats;
  }

  /** Output of an aggregation that fit in memory; takes over the reservation. */
  AggregateOutput(HashAggregateNode node, ExecContext context, OperatorMemory memory,
      OperatorMetrics metrics, GroupHashTable table, Accumulator[] accs,
      MemoryReservation reservation) {
    this(node, context, memory, metrics, null);
    this.table = table;
    this.accs = accs;
    this.reservation = reservation;
    publish();
  }

  /** Output of an aggregation that spilled into {@code files} (level-0 partitions). */
  AggregateOutput(HashAggregateNode node, ExecContext context, OperatorMemory memory,
      OperatorMetrics metrics, List<SpillFile> files, AggregatePartitions.SpillStats stats) {
    this(node, context, memory, metrics, stats);
    for (SpillFile f : files) {
      tasks.add(new Task(f, 0));
    }
    publish();
  }

  /** A stream for one copy of the reading pipeline. */
  BatchStream stream() {
    return stats == null ? new TableStream() : new PartitionStream();
  }

  private synchronized void publish() {
    metrics.max("peak reserved bytes", memory.peak());
    if (stats != null) {
      metrics.max("spill rows", stats.rows.get());
      metrics.max("spill bytes", stats.bytes.get());
      metrics.max("spill files", stats.files.get());
      metrics.max("spill passes", stats.passes.get());
    }
  }

  /** Claims the next range of the in-memory table: {from, count}, or null when all are taken. */
  private synchronized int[] claim() {
    if (closed || table == null || nextFrom >= table.groupCount()) {
      return null;
    }
    int from = nextFrom;
    int count = Math.min(step, table.groupCount() - from);
    nextFrom += count;
    return new int[] {from, count};
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    publish();
    table = null;
    accs = null;
    if (reservation != null) {
      reservation.close();
    }
    Task t;
    while ((t = tasks.poll()) != null) {
      t.file.delete();
    }
  }

  private final class TableStream implements BatchStream {
    @Override
    public VectorSchemaRoot next() {
      int[] range = claim();
      if (range == null) {
        return null;
      }
      // Ranges are disjoint and the table is only read now, so copies write in parallel.
      return node.writeBatch(table, accs, range[0], range[1], context);
    }

    @Override
    public void close() {}
  }

  /** One copy's walk over partitions: merge one, emit it, drop it, take the next. */
  private final class PartitionStream implements BatchStream {
    private final Deque<Task> local = new ArrayDeque<>();
    private final MemoryReservation res = memory.newReservation("merging partitions");
    private final ColumnIO.Kind[] keyKinds = node.tableKinds();
    private final long headroom = AggregatePartitions.headroom(context);
    private GroupHashTable current;
    private Accumulator[] currentAccs;
    private int from;
    private boolean done;

    @Override
    public VectorSchemaRoot next() throws IOException {
      while (!done) {
        context.checkCancelled();
        if (current != null && from < current.groupCount()) {
          int count = Math.min(step, current.groupCount() - from);
          VectorSchemaRoot b = node.writeBatch(current, currentAccs, from, count, context);
          from += count;
          return b;
        }
        current = null;
        currentAccs = null;
        res.tryResize(0);
        Task t = local.isEmpty() ? tasks.poll() : local.pop();
        if (t == null) {
          done = true;
          break;
        }
        merge(t);
      }
      return null;
    }

    /**
     * Merges partition {@code t} into a new table; when the table outgrows the reservation, spills
     * it into sub-partitions (queued on this copy) and leaves {@code current} null.
     */
    private void merge(Task t) throws IOException {
      GroupHashTable table = new GroupHashTable(keyKinds);
      Accumulator[] accs = node.newAccumulators();
      AggregatePartitions sub = null;
      StateBatch scratch = new StateBatch();
      res.resize(headroom);
      try (BatchStream in = t.file.read(context.allocator())) {
        VectorSchemaRoot b;
        while ((b = in.next()) != null) {
          try (VectorSchemaRoot batch = b) {
            context.checkCancelled();
            scratch.mergeInto(batch, table, accs);
          }
          long need = AggregatePartitions.booked(table, accs) + scratch.bytes() + headroom;
          if (need > res.size() && !res.tryResize(need)) {
            if (t.level + 1 > AggregatePartitions.MAX_LEVEL) {
              throw res.limitExceeded(need);
            }
            if (sub == null) {
              sub = node.newPartitions(t.level + 1, context, stats);
            }
            res.tryResize(0);
            sub.spill(table, accs);
            table = new GroupHashTable(keyKinds);
            accs = node.newAccumulators();
            res.resize(headroom + scratch.bytes());
          }
        }
      }
      t.file.delete();
      if (sub != null) {
        res.tryResize(0);
        sub.spill(table, accs);
        List<SpillFile> parts = sub.finish();
        for (int i = parts.size() - 1; i >= 0; i--) {
          local.push(new Task(parts.get(i), t.level + 1));
        }
        publish();
        return;
      }
      metrics.add("groups", table.groupCount());
      current = table;
      currentAccs = accs;
      from = 0;
    }

    @Override
    public void close() {
      current = null;
      currentAccs = null;
      res.close();
      publish();
      Task t;
      while ((t = local.poll()) != null) {
        t.file.delete();
      }
    }
  }

  /** Reused columns for reading spilled state batches. */
  private final class StateBatch {
    private final Col[] keys;
    private final Col[] states;
    private long[] hashes = new long[0];
    private int[] map = new int[0];

    StateBatch() {
      ColumnIO.Kind[] kinds = node.tableKinds();
      keys = new Col[kinds.length];
      for (int k = 0; k < kinds.length; k++) {
        keys[k] = ColumnIO.newCol(kinds[k], 1024);
      }
      List<Col> cols = new java.util.ArrayList<>();
      for (Accumulator a : node.newAccumulators()) {
        if (a != null) {
          for (ColumnIO.Kind k : a.stateKinds()) {
            cols.add(ColumnIO.newCol(k, 1024));
          }
        }
      }
      states = cols.toArray(new Col[0]);
    }

    long bytes() {
      long b = 12L * hashes.length;
      for (Col c : keys) {
        b += c.bytes();
      }
      for (Col c : states) {
        b += c.bytes();
      }
      return b;
    }

    /** Finds or inserts the batch's keys in {@code table} and merges their states. */
    void mergeInto(VectorSchemaRoot b, GroupHashTable table, Accumulator[] accs) {
      int n = b.getRowCount();
      if (hashes.length < n) {
        hashes = new long[n];
        map = new int[n];
      }
      for (int k = 0; k < keys.length; k++) {
        ColumnIO.extract(b.getVector(k), n, keys[k], true);
      }
      GroupHashTable.hash(keys, n, hashes);
      table.findOrInsert(keys, hashes, n, map);
      int groups = table.groupCount();
      int col = keys.length;
      int s = 0;
      for (Accumulator acc : accs) {
        if (acc == null) {
          continue;
        }
        acc.ensureGroups(groups);
        Col[] state = new Col[acc.stateKinds().length];
        for (int j = 0; j < state.length; j++) {
          state[j] = states[s++];
          ColumnIO.extract(b.getVector(col++), n, state[j], false);
        }
        acc.mergeState(state, map, n);
      }
    }
  }
}
