package io.basalt.engine.exec.window;

import io.basalt.engine.exec.sort.RowSpace;
import io.basalt.engine.exec.sort.SortKey;
import io.basalt.engine.exec.sort.SortKeys;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A streamed MIN or MAX over a frame that starts at the partition's first row: the best value of
 * the rows the frame-end cursor has passed. The best row is remembered by its index while it is in
 * the cursor's batch and copied into a one-row holder when the cursor leaves that batch. Values
 * are compared through {@link SortKeys} over two slots (holder, cursor batch), so the order is
 * exactly the in-memory evaluation's (NaN above +Infinity, -0.0 equal to 0.0, strings by bytes).
 */
final class RunningExtreme implements WindowCursor.BatchListener, AutoCloseable {
  private static final int NONE = -2;
  private static final int HOLDER = -1;

  private final int column;
  private final boolean max;
  private final int capacity;
  private final List<VectorSchemaRoot> slots = new ArrayList<>(2);
  private final VectorSchemaRoot holder;
  private final SortKeys keys;
  private final SortKeys.RowComparator cmp;
  /** NONE, HOLDER, or the best row's index in the cursor's batch. */
  private int best = NONE;

  /**
   * @param batch the frame-end cursor's batch now
   * @param capacity the most rows any batch of the cursor has
   */
  RunningExtreme(int column, boolean max, Schema schema, VectorSchemaRoot batch, int capacity,
      BufferAllocator allocator) {
    this.column = column;
    this.max = max;
    this.capacity = capacity;
    // Only the argument's column holds a value; the others are bufferless placeholders.
    List<FieldVector> vectors = new ArrayList<>();
    for (int c = 0; c < schema.getFields().size(); c++) {
      if (c == column) {
        FieldVector v = schema.getFields().get(c).createVector(allocator);
        v.setInitialCapacity(1);
        v.allocateNew();
        vectors.add(v);
      } else {
        vectors.add(new NullVector(schema.getFields().get(c).getName()));
      }
    }
    this.holder = new VectorSchemaRoot(vectors);
    holder.setRowCount(1);
    slots.add(holder);
    slots.add(batch);
    this.keys = new SortKeys(RowSpace.slots(slots, capacity), List.of(SortKey.asc(column)), true);
    keys.encodeBatch(0);
    keys.encodeBatch(1);
    this.cmp = keys.comparator();
  }

  /** Forgets every row (a new partition starts). */
  void reset() {
    best = NONE;
  }

  /** Takes row {@code index} of the cursor's batch into account. */
  void add(VectorSchemaRoot batch, int index) {
    if (batch.getVector(column).isNull(index)) {
      return;
    }
    if (best == NONE) {
      best = index;
      return;
    }
    int c = cmp.compare(capacity + index, best == HOLDER ? 0 : capacity + best);
    // On ties the later row wins, as in the in-memory deque.
    if (max ? c >= 0 : c <= 0) {
      best = index;
    }
  }

  @Override
  public void leaving(VectorSchemaRoot batch, VectorSchemaRoot next) {
    if (best >= 0) {
      FieldVector v = holder.getVector(column);
      v.copyFromSafe(best, 0, batch.getVector(column));
      v.setValueCount(1);
      keys.encodeBatch(0);
      best = HOLDER;
    }
    if (next != null) {
      slots.set(1, next);
      keys.encodeBatch(1);
    }
  }

  /** Copies the best value (NULL when every row so far was NULL) into row {@code i} of out. */
  void copyTo(FieldVector out, int i, VectorSchemaRoot cursorBatch) {
    if (best == HOLDER) {
      out.copyFromSafe(0, i, holder.getVector(column));
    } else if (best >= 0) {
      out.copyFromSafe(best, i, cursorBatch.getVector(column));
    }
  }

  @Override
  public void close() {
    holder.close();
  }
}
