package io.basalt.engine.exec.join;

import io.basalt.engine.exec.BatchSink;
import io.basalt.engine.memory.ArrowBytes;
import io.basalt.engine.memory.MemoryReservation;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One worker's share of a join's build input under the memory limit. It keeps its batches and
 * their keys ({@link BuildSide.Sink}) while they, and the hash table they will need, fit its share
 * of the limit; the keys' arrays are booked in its reservation (the batches are Arrow memory, which
 * the allocator counts). When they do not fit, a spillable join switches to disk ({@link
 * GraceJoin}): what the worker holds and everything after it goes to the build partitions. A join
 * that cannot spill fails with a memory_limit error instead.
 */
final class BuildCollector implements BatchSink, AutoCloseable {
  final BuildSide.Sink sink;
  private final int[] keyCols;
  private final JoinKeys.Kind[] kinds;
  private final boolean[] nullSafe;
  private final MemoryReservation reservation;
  private final GraceJoin grace;
  private final long keyBytesPerRow;
  private final JoinKeys.Keys scratch;
  long rows;
  long arrowBytes;
  long heapBytes;

  /**
   * @param reservation this worker's reservation (null without a limit)
   * @param grace where rows go when they do not fit (null: the join cannot spill)
   */
  BuildCollector(int[] keyCols, JoinKeys.Kind[] kinds, boolean[] nullSafe,
      MemoryReservation reservation, GraceJoin grace) {
    this.sink = new BuildSide.Sink(keyCols, kinds, nullSafe);
    this.keyCols = keyCols;
    this.kinds = kinds;
    this.nullSafe = nullSafe;
    this.reservation = reservation;
    this.grace = grace;
    this.keyBytesPerRow = BuildSide.keyBytesPerRow(kinds, nullSafe);
    this.scratch = new JoinKeys.Keys(keyCols.length);
  }

  @Override
  public void accept(VectorSchemaRoot batch) {
    if (batch.getRowCount() == 0) {
      batch.close();
      return;
    }
    if (grace != null && grace.spilling()) {
      flush();
      try (batch) {
        JoinKeys.extract(batch, keyCols, kinds, nullSafe, scratch);
        grace.writeBuild(batch, scratch);
      }
      return;
    }
    long held = ArrowBytes.held(batch);
    sink.accept(batch);
    int n = batch.getRowCount();
    rows += n;
    arrowBytes += held;
    heapBytes += n * keyBytesPerRow;
    if (reservation == null) {
      return;
    }
    // The table these rows need later counts too, so a build that fits here fits when hashed.
    long table = rows * BuildSide.TABLE_BYTES_PER_ROW;
    if (grace == null) {
      if (!reservation.tryResize(heapBytes)) {
        throw reservation.limitExceeded(heapBytes); // it cannot spill: only the limit stops it
      }
      return;
    }
    if (reservation.tryResize(heapBytes, arrowBytes + table)) {
      return;
    }
    grace.start();
    flush();
  }

  /**
   * Stops counting the table these rows would need (the join books the whole table next), keeping
   * the keys and batches counted.
   */
  void withoutTable() {
    if (reservation != null) {
      reservation.tryResize(heapBytes, arrowBytes);
    }
  }

  /** Writes the held rows to the build partitions (once the join spills) and releases them. */
  void flush() {
    if (rows == 0) {
      return;
    }
    for (int i = 0; i < sink.batches.size(); i++) {
      VectorSchemaRoot b = sink.batches.get(i);
      grace.writeBuild(b, sink.keys.get(i));
    }
    sink.close();
    rows = 0;
    arrowBytes = 0;
    heapBytes = 0;
    if (reservation != null) {
      reservation.tryResize(0, 0);
    }
  }

  @Override
  public void close() {
    sink.close();
    if (reservation != null) {
      reservation.close();
    }
  }
}
