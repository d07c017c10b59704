package io.basalt.engine.format.parquet;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Decodes one row group (placeholder until the reader lands). */
final class RowGroupDecoder implements AutoCloseable {
  private final ParquetFileMetadata file;

  RowGroupDecoder(ParquetFileMetadata file, int rowGroup, List<ParquetColumn> columns,
      BufferAllocator allocator) throws ParquetException {
    this.file = file;
    throw new ParquetException(file.path(), "Parquet reading is not implemented yet");
  }

  VectorSchemaRoot next(int maxRows) throws ParquetException {
    throw new ParquetException(file.path(), "Parquet reading is not implemented yet");
  }

  @Override
  public void close() {}
}
