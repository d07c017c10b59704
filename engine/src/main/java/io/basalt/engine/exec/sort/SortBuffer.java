package io.basalt.engine.exec.sort;

import io.basalt.engine.exec.BatchSink;
import io.basalt.engine.memory.ArrowBytes;
import io.basalt.engine.memory.MemoryReservation;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One worker's rows of a full sort. It holds the batches it is given while they fit its share of
 * the memory limit — their Arrow buffers, which the allocator already counts, plus the heap arrays
 * a sort of them will need, which it books in its reservation — and when they would not, it sorts
 * them and writes them out as one sorted run ({@link SortRuns}), then starts over empty.
 */
final class SortBuffer implements BatchSink {
  final List<VectorSchemaRoot> batches = new ArrayList<>();
  private final List<SortKey> keys;
  private final MemoryReservation reservation;
  private final SortRuns runs;
  long rows;
  /** Bytes of Arrow memory under the held batches. */
  long arrowBytes;
  /** Bytes of heap a sort of the held rows takes (key arrays, row numbers, string key copies). */
  long heapBytes;

  /**
   * @param reservation where the held rows are counted (heap booked, batches declared); null
   *     without a limit: then it never spills
   */
  SortBuffer(List<SortKey> keys, MemoryReservation reservation, SortRuns runs) {
    this.keys = keys;
    this.reservation = reservation;
    this.runs = runs;
  }

  @Override
  public void accept(VectorSchemaRoot batch) {
    if (batch.getRowCount() == 0) {
      batch.close();
      return;
    }
    long addArrow = ArrowBytes.held(batch);
    long addHeap = heapBytes(batch, keys);
    // Spill before taking the batch: the rows held have their sort arrays booked already.
    if (reservation != null && rows > 0
        && !reservation.tryResize(heapBytes + addHeap, arrowBytes + addArrow)) {
      spill();
    }
    batches.add(batch);
    rows += batch.getRowCount();
    arrowBytes += addArrow;
    heapBytes += addHeap;
    if (reservation != null && !reservation.tryResize(heapBytes, arrowBytes)) {
      // A batch larger than this worker's share (it is in memory already): sort it into a run of
      // its own, if at least its sort arrays can be booked.
      if (!reservation.tryResize(heapBytes, 0)) {
        throw reservation.limitExceeded(heapBytes);
      }
      spill();
    }
  }

  /** Sorts the held rows (whose sort arrays are booked) into a new run on disk; releases them. */
  void spill() {
    if (rows == 0) {
      return;
    }
    RowSpace space = new RowSpace(batches);
    SortKeys encoded = new SortKeys(space, keys);
    encoded.encodeAll();
    int n = space.rows;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    RowSort.sort(order, 0, n, encoded.comparator(), new int[n]);
    runs.write(space, order, runs.runBatchRows(Math.max(1, arrowBytes / n)));
    release();
  }

  /** Closes the held batches and gives the booking back (the reservation stays open). */
  void release() {
    batches.forEach(VectorSchemaRoot::close);
    batches.clear();
    rows = 0;
    arrowBytes = 0;
    heapBytes = 0;
    if (reservation != null) {
      reservation.tryResize(0, 0);
    }
  }

  /** Closes everything, the reservation included. */
  void close() {
    release();
    if (reservation != null) {
      reservation.close();
    }
  }

  /**
   * Heap bytes a sort of {@code batch}'s rows takes: the row's batch, order and merge buffer (three
   * ints), each key's encoded form ({@link SortKeys}: a long and a null flag, two longs for a wide
   * decimal, two offsets and the bytes for a string).
   */
  static long heapBytes(VectorSchemaRoot batch, List<SortKey> keys) {
    long n = batch.getRowCount();
    long total = 12 * n;
    for (SortKey k : keys) {
      FieldVector v = batch.getVector(k.column());
      if (v instanceof BaseVariableWidthVector) {
        total += 9 * n + stringKeyBytes(v);
      } else if (v instanceof DecimalVector d && d.getPrecision() > 18) {
        total += 17 * n;
      } else {
        total += 9 * n;
      }
    }
    return total;
  }

  /** Bytes of a string key's values, which {@link SortKeys} copies to the heap; 0 otherwise. */
  static long stringKeyBytes(FieldVector v) {
    if (!(v instanceof BaseVariableWidthVector var) || v.getValueCount() == 0) {
      return 0;
    }
    ArrowBuf offsets = var.getOffsetBuffer();
    return offsets.getInt((long) v.getValueCount() * 4) - offsets.getInt(0);
  }
}
