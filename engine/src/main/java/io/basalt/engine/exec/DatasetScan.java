package io.basalt.engine.exec;

import io.basalt.engine.catalog.DatasetColumn;
import io.basalt.engine.catalog.ParquetDataset;
import io.basalt.engine.format.parquet.ParquetColumn;
import io.basalt.engine.format.parquet.ParquetException;
import io.basalt.engine.format.parquet.ParquetFileMetadata;
import io.basalt.engine.format.parquet.ParquetRowGroupReader;
import io.basalt.engine.format.parquet.PageIndex;
import io.basalt.engine.format.parquet.ReaderBuffers;
import io.basalt.engine.pushdown.PredicateBinder;
import io.basalt.engine.pushdown.RowRanges;
import io.basalt.engine.pushdown.ScanPredicate;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Scans the projected columns of a dataset, file by file and row group by row group, into batches in
 * projection order: file columns are decoded, columns a file lacks become all-NULL vectors, and
 * partition columns are filled with the file's constant value. With no projected column (e.g.
 * {@code COUNT(*)}) batches carry only a row count, read from the footers without decoding.
 *
 * <p>With a pushed predicate, the scan skips what cannot match before decoding anything: files by
 * their partition values (never opened), row groups by chunk statistics, and pages by the column
 * index, reading only the surviving row ranges of every projected column. Rows it returns still
 * need the query's exact filter: skipping is by statistics only.
 *
 * <p>Parallel scans share one {@link Morsels}: each copy (one per worker) takes the next row group
 * and decodes it on its own thread. A copy is used by one thread at a time.
 */
public final class DatasetScan implements BatchStream {
  private final Morsels morsels;
  private final ExecContext context;
  private final ScanMetrics metrics;
  private Morsel morsel;
  private ParquetRowGroupReader reader;
  private long rowsLeftInGroup;
  /** This copy's output and time not yet added to {@link #metrics}. */
  private long rowsOut;
  private long batchesOut;
  private long nanos;
  /**
   * Page and staging arrays this copy's row group readers reuse, one after the other; taken from
   * the process-wide pool for the first row group and returned when the morsels run out.
   */
  private ReaderBuffers buffers;

  /**
   * @param projection dataset column indexes, in output order; unsupported columns are refused here
   */
  public DatasetScan(ParquetDataset dataset, int[] projection, ExecContext context) {
    this(dataset, projection, null, context, new ScanMetrics());
  }

  /**
   * A scan reading every morsel itself, on the caller's thread.
   *
   * @param predicate pushed predicate over dataset column indexes (parameters are bound here from
   *     the context), or null
   * @param metrics where the scan counts what it read and skipped
   */
  public DatasetScan(ParquetDataset dataset, int[] projection, ScanPredicate predicate,
      ExecContext context, ScanMetrics metrics) {
    this(new Morsels(dataset, projection, predicate, context, metrics), context);
  }

  /** One copy of a parallel scan: reads the row groups it takes from the shared {@code morsels}. */
  public DatasetScan(Morsels morsels, ExecContext context) {
    this.morsels = morsels;
    this.context = context;
    this.metrics = morsels.metrics;
  }

  @Override
  public VectorSchemaRoot next() throws ParquetException {
    long start = System.nanoTime();
    VectorSchemaRoot batch = null;
    try {
      batch = nextBatch();
      return batch;
    } finally {
      // Counted here and added to the shared metrics per row group: taking their lock per batch
      // made copies wait for the one choosing its next row group, which holds it while pruning.
      if (batch != null) {
        rowsOut += batch.getRowCount();
        batchesOut++;
      }
      nanos += System.nanoTime() - start;
    }
  }

  /** Adds what this copy counted since the last call to the shared metrics (under their lock). */
  private void flushCounts() {
    metrics.rowsOut += rowsOut;
    metrics.batchesOut += batchesOut;
    metrics.nanos += nanos;
    rowsOut = 0;
    batchesOut = 0;
    nanos = 0;
  }

  private VectorSchemaRoot nextBatch() throws ParquetException {
    while (true) {
      context.checkCancelled();
      if (reader == null && rowsLeftInGroup == 0) {
        morsel = morsels.next();
        if (morsel == null) {
          if (buffers != null) {
            // Only here, on this copy's thread with no reader open, are the buffers surely free;
            // a copy closed early (LIMIT, cancel, failure) leaves them to the garbage collector.
            ReaderBuffers.release(buffers);
            buffers = null;
          }
          return null;
        }
        if (morsel.fileColumns.isEmpty()) {
          rowsLeftInGroup = morsel.rows;
        } else {
          if (buffers == null) {
            buffers = ReaderBuffers.acquire();
          }
          reader = new ParquetRowGroupReader(morsel.file.metadata(), morsel.rowGroup,
              morsel.fileColumns, context.allocator(), morsel.ranges, morsel.filter, buffers);
        }
      }
      if (reader == null) {
        int rows = (int) Math.min(rowsLeftInGroup, context.batchRows());
        rowsLeftInGroup -= rows;
        return morsels.assemble(morsel.file, null, rows);
      }
      VectorSchemaRoot decoded = reader.next(context.batchRows());
      if (decoded == null) {
        closeReader();
        continue;
      }
      return morsels.assemble(morsel.file, decoded, decoded.getRowCount());
    }
  }

  private void closeReader() {
    if (reader != null) {
      synchronized (metrics) {
        flushCounts();
        metrics.bytesRead += reader.bytesRead();
        metrics.pagesRead += reader.pagesRead();
        metrics.rowsFilteredInScan += reader.rowsFilteredOut();
        if (!morsels.pruned()) {
          metrics.pagesTotal += reader.pagesRead(); // nothing is skipped without a predicate
        }
      }
      reader.close();
      reader = null;
    }
  }

  @Override
  public void close() {
    closeReader();
    synchronized (metrics) {
      flushCounts();
    }
    rowsLeftInGroup = 0;
  }

  /** One row group to read: the unit of work copies of a parallel scan take turns at. */
  private record Morsel(ParquetDataset.DataFile file, int rowGroup, RowRanges ranges,
      List<ParquetColumn> fileColumns, long rows, PredicateRowFilter filter) {}

  /**
   * The row groups of one scan execution, handed out one at a time to whichever copy asks, after
   * pruning (files by partition values, row groups by statistics, dictionaries, bloom filters and
   * page indexes). Thread-safe.
   */
  public static final class Morsels {
    private final ParquetDataset dataset;
    private final int[] projection;
    /** For each projected partition column, its index in the files' partition values; else -1. */
    private final int[] partitionOrdinals;
    private final ExecContext context;
    /** Decides what a pushed predicate lets the scan skip; null without one. */
    private final RowGroupPruning pruning;
    private final ScanMetrics metrics;
    /** The files to scan: all, or those of the partitions the predicate leaves. */
    private final List<ParquetDataset.DataFile> files;
    private boolean fileCounted;
    private int fileIndex;
    private int rowGroupIndex = -1;

    /**
     * @param predicate pushed predicate over dataset column indexes (parameters are bound here from
     *     the context), or null
     */
    public Morsels(ParquetDataset dataset, int[] projection, ScanPredicate predicate,
        ExecContext context, ScanMetrics metrics) {
      this.dataset = dataset;
      this.projection = projection.clone();
      this.context = context;
      this.metrics = metrics;
      for (int c : projection) {
        DatasetColumn column = dataset.columns().get(c);
        if (!column.isSupported()) {
          throw new UnsupportedOperationException(column.unsupportedReason());
        }
      }
      this.pruning = predicate == null ? null : new RowGroupPruning(dataset,
          PredicateBinder.bind(predicate, context.parameters()), metrics);
      ParquetDataset.Listing listing = dataset.listing(values -> pruning == null
          || pruning.partitionMayMatch(values));
      this.files = listing.files();
      synchronized (metrics) {
        metrics.filesTotal += files.size();
        metrics.partitionsTotal += listing.partitionsTotal();
        metrics.partitionsSkipped += listing.partitionsSkipped();
      }
      this.partitionOrdinals = partitionOrdinals(dataset, this.projection);
    }

    boolean pruned() {
      return pruning != null;
    }

    /** The next non-empty row group that may match, or null when the dataset is exhausted. */
    private Morsel next() throws ParquetException {
      synchronized (metrics) {
        return advance();
      }
    }

    private Morsel advance() throws ParquetException {
      while (fileIndex < files.size()) {
        context.checkCancelled();
        ParquetDataset.DataFile file = files.get(fileIndex);
        if (rowGroupIndex == -1) {
          fileCounted = false;
          if (pruning != null && !pruning.fileMayMatch(file)) {
            fileIndex++; // pruned by partition values: the file is never opened
            continue;
          }
          dataset.checkFileSchema(file);
          metrics.rowGroupsTotal += file.metadata().rowGroupCount();
        }
        ParquetFileMetadata meta = file.metadata();
        rowGroupIndex++;
        if (rowGroupIndex >= meta.rowGroupCount()) {
          fileIndex++;
          rowGroupIndex = -1;
          continue;
        }
        long rows = meta.rowGroupRowCount(rowGroupIndex);
        if (rows == 0) {
          continue;
        }
        RowRanges ranges = null;
        if (pruning != null) {
          ranges = pruning.rowsToRead(file, rowGroupIndex);
          if (ranges != null && ranges.isEmpty()) {
            continue;
          }
        }
        metrics.rowGroupsRead++;
        if (!fileCounted) {
          fileCounted = true;
          metrics.filesRead++;
        }
        int[] datasetColumns = fileDatasetColumns(meta);
        List<ParquetColumn> fileColumns = fileColumns(meta, datasetColumns);
        if (pruning != null) {
          countPages(meta, rowGroupIndex, fileColumns);
        }
        PredicateRowFilter filter = pruning == null || fileColumns.isEmpty() ? null
            : pruning.rowFilter(file, datasetColumns);
        return new Morsel(file, rowGroupIndex, ranges, fileColumns,
            ranges == null ? rows : ranges.rowCount(), filter);
      }
      return null;
    }

    /** Adds the data pages of the columns to be read to the total, where page indexes tell. */
    private void countPages(ParquetFileMetadata meta, int rowGroup, List<ParquetColumn> columns)
        throws ParquetException {
      for (ParquetColumn pc : columns) {
        PageIndex index = meta.pageIndex(rowGroup, pc);
        if (index == null) {
          metrics.rowGroupsWithoutPageIndex++;
          return;
        }
        metrics.pagesTotal += index.pageCount();
      }
    }

    /** The projected dataset columns this file has (not partitions), in projection order. */
    private int[] fileDatasetColumns(ParquetFileMetadata meta) {
      List<Integer> out = new ArrayList<>();
      for (int c : projection) {
        DatasetColumn column = dataset.columns().get(c);
        if (!column.partition() && meta.column(column.name()) != null) {
          out.add(c);
        }
      }
      return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The file's own columns for {@code datasetColumns}, in the same order. */
    private List<ParquetColumn> fileColumns(ParquetFileMetadata meta, int[] datasetColumns) {
      List<ParquetColumn> out = new ArrayList<>(datasetColumns.length);
      for (int c : datasetColumns) {
        out.add(meta.column(dataset.columns().get(c).name()));
      }
      return out;
    }

    private VectorSchemaRoot assemble(ParquetDataset.DataFile file, VectorSchemaRoot decoded,
        int rows) {
      List<FieldVector> vectors = new ArrayList<>(projection.length);
      List<Field> fields = new ArrayList<>(projection.length);
      int next = 0;
      BufferAllocator allocator = context.allocator();
      try {
        for (int i = 0; i < projection.length; i++) {
          DatasetColumn column = dataset.columns().get(projection[i]);
          FieldVector v;
          if (column.partition()) {
            Object value = file.partitionValues().get(partitionOrdinals[i]);
            v = ConstantVectors.filled(column.field(), value, rows, allocator);
          } else if (file.metadata().column(column.name()) != null) {
            v = decoded.getVector(next++);
          } else {
            v = ConstantVectors.filled(column.field(), null, rows, allocator);
          }
          vectors.add(v);
          fields.add(v.getField());
        }
      } catch (RuntimeException e) {
        vectors.forEach(FieldVector::close);
        if (decoded != null) {
          decoded.close();
        }
        throw e;
      }
      VectorSchemaRoot out = new VectorSchemaRoot(fields, vectors, rows);
      out.setRowCount(rows);
      return out;
    }

    private static int[] partitionOrdinals(ParquetDataset dataset, int[] projection) {
      int[] ordinals = new int[projection.length];
      for (int i = 0; i < projection.length; i++) {
        ordinals[i] = dataset.partitionOrdinal(projection[i]);
      }
      return ordinals;
    }
  }
}
