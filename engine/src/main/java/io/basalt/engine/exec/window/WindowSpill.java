package io.basalt.engine.exec.window;

import io.basalt.engine.exec.BatchSink;
import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.exec.OperatorMetrics;
import io.basalt.engine.exec.join.JoinKeys;
import io.basalt.engine.exec.join.JoinPartitions;
import io.basalt.engine.memory.ArrowBytes;
import io.basalt.engine.memory.MemoryLimitExceededException;
import io.basalt.engine.memory.MemoryReservation;
import io.basalt.engine.memory.OperatorMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A window execution under memory_limit. Workers buffer their rows while the rows (and the arrays
 * an evaluation of them needs) fit their share of the limit; when one cannot, every worker writes
 * its rows to {@value JoinPartitions#COUNT} spill files by a hash of the PARTITION BY columns that
 * all of the node's windows share — so each window partition lies whole in one file — and the
 * output is then produced file by file: the output copies take files in turn and evaluate each in
 * memory exactly as an unspilled window is evaluated. A file that does not fit — one window
 * partition larger than memory, or all rows of windows without a shared PARTITION BY, which go to
 * a single file — is sorted on disk and streamed instead ({@link SortedWindow}).
 */
final class WindowSpill implements AutoCloseable {
  /** Heap bytes per row of an evaluation: row order, buckets, results and argument arrays. */
  static long heapBytesPerRow(List<WindowGroup> groups) {
    long bytes = 16;
    for (WindowGroup g : groups) {
      bytes += 12 + 24L * g.functions().size();
    }
    return bytes;
  }

  /**
   * Arrow bytes per row of the result columns an evaluation allocates: each output type's width
   * (a guess for strings) and validity bit, with half again for Arrow's rounding of buffers up to
   * a power of two.
   */
  static long outputBytesPerRow(List<WindowGroup> groups) {
    long bytes = 0;
    for (WindowGroup g : groups) {
      for (WindowFunction fn : g.functions()) {
        bytes += 1 + switch (fn.output().getType().getTypeID()) {
          case Int -> ((ArrowType.Int) fn.output().getType()).getBitWidth() / 8;
          case Bool -> 1;
          case Decimal, Interval -> 16;
          case Date, Time, FloatingPoint -> 8;
          case Utf8, Binary, LargeUtf8, LargeBinary -> 36;
          default -> 16;
        };
      }
    }
    return bytes * 3 / 2;
  }

  final ExecContext context;
  final OperatorMemory memory;
  private final int[] keyColumns;
  private final JoinKeys.Kind[] kinds;
  private final boolean[] nullSafe;
  final Schema schema;
  final String label;
  final JoinPartitions.SpillStats stats = new JoinPartitions.SpillStats();
  private volatile JoinPartitions partitions;
  /** The next partition an output copy takes. */
  final AtomicInteger next = new AtomicInteger();

  WindowSpill(ExecContext context, OperatorMemory memory, Schema schema, int[] keyColumns,
      String label) {
    this.context = context;
    this.memory = memory;
    this.schema = schema;
    this.keyColumns = keyColumns;
    this.label = label;
    this.kinds = new JoinKeys.Kind[keyColumns.length];
    this.nullSafe = new boolean[keyColumns.length];
    for (int k = 0; k < keyColumns.length; k++) {
      Field f = schema.getFields().get(keyColumns[k]);
      kinds[k] = JoinKeys.kind(f, f);
      nullSafe[k] = true; // PARTITION BY puts NULL keys together
    }
  }

  boolean spilling() {
    return partitions != null;
  }

  synchronized void start() {
    if (partitions == null) {
      partitions = new JoinPartitions(context, schema, label, 0, stats, true);
    }
  }

  /** Writes {@code batch}'s rows to their partitions; the caller keeps the batch. */
  void write(VectorSchemaRoot batch, JoinKeys.Keys scratch) {
    JoinKeys.extract(batch, keyColumns, kinds, nullSafe, scratch);
    partitions.write(batch, scratch);
  }

  void finish() {
    partitions.finish();
  }

  JoinPartitions partitions() {
    return partitions;
  }

  void record(OperatorMetrics metrics) {
    stats.record(metrics, memory);
  }

  @Override
  public void close() {
    if (partitions != null) {
      partitions.close();
    }
  }

  /** One worker's rows: held while they fit its share, written out once the window spills. */
  static final class Buffer implements BatchSink {
    final List<VectorSchemaRoot> batches = new ArrayList<>();
    private final WindowSpill spill;
    private final MemoryReservation reservation;
    private final long heapPerRow;
    private final long outputPerRow;
    private final JoinKeys.Keys scratch;
    long rows;
    long arrowBytes;

    /**
     * @param spill where rows go when they do not fit (null: no limit, or cannot spill)
     * @param outputPerRow Arrow bytes per row of the results an evaluation will allocate, declared
     *     with the held batches so that the room for them is there
     */
    Buffer(WindowSpill spill, MemoryReservation reservation, long heapPerRow, long outputPerRow,
        int keys) {
      this.spill = spill;
      this.reservation = reservation;
      this.heapPerRow = heapPerRow;
      this.outputPerRow = outputPerRow;
      this.scratch = new JoinKeys.Keys(keys);
    }

    @Override
    public void accept(VectorSchemaRoot batch) {
      if (batch.getRowCount() == 0) {
        batch.close();
        return;
      }
      if (spill != null && spill.spilling()) {
        flush();
        try (batch) {
          spill.write(batch, scratch);
        }
        return;
      }
      batches.add(batch);
      rows += batch.getRowCount();
      arrowBytes += ArrowBytes.held(batch);
      if (spill == null) {
        return;
      }
      if (reservation.tryResize(rows * heapPerRow, arrowBytes + rows * outputPerRow)) {
        return;
      }
      spill.start();
      flush();
    }

    /** Writes the held rows out (once the window spills) and releases them. */
    void flush() {
      for (VectorSchemaRoot b : batches) {
        spill.write(b, scratch);
        b.close();
      }
      batches.clear();
      rows = 0;
      arrowBytes = 0;
      if (reservation != null) {
        reservation.tryResize(0, 0);
      }
    }

    void close() {
      batches.forEach(VectorSchemaRoot::close);
      batches.clear();
      if (reservation != null) {
        reservation.close();
      }
    }
  }

  /**
   * One output copy: takes partitions in turn, evaluates each with {@code evaluator} on this thread
   * (its reservation booking the evaluation's arrays) and returns its batches.
   */
  static final class Output implements BatchStream {
    /** Evaluates the windows over one partition's batches, returning the output batches. */
    interface Evaluator {
      List<VectorSchemaRoot> evaluate(List<VectorSchemaRoot> batches) throws Exception;
    }

    private final WindowSpill spill;
    private final List<WindowGroup> groups;
    private final Evaluator evaluator;
    private final long heapPerRow;
    private final long outputPerRow;
    private final OperatorMetrics metrics;
    private final java.util.ArrayDeque<VectorSchemaRoot> ready = new java.util.ArrayDeque<>();
    /** The output of a partition too large for memory, evaluated as a stream. */
    private BatchStream streamed;
    private MemoryReservation reservation;
    private boolean done;

    Output(WindowSpill spill, List<WindowGroup> groups, Evaluator evaluator,
        OperatorMetrics metrics) {
      this.spill = spill;
      this.groups = groups;
      this.evaluator = evaluator;
      this.heapPerRow = heapBytesPerRow(groups);
      this.outputPerRow = outputBytesPerRow(groups);
      this.metrics = metrics;
    }

    @Override
    public VectorSchemaRoot next() throws java.io.IOException {
      while (true) {
        if (streamed != null) {
          VectorSchemaRoot b = streamed.next();
          if (b != null) {
            return b;
          }
          streamed.close();
          streamed = null;
        }
        if (!ready.isEmpty() || done) {
          return ready.poll();
        }
        int p = spill.next.getAndIncrement();
        if (p > JoinPartitions.NULL_KEYS) {
          done = true;
          if (metrics != null) {
            spill.record(metrics);
          }
          continue;
        }
        evaluatePartition(p);
      }
    }

    private void evaluatePartition(int p) throws java.io.IOException {
      spill.context.checkCancelled();
      JoinPartitions parts = spill.partitions();
      long rows = parts.rows(p);
      if (rows == 0) {
        return;
      }
      if (reservation == null) {
        reservation = spill.memory.newReservation("partition worker");
      }
      long heap = rows * heapPerRow;
      long arrow = parts.arrowBytes(p) + rows * outputPerRow;
      if (!reservation.tryResize(heap, arrow)) {
        // Window partitions larger than memory: sorted on disk and streamed.
        String unsupported = SortedWindow.unsupported(groups, spill.schema);
        if (unsupported == null) {
          try {
            streamed = SortedWindow.evaluate(spill.context, spill.memory, parts.read(p),
                spill.schema, groups, spill.label + " partition " + p, spill.stats);
          } finally {
            parts.delete(p);
          }
          return;
        }
        try {
          reservation.resize(heap, arrow);
        } catch (MemoryLimitExceededException e) {
          throw new UnsupportedOperationException("not supported yet: " + unsupported
              + " over window partitions larger than memory (" + rows + " rows here): "
              + e.getMessage(), e);
        }
      }
      List<VectorSchemaRoot> batches = new ArrayList<>();
      try (BatchStream in = parts.read(p)) {
        for (VectorSchemaRoot b = in.next(); b != null; b = in.next()) {
          batches.add(b);
        }
        ready.addAll(evaluator.evaluate(batches)); // takes the batches' vectors over
        batches.clear();
      } catch (java.io.IOException | RuntimeException | Error e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      } finally {
        batches.forEach(VectorSchemaRoot::close);
        parts.delete(p);
        reservation.tryResize(0, 0);
      }
    }

    @Override
    public void close() {
      done = true;
      if (streamed != null) {
        streamed.close();
        streamed = null;
      }
      ready.forEach(VectorSchemaRoot::close);
      ready.clear();
      if (reservation != null) {
        reservation.close();
      }
    }
  }
}
