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
