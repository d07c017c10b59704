package io.basalt.engine.exec;

import io.basalt.engine.catalog.DatasetColumn;
import io.basalt.engine.catalog.ParquetDataset;
import io.basalt.engine.format.parquet.ParquetColumn;
import io.basalt.engine.format.parquet.ParquetException;
import io.basalt.engine.format.parquet.ParquetFileMetadata;
import io.basalt.engine.format.parquet.ParquetRowGroupReader;
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
 */
public final class DatasetScan implements BatchStream {
  private final ParquetDataset dataset;
  private final int[] projection;
  /** For each projected partition column, its index in the files' partition values; else -1. */
  private final int[] partitionOrdinals;
  private final ExecContext context;
  private int fileIndex;
  private int rowGroupIndex = -1;
  private ParquetRowGroupReader reader;
  private long rowsLeftInGroup;

  /**
   * @param projection dataset column indexes, in output order; unsupported columns are refused here
   */
  public DatasetScan(ParquetDataset dataset, int[] projection, ExecContext context) {
    this.dataset = dataset;
    this.projection = projection.clone();
    this.context = context;
    this.partitionOrdinals = partitionOrdinals(dataset, this.projection);
    for (int c : projection) {
      DatasetColumn column = dataset.columns().get(c);
      if (!column.isSupported()) {
        throw new UnsupportedOperationException(column.unsupportedReason());
      }
    }
  }

  @Override
  public VectorSchemaRoot next() throws ParquetException {
    while (true) {
      context.checkCancelled();
      if (reader == null && rowsLeftInGroup == 0 && !advanceRowGroup()) {
        return null;
      }
      ParquetDataset.DataFile file = dataset.files().get(fileIndex);
      if (reader == null) {
        int rows = (int) Math.min(rowsLeftInGroup, context.batchRows());
        rowsLeftInGroup -= rows;
        return assemble(file, null, rows);
      }
      VectorSchemaRoot decoded = reader.next(context.batchRows());
      if (decoded == null) {
        reader.close();
        reader = null;
        continue;
      }
      return assemble(file, decoded, decoded.getRowCount());
    }
  }

  /** Moves to the next non-empty row group; false when the dataset is exhausted. */
  private boolean advanceRowGroup() throws ParquetException {
    while (fileIndex < dataset.files().size()) {
      ParquetFileMetadata meta = dataset.files().get(fileIndex).metadata();
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
      List<ParquetColumn> fileColumns = fileColumns(meta);
      if (fileColumns.isEmpty()) {
        rowsLeftInGroup = rows;
      } else {
        reader = new ParquetRowGroupReader(meta, rowGroupIndex, fileColumns, context.allocator());
      }
      return true;
    }
    return false;
  }

  /** The projected columns this file has, in projection order. */
  private List<ParquetColumn> fileColumns(ParquetFileMetadata meta) {
    List<ParquetColumn> out = new ArrayList<>();
    for (int c : projection) {
      DatasetColumn column = dataset.columns().get(c);
      if (!column.partition()) {
        ParquetColumn pc = meta.column(column.name());
        if (pc != null) {
          out.add(pc);
        }
      }
    }
    return out;
  }

  private VectorSchemaRoot assemble(ParquetDataset.DataFile file, VectorSchemaRoot decoded, int rows) {
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

  @Override
  public void close() {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }
}
