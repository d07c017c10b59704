package io.basalt.engine.format.parquet;

import java.util.Arrays;

/**
 * The decode buffers one single-threaded reader carries from one row group to the next: per
 * projected column, the file window, the decompressed page and the decoder's staging arrays.
 *
 * <p>Why: a row group is a few batches long (TPC-H's lineitem: 122 880 rows, about four batches),
 * and decoders that allocated these afresh per row group made the scan churn through about 450 MB
 * of short-lived arrays per TPC-H Q1 at SF 1. Every fresh array is zeroed by the JVM and written
 * through to memory, so with two workers the scan ran each thread markedly slower than one alone.
 * Reusing them keeps the working set in cache.
 *
 * <p>Not thread-safe: one instance per scan copy (worker). A {@link RowGroupDecoder} borrows column
 * {@code i}'s buffers while it is open and hands back what it grew when it closes, so two decoders
 * must never share an instance at the same time. Buffers only grow; they live as long as the scan
 * copy that owns them.
 */
public final class ReaderBuffers {
  private ColumnBuffers[] columns = new ColumnBuffers[0];

  /** The buffers of projected column {@code i}, created empty on first use. */
  ColumnBuffers column(int i) {
    if (i >= columns.length) {
      columns = Arrays.copyOf(columns, Math.max(i + 1, columns.length * 2));
    }
    if (columns[i] == null) {
      columns[i] = new ColumnBuffers();
    }
    return columns[i];
  }
}
