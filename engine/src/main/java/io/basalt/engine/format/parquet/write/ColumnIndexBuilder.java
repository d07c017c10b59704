package io.basalt.engine.format.parquet.write;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.parquet.format.BoundaryOrder;
import org.apache.parquet.format.ColumnIndex;

/**
 * Collects the per-page statistics of one column chunk and turns them into its {@link
 * ColumnIndex}. A single page without exact bounds (a NaN, a value too long to bound) makes the
 * whole index unusable, since readers take a missing bound for "anything"; the chunk then gets no
 * column index.
 */
final class ColumnIndexBuilder {
  private static final ByteBuffer EMPTY = ByteBuffer.wrap(new byte[0]);

  private final Comparator<byte[]> order;
  private final List<Boolean> nullPages = new ArrayList<>();
  private final List<byte[]> mins = new ArrayList<>();
  private final List<byte[]> maxes = new ArrayList<>();
  private final List<Long> nullCounts = new ArrayList<>();
  private boolean valid = true;

  ColumnIndexBuilder(Comparator<byte[]> order) {
    this.order = order;
  }

  /**
   * Adds the next page.
   *
   * @param bounds the page's exact (or correctly widened) min and max, or null when the page has
   *     non-null values but no such bounds; ignored for all-null pages
   */
  void addPage(long nullCount, boolean allNull, PageBounds bounds) {
    nullPages.add(allNull);
    nullCounts.add(nullCount);
    if (allNull) {
      mins.add(null);
      maxes.add(null);
    } else if (bounds == null) {
      valid = false;
      mins.add(null);
      maxes.add(null);
    } else {
      mins.add(bounds.min());
      maxes.add(bounds.max());
    }
  }

  /** The column index, or null when some page had no bounds. */
  ColumnIndex build() {
    if (!valid || nullPages.isEmpty()) {
      return null;
    }
    List<ByteBuffer> minValues = new ArrayList<>(mins.size());
    List<ByteBuffer> maxValues = new ArrayList<>(maxes.size());
    for (int i = 0; i < mins.size(); i++) {
      // The spec asks for empty values on null pages (the fields are required).
      minValues.add(mins.get(i) == null ? EMPTY : ByteBuffer.wrap(mins.get(i)));
      maxValues.add(maxes.get(i) == null ? EMPTY : ByteBuffer.wrap(maxes.get(i)));
    }
    ColumnIndex index =
        new ColumnIndex(new ArrayList<>(nullPages), minValues, maxValues, boundaryOrder());
    index.setNull_counts(new ArrayList<>(nullCounts));
    return index;
  }

  /**
   * ASCENDING when neither the mins nor the maxes of non-null pages ever decrease, DESCENDING when
   * they never increase (ASCENDING wins when both hold, e.g. with one page), else UNORDERED.
   */
  private BoundaryOrder boundaryOrder() {
    boolean ascending = true;
    boolean descending = true;
    int previous = -1;
    for (int i = 0; i < mins.size(); i++) {
      if (nullPages.get(i)) {
        continue;
      }
      if (previous >= 0) {
        int minOrder = order.compare(mins.get(previous), mins.get(i));
        int maxOrder = order.compare(maxes.get(previous), maxes.get(i));
        ascending &= minOrder <= 0 && maxOrder <= 0;
        descending &= minOrder >= 0 && maxOrder >= 0;
      }
      previous = i;
    }
    return ascending ? BoundaryOrder.ASCENDING
        : descending ? BoundaryOrder.DESCENDING : BoundaryOrder.UNORDERED;
  }

  void reset() {
    nullPages.clear();
    mins.clear();
    maxes.clear();
    nullCounts.clear();
    valid = true;
  }
}
