package io.basalt.engine.format.parquet;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A Parquet file could not be read. The message always names the file and, where known, the row
 * group and column, so that a user can find the bad file in a folder of thousands.
 */
public class ParquetException extends IOException {
  private static final long serialVersionUID = 1L;

  public ParquetException(Path file, String problem) {
    super(file + ": " + problem);
  }

  public ParquetException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}
