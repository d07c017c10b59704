package io.basalt.engine.exec.sort;

/**
 * Sorting of row numbers by a {@link SortKeys.RowComparator}: a merge sort (O(n log n) comparisons
 * in the worst case, nearly linear on presorted input), the merge of sorted runs, and the selection
 * of the best rows for top-N. The comparator is one final class, so its calls inline.
 */
public final class RowSort {
  private static final int INSERTION_THRESHOLD = 24;

  private RowSort() {}

  /** Sorts rows[from, to) in place; {@code tmp} has at least {@code to} elements. */
  public static void sort(int[] rows, int from, int to, SortKeys.RowComparator cmp, int[] tmp) {
    if (to - from <= INSERTION_THRESHOLD) {
      insertionSort(rows, from, to, cmp);
      return;
    }
    int mid = (from + to) >>> 1;
    sort(rows, from, mid, cmp, tmp);
    sort(rows, mid, to, cmp, tmp);
    if (cmp.compare(rows[mid - 1], rows[mid]) <= 0) {
      return; // already in order: presorted input costs one comparison per level
    }
    System.arraycopy(rows, from, tmp, from, mid - from);
    int i = from;
    int j = mid;
    int k = from;
    while (i < mid && j < to) {
      // Take from the right only when strictly smaller: keeps equal rows in input order.
      if (cmp.compare(rows[j], tmp[i]) < 0) {
        rows[k++] = rows[j++];
      } else {
        rows[k++] = tmp[i++];
      }
    }
    while (i < mid) {
      rows[k++] = tmp[i++];
    }
  }

  private static void insertionSort(int[] rows, int from, int to, SortKeys.RowComparator cmp) {
    for (int i = from + 1; i < to; i++) {
      int r = rows[i];
      int j = i - 1;
      while (j >= from && cmp.compare(rows[j], r) > 0) {
        rows[j + 1] = rows[j];
        j--;
      }
      rows[j + 1] = r;
    }
  }

  /**
   * Merges the sorted runs {@code rows[bounds[i], bounds[i+1])} into one sorted array (pairwise,
   * log k passes).
   */
  static int[] mergeRuns(int[] rows, int[] bounds, SortKeys.RowComparator cmp) {
    int[] src = rows;
    int[] dst = new int[rows.length];
    int[] b = bounds;
    while (b.length > 2) {
      int runs = b.length - 1;
      int[] next = new int[(runs + 1) / 2 + 1];
      int n = 0;
      for (int r = 0; r < runs; r += 2) {
        next[n++] = b[r];
        if (r + 1 < runs) {
          merge(src, b[r], b[r + 1], b[r + 2], dst, cmp);
        } else {
          System.arraycopy(src, b[r], dst, b[r], b[r + 1] - b[r]);
        }
      }
      next[n] = b[runs];
      int[] t = src;
      src = dst;
      dst = t;
      b = next;
    }
    return src;
  }

  /** Merges src[from, mid) and src[mid, to) into dst[from, to). */
  static void merge(int[] src, int from, int mid, int to, int[] dst, SortKeys.RowComparator cmp) {
    int i = from;
    int j = mid;
    int k = from;
    while (i < mid && j < to) {
      if (cmp.compare(src[j], src[i]) < 0) {
        dst[k++] = src[j++];
      } else {
        dst[k++] = src[i++];
      }
    }
    System.arraycopy(src, i, dst, k, mid - i);
    k += mid - i;
    System.arraycopy(src, j, dst, k, to - j);
  }

  /**
   * The {@code limit} best rows of 0..n-1 in order, through a bounded max-heap: each row costs one
   * comparison with the worst kept row unless it enters the heap, so the input is never sorted.
   */
  static int[] top(int n, int limit, SortKeys.RowComparator cmp) {
    if (n <= limit) {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
      sort(all, 0, n, cmp, new int[n]);
      return all;
    }
    int[] heap = new int[limit];
    for (int i = 0; i < limit; i++) {
      heap[i] = i;
    }
    for (int i = limit / 2 - 1; i >= 0; i--) {
      siftDown(heap, i, limit, cmp);
    }
    for (int r = limit; r < n; r++) {
      // Ties with the worst kept row stay out: the earlier row wins, as a stable sort would.
      if (limit > 0 && cmp.compare(r, heap[0]) < 0) {
        heap[0] = r;
        siftDown(heap, 0, limit, cmp);
      }
    }
    // Stable among equals: order by row number first, then sort (merge sort is stable).
    java.util.Arrays.sort(heap);
    sort(heap, 0, limit, cmp, new int[limit]);
    return heap;
  }

  /** Max-heap by comparator, ties broken by the larger row number (the later row is "worse"). */
  private static void siftDown(int[] heap, int i, int n, SortKeys.RowComparator cmp) {
    int r = heap[i];
    while (true) {
      int child = 2 * i + 1;
      if (child >= n) {
        break;
      }
      if (child + 1 < n && worse(heap[child + 1], heap[child], cmp)) {
        child++;
      }
      if (!worse(heap[child], r, cmp)) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = r;
  }

  private static boolean worse(int a, int b, SortKeys.RowComparator cmp) {
    int c = cmp.compare(a, b);
    return c > 0 || (c == 0 && a > b);
  }

  /** Row numbers 0..n-1 in key order: one range sorted per worker, then merged. */
  public static int[] parallelSort(io.basalt.engine.exec.QueryRun run, int n, SortKeys.RowComparator cmp)
      throws Exception {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int parts = (int) Math.max(1, Math.min(run.threads(), n / 16384L));
    int[] bounds = new int[parts + 1];
    for (int p = 0; p <= parts; p++) {
      bounds[p] = (int) ((long) n * p / parts);
    }
    int[] tmp = new int[n];
    ParallelTasks.run(run, parts, p -> sort(order, bounds[p], bounds[p + 1], cmp, tmp));
    return parts == 1 ? order : mergeRuns(order, bounds, cmp);
  }
}
