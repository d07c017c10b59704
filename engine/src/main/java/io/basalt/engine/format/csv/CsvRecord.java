package io.basalt.engine.format.csv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One record as the tokenizer found it: the unquoted, unescaped bytes of every field back to back
 * in {@link #data}, field {@code i} spanning {@code [start(i), end(i))}. Reused from record to
 * record, so nothing here may be kept past the next call to {@link CsvRecordReader#next}.
 */
public final class CsvRecord {
  byte[] data = new byte[4096];
  int length;
  int[] ends = new int[64];
  boolean[] quoted = new boolean[64];
  int fieldCount;
  /** The physical line the record starts on, 1-based. */
  long line;
  /** Why the record is malformed (e.g. an unterminated quote), or null. */
  String malformed;

  public int fieldCount() {
    return fieldCount;
  }

  public long line() {
    return line;
  }

  public String malformed() {
    return malformed;
  }

  public byte[] data() {
    return data;
  }

  public int start(int field) {
    return field == 0 ? 0 : ends[field - 1];
  }

  public int end(int field) {
    return ends[field];
  }

  /** Whether the field was written in quotes (a quoted empty value is an empty string, not NULL). */
  public boolean quoted(int field) {
    return quoted[field];
  }

  /** Whether the field is NULL: empty and unquoted, or equal to the null string and unquoted. */
  public boolean isNull(int field, byte[] nullString) {
    if (quoted[field]) {
      return false;
    }
    int start = start(field);
    int len = ends[field] - start;
    if (len == 0) {
      return true;
    }
    return len == nullString.length && Arrays.equals(data, start, ends[field], nullString, 0, len);
  }

  /** The field as text, for messages and sampling (invalid UTF-8 becomes U+FFFD). */
  public String text(int field) {
    return new String(data, start(field), ends[field] - start(field), StandardCharsets.UTF_8);
  }

  void reset(long startLine) {
    length = 0;
    fieldCount = 0;
    line = startLine;
    malformed = null;
  }

  void append(byte b) {
    if (length == data.length) {
      data = Arrays.copyOf(data, data.length * 2);
    }
    data[length++] = b;
  }

  void endField(boolean wasQuoted) {
    if (fieldCount == ends.length) {
      ends = Arrays.copyOf(ends, ends.length * 2);
      quoted = Arrays.copyOf(quoted, quoted.length * 2);
    }
    ends[fieldCount] = length;
    quoted[fieldCount] = wasQuoted;
    fieldCount++;
  }
}
