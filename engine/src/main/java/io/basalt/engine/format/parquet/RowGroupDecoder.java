package io.basalt.engine.format.parquet;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.RowGroup;

/**
 * Decodes the projected columns of one row group: one {@link ColumnDecoder} per column over a
 * shared file handle. Owns the error context: anything that goes wrong below becomes a {@link
 * ParquetException} naming the file, row group and column.
 */
final class RowGroupDecoder implements AutoCloseable {
  private final Path path;
  private final int rowGroup;
  private final List<ParquetColumn> columns;
  private final BufferAllocator allocator;
  private final Schema schema;
  private final ColumnDecoder[] decoders;
  private final FileChannel channel;
  private final ColumnChunkReader[] chunkReaders;
  /** Rows to read; null reads them all. */
  private final io.basalt.engine.pushdown.RowRanges ranges;
  private final org.apache.arrow.vector.FieldVector[] scratch;
  private final long rowCount;
  /** Decodes filter columns first and the others only for batches with surviving rows; or null. */
  private final RowFilter rowFilter;
  private long rowsFilteredOut;
  private long currentRow;
  private int rangeIndex;
  private ParquetException failure;

  RowGroupDecoder(ParquetFileMetadata file, int rowGroup, List<ParquetColumn> columns,
      BufferAllocator allocator, io.basalt.engine.pushdown.RowRanges ranges, RowFilter rowFilter,
      ReaderBuffers buffers) throws ParquetException {
    this.rowFilter = rowFilter;
    this.path = file.path();
    this.rowGroup = rowGroup;
    this.columns = List.copyOf(columns);
    this.allocator = allocator;
    if (rowGroup < 0 || rowGroup >= file.rowGroupCount()) {
      throw new ParquetException(path, "row group " + rowGroup + " does not exist; the file has "
          + file.rowGroupCount());
    }
    List<Field> fields = new ArrayList<>(columns.size());
    for (ParquetColumn column : columns) {
      if (!column.isSupported()) {
        throw new ParquetException(path, column.unsupportedReason());
      }
      fields.add(column.arrowField());
    }
    this.schema = new Schema(fields);
    RowGroup group = file.thrift().getRow_groups().get(rowGroup);
    this.rowCount = group.getNum_rows();
    this.ranges = ranges == null || ranges.equals(io.basalt.engine.pushdown.RowRanges.all(rowCount))
        ? null : ranges;
    this.scratch = new org.apache.arrow.vector.FieldVector[columns.size()];
    this.chunkReaders = new ColumnChunkReader[columns.size()];
    if (rowCount < 0) {
      throw new ParquetException(path, "corrupt footer: row group " + rowGroup
          + " has a negative row count");
    }
    this.decoders = new ColumnDecoder[columns.size()];
    if (rowCount == 0 || columns.isEmpty()) {
      this.channel = null;
      return;
    }
    try {
      this.channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new ParquetException(path, "cannot open file: " + e, e);
    }
    for (int i = 0; i < decoders.length; i++) {
      ParquetColumn column = this.columns.get(i);
      try {
        ColumnBuffers columnBuffers = buffers.column(i);
        chunkReaders[i] = new ColumnChunkReader(channel, file.fileSize(), metadata(group, column),
            columnBuffers);
        if (this.ranges != null) {
          PageIndex index = file.pageIndex(rowGroup, column);
          if (index != null) {
            chunkReaders[i].useOffsetIndex(index.offsets(), index.sizes(), index.firstRows());
          }
        }
        decoders[i] = new ColumnDecoder(column, chunkReaders[i], columnBuffers);
      } catch (ParquetException e) {
        close();
        throw e;
      } catch (RuntimeException e) {
        close();
        throw wrap(column, e);
      }
    }
  }

  private static ColumnMetaData metadata(RowGroup group, ParquetColumn column) {
    List<ColumnChunk> chunks = group.getColumns();
    if (chunks == null || column.leafIndex() >= chunks.size()) {
      throw new CorruptPageException("the row group has " + (chunks == null ? 0 : chunks.size())
          + " column chunks, but the schema needs chunk " + column.leafIndex());
    }
    ColumnMetaData meta = chunks.get(column.leafIndex()).getMeta_data();
    if (meta == null) {
      throw new CorruptPageException("the column chunk has no metadata (encrypted column?)");
    }
    if (meta.getType() != column.element().getType()) {
      throw new CorruptPageException("the column chunk's type " + meta.getType()
          + " differs from the schema's " + column.element().getType());
    }
    return meta;
  }

  VectorSchemaRoot next(int maxRows) throws ParquetException {
    if (maxRows <= 0) {
      throw new IllegalArgumentException("maxRows must be positive, got " + maxRows);
    }
    while (true) {
      if (failure != null) {
        throw failure;
      }
      long end = rowCount;
      if (ranges != null) {
        while (rangeIndex < ranges.intervalCount() && currentRow >= ranges.end(rangeIndex)) {
          rangeIndex++;
        }
        if (rangeIndex == ranges.intervalCount()) {
          return null;
        }
        long start = Math.min(ranges.start(rangeIndex), rowCount);
        if (currentRow < start) {
          skip(start - currentRow, null);
          currentRow = start;
        }
        end = Math.min(ranges.end(rangeIndex), rowCount);
      }
      if (currentRow >= end) {
        return null;
      }
      int rows = (int) Math.min(maxRows, end - currentRow);
      VectorSchemaRoot batch = rowFilter == null ? readAll(rows) : readFiltered(rows);
      currentRow += rows;
      if (batch != null) {
        return batch;
      }
    }
  }

  /** Rows dropped by the row filter before their other columns were decoded. */
  long rowsFilteredOut() {
    return rowsFilteredOut;
  }

  private VectorSchemaRoot readAll(int rows) throws ParquetException {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    try {
      read(root, rows, null, true);
    } catch (ParquetException | RuntimeException e) {
      root.close();
      throw e;
    }
    root.setRowCount(rows);
    return root;
  }

  /**
   * Asks the filter which rows survive, decoding filter columns as it reads them, for the rows it
   * still considers; decodes the other columns for the survivors alone (late materialization:
   * their values are stepped over, not converted). Returns the surviving rows, or null when none
   * survive.
   */
  private VectorSchemaRoot readFiltered(int rows) throws ParquetException {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    boolean[] loaded = new boolean[decoders.length];
    try {
      int[] selected;
      try {
        selected = rowFilter.select(root, rows, (position, selection, n) -> {
          if (loaded[position]) {
            return;
          }
          loaded[position] = true;
          try {
            if (n == rows) {
              decoders[position].readBatch(root.getVector(position), rows);
            } else {
              decoders[position].readSelected(root.getVector(position), rows, selection, n,
                  false);
            }
          } catch (IOException | RuntimeException e) {
            failure = wrap(columns.get(position), e);
            throw new LoadFailed();
          }
        });
      } catch (LoadFailed e) {
        throw failure;
      }
      if (selected != null && selected.length == 0) {
        rowsFilteredOut += rows;
        skip(rows, loaded);
        root.close();
        return null;
      }
      if (selected == null || selected.length == rows) {
        read(root, rows, loaded, false);
        root.setRowCount(rows);
        return root;
      }
      rowsFilteredOut += rows - selected.length;
      VectorSchemaRoot out = VectorSchemaRoot.create(schema, allocator);
      try {
        readSurvivors(root, out, rows, selected, loaded);
      } catch (ParquetException | RuntimeException e) {
        out.close();
        throw e;
      }
      root.close();
      return out;
    } catch (ParquetException | RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /** Carries a load failure (kept in {@link #failure}) out of the filter's callback. */
  private static final class LoadFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LoadFailed() {
      super(null, null, false, false);
    }
  }

  /**
   * Fills {@code out} with the {@code selected} rows: taken from the columns the filter loaded
   * into {@code decoded}, decoded for those rows alone in the other columns.
   */
  private void readSurvivors(VectorSchemaRoot decoded, VectorSchemaRoot out, int rows,
      int[] selected, boolean[] loaded) throws ParquetException {
    int n = selected.length;
    int i = 0;
    try {
      for (; i < decoders.length; i++) {
        if (loaded[i]) {
          io.basalt.engine.vector.VectorTake.takeInto(decoded.getVector(i), selected, n,
              out.getVector(i));
        } else {
          decoders[i].readSelected(out.getVector(i), rows, selected, n, true);
        }
      }
    } catch (IOException | RuntimeException e) {
      failure = wrap(columns.get(i), e);
      throw failure;
    }
    out.setRowCount(n);
  }

  /** Decodes {@code rows} rows into the columns where {@code mask[i] == which} (all if no mask). */
  private void read(VectorSchemaRoot root, int rows, boolean[] mask, boolean which)
      throws ParquetException {
    int i = 0;
    try {
      for (; i < decoders.length; i++) {
        if (mask == null || mask[i] == which) {
          decoders[i].readBatch(root.getVector(i), rows);
        }
      }
    } catch (IOException | RuntimeException e) {
      failure = wrap(columns.get(i), e);
      throw failure;
    }
  }

  /** Skips {@code rows} rows in every column, or only where {@code except[i]} is false. */
  private void skip(long rows, boolean[] except) throws ParquetException {
    int i = 0;
    try {
      for (; i < decoders.length; i++) {
        if (except != null && except[i]) {
          continue;
        }
        if (scratch[i] == null) {
          scratch[i] = schema.getFields().get(i).createVector(allocator);
        }
        decoders[i].skipRows(rows, scratch[i]);
        scratch[i].clear();
      }
    } catch (IOException | RuntimeException e) {
      failure = wrap(columns.get(i), e);
      throw failure;
    }
  }

  /** Bytes read from the file by this row group's column readers. */
  long bytesRead() {
    long n = 0;
    for (ColumnChunkReader r : chunkReaders) {
      n += r == null ? 0 : r.bytesRead();
    }
    return n;
  }

  /** Data pages read, over all columns. */
  long pagesRead() {
    long n = 0;
    for (ColumnChunkReader r : chunkReaders) {
      n += r == null ? 0 : r.dataPagesRead();
    }
    return n;
  }

  /**
   * Running out of memory_limit or being cancelled says nothing about the file: such failures go
   * up unchanged, not as "the file may be corrupt".
   */
  private static void rethrowResourceErrors(Exception e) {
    if (e instanceof org.apache.arrow.memory.OutOfMemoryException
        || e instanceof io.basalt.engine.memory.MemoryLimitExceededException
        || e instanceof io.basalt.engine.exec.ExecContext.QueryCancelledException) {
      throw (RuntimeException) e;
    }
  }

  private ParquetException wrap(ParquetColumn column, Exception e) {
    rethrowResourceErrors(e);
    String where = "row group " + rowGroup + ", column " + column.name() + ": ";
    if (e instanceof CorruptPageException) {
      return new ParquetException(path, where + e.getMessage()
          + " (the file may be corrupt; re-write it or move it out of the queried folder)", e);
    }
    if (e instanceof IOException) {
      return new ParquetException(path, where + "read failed: " + e, e);
    }
    // Decoders signal corrupt bytes with runtime exceptions (e.g. "corrupt RLE data").
    return new ParquetException(path, where + "cannot decode column data: " + e
        + " (the file may be corrupt; re-write it or move it out of the queried folder)", e);
  }

  @Override
  public void close() {
    for (int i = 0; i < decoders.length; i++) {
      if (decoders[i] != null) {
        decoders[i].release();
        decoders[i] = null;
      }
    }
    for (int i = 0; i < scratch.length; i++) {
      if (scratch[i] != null) {
        scratch[i].close();
        scratch[i] = null;
      }
    }
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Nothing was written; a failing close of a read-only handle loses nothing.
      }
    }
  }
}
