package io.basalt.engine.exec.window;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.spill.SpillFile;
import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A forward-only position in a window's sorted, numbered rows ({@link SortedWindow}): a reader of
 * the file of its own holding one batch, the row's global position, and its partition and peer
 * group numbers. A streamed window keeps one cursor per distinct position it needs (frame start
 * and end, LAG/LEAD rows, partition end, ...); every such position only moves forward as the
 * current row does, so each cursor reads the file once.
 */
final class WindowCursor implements AutoCloseable {
  /** Told when the cursor leaves a batch, before it is closed (the next one may be null). */
  interface BatchListener {
    void leaving(VectorSchemaRoot batch, VectorSchemaRoot next);
  }

  private final BatchStream in;
  private final int partColumn;
  private BatchListener listener;
  private VectorSchemaRoot batch;
  private BigIntVector part;
  private BigIntVector peer;
  private int index;
  private long position;

  /** @param partColumn the partition number's column; the peer number's follows it */
  WindowCursor(SpillFile file, BufferAllocator allocator, int partColumn) throws IOException {
    this.in = file.read(allocator);
    this.partColumn = partColumn;
    try {
      load();
    } catch (IOException | RuntimeException | Error e) {
      in.close();
      throw e;
    }
  }

  void listen(BatchListener l) {
    this.listener = l;
  }

  private void load() throws IOException {
    VectorSchemaRoot b = in.next(); // never empty: a spill file skips empty batches
    batch = b;
    index = 0;
    if (b != null) {
      part = (BigIntVector) b.getVector(partColumn);
      peer = (BigIntVector) b.getVector(partColumn + 1);
    }
  }

  /** Whether the cursor is on a row (false past the last). */
  boolean valid() {
    return batch != null;
  }

  /** The global position of the row (the count of rows before it). */
  long position() {
    return position;
  }

  long part() {
    return part.get(index);
  }

  long peer() {
    return peer.get(index);
  }

  /** The batch holding the row; valid until the cursor moves. */
  VectorSchemaRoot batch() {
    return batch;
  }

  /** The row's index in {@link #batch()}. */
  int index() {
    return index;
  }

  /** Moves to the next row. */
  void advance() throws IOException {
    position++;
    if (++index < batch.getRowCount()) {
      return;
    }
    VectorSchemaRoot old = batch;
    try {
      load();
      if (listener != null) {
        listener.leaving(old, batch);
      }
    } finally {
      old.close();
    }
  }

  /** Moves forward to {@code target}, or past the last row if there are fewer rows. */
  void advanceTo(long target) throws IOException {
    while (batch != null && position < target) {
      long skip = Math.min(target - position, batch.getRowCount() - index - 1);
      if (skip > 0) {
        index += (int) skip;
        position += skip;
      } else {
        advance();
      }
    }
  }

  /** Moves past the rows of partitions numbered below {@code partition}. */
  void skipBefore(long partition) throws IOException {
    while (batch != null && part() < partition) {
      advance();
    }
  }

  @Override
  public void close() {
    if (batch != null) {
      batch.close();
      batch = null;
    }
    in.close();
  }
}
