package io.basalt.engine.format.parquet;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Late materialization: the rows of a batch worth decoding the other columns for, judged on the
 * filter columns. The filter asks for each filter column as it reaches the first test that reads
 * it, for the rows still selected then, so that a selective test (a join's runtime filter) spares
 * the later filter columns most of their decoding too; a row group reader then skips the rest of a
 * batch no row of which can match, and decodes the other columns for the survivors alone.
 */
public interface RowFilter {
  /** Decodes filter columns on demand, for the rows a filter still considers. */
  interface ColumnLoader {
    /**
     * Makes filter column {@code position} of the batch hold the values of rows {@code
     * selection[0..n)} (ascending) at their own positions; other rows of that column stay
     * undefined. Each column is loaded at most once per batch; later calls are ignored.
     */
    void load(int position, int[] selection, int n);
  }

  /**
   * The rows of {@code batch} (positions, ascending) that may match, or null when all may; the
   * filter loads each filter column through {@code loader} before reading it, and reads only the
   * rows it loaded it for.
   */
  int[] select(VectorSchemaRoot batch, int rows, ColumnLoader loader);
}
