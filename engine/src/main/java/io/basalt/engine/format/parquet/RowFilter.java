package io.basalt.engine.format.parquet;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Late materialization: given a batch in which only the filter columns are decoded, the rows
 * worth decoding the other columns for. Lets a row group reader decode filter columns first and
 * skip the rest of a batch no row of which can match.
 */
public interface RowFilter {
  /** Which columns of the reader's projection (by position) the filter reads. */
  boolean[] filterColumns();

  /**
   * The rows of {@code batch} (positions, ascending) that may match, or null when all may; only
   * the {@link #filterColumns()} of {@code batch} hold data.
   */
  int[] select(VectorSchemaRoot batch, int rows);
}
