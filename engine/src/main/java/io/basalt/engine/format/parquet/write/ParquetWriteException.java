package io.basalt.engine.format.parquet.write;

import java.io.IOException;
import java.nio.file.Path;

/** A Parquet file could not be written. The message names the target file and the problem. */
public class ParquetWriteException extends IOException {
  private static final long serialVersionUID = 1L;

  public ParquetWriteException(Path file, String problem) {
    super(file + ": " + problem);
  }

  public ParquetWriteException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}
