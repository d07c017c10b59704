package io.basalt.engine.format.csv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Splits a byte stream into records (RFC 4180 and its common variants): fields separated by the
 * delimiter; records ended by LF, CRLF or a lone CR; quoted fields may hold delimiters, line breaks
 * and doubled quotes (or escaped ones, when the escape differs from the quote). A UTF-8 byte order
 * mark at the start is skipped and blank lines are ignored. Bytes are not decoded here: the dialect
 * characters are ASCII, so UTF-8 text passes through untouched and is validated per column later.
 *
 * <p>A quoted value that never closes makes a record marked {@linkplain CsvRecord#malformed()
 * malformed} (at end of input, or when it grows past {@link #MAX_RECORD_BYTES}, which keeps one bad
 * quote from pulling a whole file into memory). Text after a closing quote is kept as written.
 * Not thread-safe; one reader per file.
 */
public final class CsvRecordReader {
  /** A record larger than this is refused: almost always an unterminated quote. */
  public static final int MAX_RECORD_BYTES = 64 << 20;

  private static final int START = 0;
  private static final int UNQUOTED = 1;
  private static final int QUOTED = 2;
  private static final int QUOTE_IN_QUOTED = 3;
  private static final int ESCAPED = 4;

  private final InputStream in;
  private final Path file;
  private final byte delimiter;
  private final byte quote;
  private final byte escape;
  private final byte[] buffer;
  private int position;
  private int limit;
  private boolean eof;
  private boolean started;
  private long line = 1;

  public CsvRecordReader(InputStream in, Path file, CsvDialect dialect, int bufferBytes) {
    this.in = in;
    this.file = file;
    this.delimiter = dialect.delimiter();
    this.quote = dialect.quote();
    this.escape = dialect.escape();
    this.buffer = new byte[bufferBytes];
  }

  public Path file() {
    return file;
  }

  /**
   * Reads the next record into {@code record}; false at end of input. A malformed record is
   * returned (with its reason) and the reader can go on after it.
   */
  public boolean next(CsvRecord record) throws IOException {
    if (!started) {
      started = true;
      skipByteOrderMark();
    }
    while (true) {
      record.reset(line);
      int state = START;
      boolean fieldQuoted = false;
      boolean any = false;
      while (true) {
        if (position == limit && !fill()) {
          // End of input.
          if (state == QUOTED || state == ESCAPED) {
            record.endField(true);
            record.malformed = "unterminated quoted value (the quote opened on line " + record.line
                + " never closes)";
            return true;
          }
          if (!any && state == START && record.fieldCount == 0) {
            return false;
          }
          record.endField(fieldQuoted);
          return true;
        }
        byte b = buffer[position++];
        any = true;
        switch (state) {
          case START:
          case UNQUOTED:
            if (b == delimiter) {
              record.endField(fieldQuoted);
              fieldQuoted = false;
              state = START;
            } else if (b == '\n' || b == '\r') {
              endLine(b);
              if (state == START && record.fieldCount == 0 && !fieldQuoted) {
                // A blank line: not a record.
                record.reset(line);
                any = false;
                continue;
              }
              record.endField(fieldQuoted);
              return true;
            } else if (state == START && b == quote && quote != CsvDialect.NO_QUOTE) {
              state = QUOTED;
              fieldQuoted = true;
            } else {
              record.append(b);
              state = UNQUOTED;
            }
            break;
          case QUOTED:
            if (b == escape && escape != quote) {
              state = ESCAPED;
            } else if (b == quote) {
              state = QUOTE_IN_QUOTED;
            } else {
              if (b == '\n') {
                line++;
              }
              record.append(b);
              if (record.length > MAX_RECORD_BYTES) {
                skipRestOfRecordAfterOverflow(record);
                return true;
              }
            }
            break;
          case ESCAPED:
            if (b == '\n') {
              line++;
            }
            record.append(b);
            state = QUOTED;
            break;
          case QUOTE_IN_QUOTED:
            if (b == quote && escape == quote) {
              record.append(b);
              state = QUOTED;
            } else if (b == delimiter) {
              record.endField(true);
              fieldQuoted = false;
              state = START;
            } else if (b == '\n' || b == '\r') {
              endLine(b);
              record.endField(true);
              return true;
            } else {
              // Text after the closing quote ("ab"c): kept as written, like most readers do.
              record.append(b);
              state = UNQUOTED;
            }
            break;
          default:
            throw new IllegalStateException("tokenizer state " + state);
        }
      }
    }
  }

  /** Counts the line break that ends a line, swallowing the LF of a CRLF pair. */
  private void endLine(byte b) throws IOException {
    line++;
    if (b == '\r') {
      if (position == limit && !fill()) {
        return;
      }
      if (buffer[position] == '\n') {
        position++;
      }
    }
  }

  private void skipRestOfRecordAfterOverflow(CsvRecord record) {
    record.endField(true);
    record.malformed = "a quoted value starting on line " + record.line + " is longer than "
        + (MAX_RECORD_BYTES >> 20) + " MB: most likely its closing quote is missing";
    // Nothing after this point can be resynchronized reliably: stop reading.
    eof = true;
    position = limit;
  }

  private void skipByteOrderMark() throws IOException {
    while (limit - position < 3 && !eof) {
      if (!fillKeeping()) {
        break;
      }
    }
    if (limit - position >= 3 && buffer[position] == (byte) 0xEF
        && buffer[position + 1] == (byte) 0xBB && buffer[position + 2] == (byte) 0xBF) {
      position += 3;
    }
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    position = 0;
    limit = 0;
    return fillKeeping();
  }

  /** Appends more input after what the buffer holds; false at end of input. */
  private boolean fillKeeping() throws IOException {
    if (eof) {
      return false;
    }
    if (position > 0 && position == limit) {
      position = 0;
      limit = 0;
    }
    int n = in.read(buffer, limit, buffer.length - limit);
    if (n < 0) {
      eof = true;
      return false;
    }
    limit += n;
    return true;
  }
}
