package io.basalt.engine.format.parquet;

import io.basalt.engine.format.parquet.decode.BinaryValues;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Bulk readers for PLAIN-encoded values (and the plain bytes BYTE_STREAM_SPLIT produces). Each
 * method checks the whole run against the end of its source once, then loops without checks.
 */
final class PlainValues {
  static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private PlainValues() {}

  /** Reads {@code n} 4-byte values; returns the position after them. */
  static int readInts(byte[] src, int pos, int end, int[] out, int n) {
    checkAvailable(pos, end, (long) n * 4, n, "4-byte");
    for (int i = 0; i < n; i++) {
      out[i] = (int) INT_LE.get(src, pos + 4 * i);
    }
    return pos + 4 * n;
  }

  /** Reads {@code n} 8-byte values; returns the position after them. */
  static int readLongs(byte[] src, int pos, int end, long[] out, int n) {
    checkAvailable(pos, end, (long) n * 8, n, "8-byte");
    for (int i = 0; i < n; i++) {
      out[i] = (long) LONG_LE.get(src, pos + 8 * i);
    }
    return pos + 8 * n;
  }

  /** Copies {@code n} values of {@code width} bytes; returns the position after them. */
  static int readFixed(byte[] src, int pos, int end, byte[] out, int n, int width) {
    long bytes = (long) n * width;
    checkAvailable(pos, end, bytes, n, width + "-byte");
    System.arraycopy(src, pos, out, 0, (int) bytes);
    return pos + (int) bytes;
  }

  /** Appends {@code n} length-prefixed byte strings; returns the position after them. */
  static int readBinaries(byte[] src, int pos, int end, BinaryValues out, int n) {
    for (int i = 0; i < n; i++) {
      pos = readBinary(src, pos, end, out);
    }
    return pos;
  }

  /** Appends one length-prefixed byte string; returns the position after it. */
  static int readBinary(byte[] src, int pos, int end, BinaryValues out) {
    if (end - pos < 4) {
      throw new CorruptPageException("PLAIN byte array length cut off at byte " + pos
          + " of the page");
    }
    int length = (int) INT_LE.get(src, pos);
    pos += 4;
    if (length < 0 || length > end - pos) {
      throw new CorruptPageException("PLAIN byte array of " + length + " bytes at byte " + pos
          + " overruns the page (" + (end - pos) + " bytes left)");
    }
    out.append(src, pos, length);
    return pos + length;
  }

  /**
   * Reads {@code n} bit-packed booleans (LSB first) starting at bit {@code bit} of {@code
   * src[pos ..]} as 0/1 ints.
   */
  static void readBooleans(byte[] src, int pos, int end, long bit, int[] out, int n) {
    long lastBit = bit + n;
    if ((lastBit + 7) / 8 > end - pos) {
      throw new CorruptPageException("PLAIN booleans overrun the page: " + n + " values at bit "
          + bit + " with " + (end - pos) + " bytes");
    }
    for (int i = 0; i < n; i++) {
      long b = bit + i;
      out[i] = (src[pos + (int) (b >>> 3)] >>> (b & 7)) & 1;
    }
  }

  static void checkAvailable(int pos, int end, long bytes, int n, String what) {
    if (bytes > end - pos) {
      throw new CorruptPageException(n + " PLAIN " + what + " values need " + bytes
          + " bytes but the page has " + (end - pos) + " left");
    }
  }
}
