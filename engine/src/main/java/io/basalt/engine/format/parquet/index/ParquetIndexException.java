package io.basalt.engine.format.parquet.index;

import java.io.IOException;

/**
 * A column index, offset index or bloom filter is corrupt: its offset or length points outside the
 * file, or its bytes do not parse. The message names the column and the byte range. Readers only
 * get a channel, not a path, so callers should wrap it with the file and row group; the usual
 * remedy is to rewrite the file, or to scan without the index (which is always correct).
 */
public class ParquetIndexException extends IOException {
  private static final long serialVersionUID = 1L;

  public ParquetIndexException(String problem) {
    super(problem);
  }

  public ParquetIndexException(String problem, Throwable cause) {
    super(problem, cause);
  }
}
