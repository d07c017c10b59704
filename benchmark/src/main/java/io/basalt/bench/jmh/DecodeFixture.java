package io.basalt.bench.jmh;

import io.basalt.engine.format.parquet.ParquetColumn;
import io.basalt.engine.format.parquet.ParquetException;
import io.basalt.engine.format.parquet.ParquetFileMetadata;
import io.basalt.engine.format.parquet.ParquetRowGroupReader;
import io.basalt.engine.format.parquet.write.ParquetFileWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes a one-column, one-row-group Parquet file of a {@link DecodeColumn} with Basalt's writer,
 * and decodes it with Basalt's {@link ParquetRowGroupReader}: the benchmark body, shared by the JMH
 * benchmark and its test.
 */
public final class DecodeFixture {
  /** Rows per decoded batch, as the scan asks for. */
  static final int BATCH_ROWS = 64 * 1024;

  private DecodeFixture() {}

  /** Writes {@code rows} generated rows of {@code kind} to {@code file} as one row group. */
  public static ParquetFileMetadata write(Path file, DecodeColumn kind, int rows,
      BufferAllocator allocator) throws IOException {
    Schema schema = new Schema(List.of(kind.field()));
    ParquetFileWriter writer = new ParquetFileWriter(file, schema, kind.options(rows));
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator)) {
      FieldVector vector = batch.getVector(0);
      vector.setInitialCapacity(rows);
      vector.allocateNew();
      for (int row = 0; row < rows; row++) {
        if (DecodeColumn.isNull(row)) {
          vector.setNull(row);
        } else {
          kind.set(vector, row);
        }
      }
      vector.setValueCount(rows);
      batch.setRowCount(rows);
      writer.write(batch);
      writer.close();
    } catch (IOException | RuntimeException e) {
      writer.abort();
      throw e;
    }
    return ParquetFileMetadata.read(file);
  }

  /**
   * Decodes the whole column chunk of row group 0 and returns the checksum of its values in row
   * order (see {@link DecodeColumn}); every batch is released before returning.
   */
  public static long decode(ParquetFileMetadata file, DecodeColumn kind, BufferAllocator allocator)
      throws ParquetException {
    ParquetColumn column = file.columns().get(0);
    long sum = 0;
    try (ParquetRowGroupReader reader =
        new ParquetRowGroupReader(file, 0, List.of(column), allocator)) {
      VectorSchemaRoot batch;
      while ((batch = reader.next(BATCH_ROWS)) != null) {
        try (VectorSchemaRoot owned = batch) {
          FieldVector vector = owned.getVector(0);
          int count = owned.getRowCount();
          for (int i = 0; i < count; i++) {
            sum = sum * 31 + (vector.isNull(i) ? DecodeColumn.NULL_WEIGHT : kind.decodedTerm(vector, i));
          }
        }
      }
    }
    return sum;
  }
}
