package io.basalt.engine.pushdown;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A sorted set of disjoint, non-adjacent row intervals {@code [start, end)} within a row group:
 * the rows a scan must read after page-level pruning. Immutable.
 */
public final class RowRanges {
  private static final RowRanges EMPTY = new RowRanges(new long[0]);

  /** start0, end0, start1, end1, … */
  private final long[] bounds;

  private RowRanges(long[] bounds) {
    this.bounds = bounds;
  }

  public static RowRanges empty() {
    return EMPTY;
  }

  /** All rows {@code [0, rowCount)}. */
  public static RowRanges all(long rowCount) {
    return rowCount <= 0 ? EMPTY : new RowRanges(new long[] {0, rowCount});
  }

  /** The union of the given intervals, in any order, possibly overlapping. */
  public static RowRanges of(List<long[]> intervals) {
    List<long[]> sorted = new ArrayList<>(intervals);
    sorted.removeIf(i -> i[1] <= i[0]);
    sorted.sort((a, b) -> Long.compare(a[0], b[0]));
    long[] out = new long[sorted.size() * 2];
    int n = 0;
    for (long[] i : sorted) {
      if (n > 0 && i[0] <= out[n - 1]) {
        out[n - 1] = Math.max(out[n - 1], i[1]);
      } else {
        out[n++] = i[0];
        out[n++] = i[1];
      }
    }
    return n == 0 ? EMPTY : new RowRanges(Arrays.copyOf(out, n));
  }

  public RowRanges union(RowRanges other) {
    List<long[]> all = new ArrayList<>(intervals());
    all.addAll(other.intervals());
    return of(all);
  }

  public RowRanges intersect(RowRanges other) {
    List<long[]> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < bounds.length && j < other.bounds.length) {
      long start = Math.max(bounds[i], other.bounds[j]);
      long end = Math.min(bounds[i + 1], other.bounds[j + 1]);
      if (start < end) {
        out.add(new long[] {start, end});
      }
      if (bounds[i + 1] < other.bounds[j + 1]) {
        i += 2;
      } else {
        j += 2;
      }
    }
    return of(out);
  }

  /** The intervals as {start, end} pairs, in order. */
  public List<long[]> intervals() {
    List<long[]> out = new ArrayList<>(bounds.length / 2);
    for (int i = 0; i < bounds.length; i += 2) {
      out.add(new long[] {bounds[i], bounds[i + 1]});
    }
    return out;
  }

  public int intervalCount() {
    return bounds.length / 2;
  }

  public long start(int interval) {
    return bounds[2 * interval];
  }

  public long end(int interval) {
    return bounds[2 * interval + 1];
  }

  public boolean isEmpty() {
    return bounds.length == 0;
  }

  /** Total rows covered. */
  public long rowCount() {
    long n = 0;
    for (int i = 0; i < bounds.length; i += 2) {
      n += bounds[i + 1] - bounds[i];
    }
    return n;
  }

  /** Whether any row of {@code [start, end)} is in the set. */
  public boolean overlaps(long start, long end) {
    for (int i = 0; i < bounds.length; i += 2) {
      if (bounds[i] < end && start < bounds[i + 1]) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RowRanges r && Arrays.equals(bounds, r.bounds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bounds);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < bounds.length; i += 2) {
      sb.append(i == 0 ? "" : ", ").append(bounds[i]).append('-').append(bounds[i + 1]);
    }
    return sb.append(']').toString();
  }
}
