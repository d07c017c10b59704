package io.basalt.engine.format.parquet;

/**
 * Internal signal that the bytes of a column chunk do not decode. {@link RowGroupDecoder} turns it
 * into a {@link ParquetException} naming the file, row group and column, so that the decoding code
 * deep inside can stay free of that context.
 */
final class CorruptPageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CorruptPageException(String message) {
    super(message);
  }

  CorruptPageException(String message, Throwable cause) {
    super(message, cause);
  }
}
