package io.basalt.engine.format.csv;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A CSV file cannot be read as asked: the message names the file and, where there is one, the line
 * (1-based, counting physical lines, so a quoted value spanning lines moves the count on) and the
 * column, and says what to change.
 */
public final class CsvException extends IOException {
  private static final long serialVersionUID = 1L;

  public CsvException(Path file, long line, String message) {
    super(file + (line > 0 ? " line " + line : "") + ": " + message);
  }

  public CsvException(Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
  }
}
