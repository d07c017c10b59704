package io.basalt.engine.format.parquet;

import java.nio.file.Path;

/** Reads a file's footer (placeholder until the reader lands). */
final class ParquetFooterReader {
  private ParquetFooterReader() {}

  static ParquetFileMetadata read(Path file) throws ParquetException {
    throw new ParquetException(file, "Parquet reading is not implemented yet");
  }
}
