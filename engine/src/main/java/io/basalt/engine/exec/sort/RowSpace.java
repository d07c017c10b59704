package io.basalt.engine.exec.sort;

import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The rows of a list of batches numbered 0..n-1 in batch order, so that sorting works on plain int
 * row numbers: {@link #batchOf} and {@link #start} turn a number back into (batch, row).
 */
public final class RowSpace {
  public final List<VectorSchemaRoot> batches;
  /** start[b] = number of batch b's first row; start[batches] = row count. */
  public final int[] start;
  /** The batch of each row. */
  public final int[] batchOf;
  public final int rows;

  private RowSpace(List<VectorSchemaRoot> batches, int[] start, int[] batchOf, int rows) {
    this.batches = batches;
    this.start = start;
    this.batchOf = batchOf;
    this.rows = rows;
  }

  /**
   * A space of {@code batches.size()} slots of {@code capacity} rows each, slot b's rows numbered
   * from {@code b * capacity}: a slot's batch may be replaced by another of at most that many rows
   * ({@code batches.set}) without renumbering the others — what a k-way merge of sorted runs needs,
   * one slot per run. Rows past a slot's batch are never referenced.
   */
  public static RowSpace slots(List<VectorSchemaRoot> batches, int capacity) {
    int k = batches.size();
    long n = (long) k * capacity;
    if (n > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("a merge of " + k + " runs of " + capacity
          + "-row batches is too wide");
    }
    int[] start = new int[k + 1];
    int[] batchOf = new int[(int) n];
    for (int b = 0; b <= k; b++) {
      start[b] = b * capacity;
    }
    for (int b = 0; b < k; b++) {
      java.util.Arrays.fill(batchOf, start[b], start[b + 1], b);
    }
    return new RowSpace(batches, start, batchOf, (int) n);
  }

  public RowSpace(List<VectorSchemaRoot> batches) {
    this.batches = batches;
    this.start = new int[batches.size() + 1];
    long n = 0;
    for (int b = 0; b < batches.size(); b++) {
      start[b] = (int) n;
      n += batches.get(b).getRowCount();
      if (n > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("a sort of more than 2^31 rows is not supported");
      }
    }
    this.rows = (int) n;
    start[batches.size()] = rows;
    this.batchOf = new int[rows];
    for (int b = 0; b < batches.size(); b++) {
      java.util.Arrays.fill(batchOf, start[b], start[b + 1], b);
    }
  }
}
