package io.basalt.engine.format.parquet;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Reads the projected columns of one row group into Arrow batches, column by column, page by page.
 *
 * <p>Contract: single-threaded (one reader per worker); {@link #next} returns batches of at most
 * {@code maxRows} rows whose vectors are allocated from the allocator given here and owned by the
 * caller, who must close them; every column of a batch has the same row count; {@code null} marks
 * the end. {@link #close} releases the file handle and any page buffers, and may be called at any
 * time, also after a failure.
 */
public final class ParquetRowGroupReader implements AutoCloseable {
  private final RowGroupDecoder decoder;

  /**
   * @param columns the projected columns (from {@code file.columns()}), in output order; an
   *     unsupported one fails here with its {@link ParquetColumn#unsupportedReason()}
   * @throws ParquetException naming the file, row group and column on any I/O or format problem
   */
  public ParquetRowGroupReader(ParquetFileMetadata file, int rowGroup, List<ParquetColumn> columns,
      BufferAllocator allocator) throws ParquetException {
    this(file, rowGroup, columns, allocator, null, null);
  }

  /**
   * Reads only the rows in {@code ranges} (null: all rows), batches never spanning two ranges.
   * With the file's offset index, pages outside the ranges are not read at all; without it they
   * are decoded and dropped.
   */
  public ParquetRowGroupReader(ParquetFileMetadata file, int rowGroup, List<ParquetColumn> columns,
      BufferAllocator allocator, io.basalt.engine.pushdown.RowRanges ranges)
      throws ParquetException {
    this(file, rowGroup, columns, allocator, ranges, null);
  }

  /**
   * As above, decoding the filter's columns first and the others only for rows the filter keeps
   * (late materialization); batches then hold only the kept rows.
   */
  public ParquetRowGroupReader(ParquetFileMetadata file, int rowGroup, List<ParquetColumn> columns,
      BufferAllocator allocator, io.basalt.engine.pushdown.RowRanges ranges, RowFilter filter)
      throws ParquetException {
    this(file, rowGroup, columns, allocator, ranges, filter, new ReaderBuffers());
  }

  /**
   * As above, decoding with {@code buffers} — the page and staging arrays of the reader the same
   * thread closed before (see {@link ReaderBuffers}); they go back there when this reader closes.
   */
  public ParquetRowGroupReader(ParquetFileMetadata file, int rowGroup, List<ParquetColumn> columns,
      BufferAllocator allocator, io.basalt.engine.pushdown.RowRanges ranges, RowFilter filter,
      ReaderBuffers buffers) throws ParquetException {
    this.decoder = new RowGroupDecoder(file, rowGroup, columns, allocator, ranges, filter, buffers);
  }

  /** Rows the row filter dropped so far. */
  public long rowsFilteredOut() {
    return decoder.rowsFilteredOut();
  }

  /** Bytes read from the file so far. */
  public long bytesRead() {
    return decoder.bytesRead();
  }

  /** Data pages read so far, over all columns. */
  public long pagesRead() {
    return decoder.pagesRead();
  }

  /** The next batch of at most {@code maxRows} rows (caller closes it), or null at the end. */
  public VectorSchemaRoot next(int maxRows) throws ParquetException {
    return decoder.next(maxRows);
  }

  @Override
  public void close() {
    decoder.close();
  }
}
