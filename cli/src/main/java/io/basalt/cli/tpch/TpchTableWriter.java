package io.basalt.cli.tpch;

import io.basalt.engine.format.parquet.write.ParquetFileWriter;
import io.basalt.engine.format.parquet.write.ParquetWriteOptions;
import io.trino.tpch.TpchEntity;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Streams one TPC-H table from its generator into a Parquet file, one reused Arrow batch at a
 * time, so memory stays at one batch plus the writer's current row group.
 */
final class TpchTableWriter {
  static final int BATCH_ROWS = 64 * 1024;

  private TpchTableWriter() {}

  /** Writes {@code layout}'s table at {@code scaleFactor} to {@code file}; returns its row count. */
  static <E extends TpchEntity> long write(
      TpchTableLayout<E> layout,
      double scaleFactor,
      Path file,
      ParquetWriteOptions options,
      BufferAllocator allocator)
      throws IOException {
    List<TpchColumnLayout<E>> columns = layout.columns();
    long rows = 0;
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(layout.schema(), allocator)) {
      ParquetFileWriter writer = new ParquetFileWriter(file, layout.schema(), options);
      try {
        batch.allocateNew();
        int inBatch = 0;
        // Part 1 of 1: the whole table from one generator, so the rows come out in spec order.
        for (E row : layout.table().createGenerator(scaleFactor, 1, 1)) {
          for (int c = 0; c < columns.size(); c++) {
            set(batch.getVector(c), columns.get(c), inBatch, row);
          }
          inBatch++;
          rows++;
          if (inBatch == BATCH_ROWS) {
            if (Thread.interrupted()) {
              throw new InterruptedIOException(file + ": TPC-H generation was cancelled");
            }
            flush(batch, inBatch, writer);
            inBatch = 0;
          }
        }
        if (inBatch > 0) {
          flush(batch, inBatch, writer);
        }
        writer.close();
      } catch (IOException | RuntimeException | Error e) {
        writer.abort();
        throw e;
      }
    }
    return rows;
  }

  private static void flush(VectorSchemaRoot batch, int rows, ParquetFileWriter writer)
      throws IOException {
    batch.setRowCount(rows);
    writer.write(batch);
    // Keep the buffers (already sized for a full batch); only the value counts restart.
    for (FieldVector vector : batch.getFieldVectors()) {
      vector.reset();
    }
  }

  private static <E extends TpchEntity> void set(
      FieldVector vector, TpchColumnLayout<E> column, int index, E row) {
    switch (column.kind()) {
      case BIGINT:
        ((BigIntVector) vector).setSafe(index, column.source().getIdentifier(row));
        break;
      case INTEGER:
        ((IntVector) vector).setSafe(index, column.intValue(row));
        break;
      case DECIMAL:
        ((DecimalVector) vector).setSafe(index, column.unscaledCents(row));
        break;
      case DATE:
        ((DateDayVector) vector).setSafe(index, column.source().getDate(row));
        break;
      case VARCHAR:
        ((VarCharVector) vector)
            .setSafe(index, column.source().getString(row).getBytes(StandardCharsets.UTF_8));
        break;
      default:
        throw new IllegalStateException("unhandled column kind " + column.kind());
    }
  }
}
