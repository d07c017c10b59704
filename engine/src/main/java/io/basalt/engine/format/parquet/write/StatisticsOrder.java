package io.basalt.engine.format.parquet.write;

import java.util.Comparator;

/**
 * Comparators over PLAIN-encoded statistics values (as stored in min/max fields), in each physical
 * type's Parquet sort order. The column index needs them to work out its boundary order.
 */
final class StatisticsOrder {
  private StatisticsOrder() {}

  /** INT32 or INT64, little-endian, signed. */
  static Comparator<byte[]> signedInteger() {
    return (a, b) -> Long.compare(littleEndian(a), littleEndian(b));
  }

  /** FLOAT or DOUBLE, little-endian IEEE bits; -0.0 sorts before +0.0, as the zeros are written. */
  static Comparator<byte[]> floatingPoint() {
    return (a, b) -> Double.compare(toDouble(a), toDouble(b));
  }

  /** BOOLEAN as one byte, false before true. */
  static Comparator<byte[]> bool() {
    return (a, b) -> Integer.compare(a[0], b[0]);
  }

  private static double toDouble(byte[] bytes) {
    long bits = littleEndian(bytes);
    return bytes.length == 4 ? Float.intBitsToFloat((int) bits) : Double.longBitsToDouble(bits);
  }

  /** Sign-extends 4 or 8 little-endian bytes. */
  private static long littleEndian(byte[] bytes) {
    long value = 0;
    for (int i = bytes.length - 1; i >= 0; i--) {
      value = value << 8 | (bytes[i] & 0xFF);
    }
    return bytes.length == 4 ? (int) value : value;
  }
}
