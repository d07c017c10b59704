package io.basalt.engine.format.parquet.write;

import java.util.Arrays;

/**
 * Shortens binary min/max values for the column index, keeping them valid bounds under unsigned
 * byte order: a prefix of the minimum is still at most every value, and a prefix of the maximum
 * with its last byte incremented (carrying past 0xFF bytes, which are dropped) is still at least
 * every value.
 */
final class BinaryBounds {
  private BinaryBounds() {}

  /** A lower bound of {@code min} of at most {@code limit} bytes. */
  static byte[] truncateMin(byte[] min, int limit) {
    return min.length <= limit ? min : Arrays.copyOf(min, limit);
  }

  /**
   * An upper bound of {@code max} of at most {@code limit} bytes, or null when there is none that
   * short (the first {@code limit} bytes are all 0xFF).
   */
  static byte[] truncateMax(byte[] max, int limit) {
    if (max.length <= limit) {
      return max;
    }
    for (int i = limit - 1; i >= 0; i--) {
      if (max[i] != (byte) 0xFF) {
        byte[] bound = Arrays.copyOf(max, i + 1);
        bound[i]++;
        return bound;
      }
    }
    return null;
  }
}
