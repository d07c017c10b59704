package io.basalt.engine.format.parquet.write;

/**
 * Encodes small non-negative integers (definition levels, dictionary indices) with Parquet's
 * RLE / bit-packed hybrid encoding. Runs of eight or more equal values become RLE runs; everything
 * else is bit-packed in groups of eight, padded with zeros at the very end (readers stop at the
 * page's value count, so the padding is never read as data).
 */
final class RleBitPackedEncoder {
  /** Minimum run worth an RLE run: shorter ones cost more as RLE than bit-packed. */
  private static final int MIN_RLE_RUN = 8;

  /** Keeps each bit-packed header to one byte, as other writers do. */
  private static final int MAX_GROUPS_PER_BIT_PACKED_RUN = 63;

  private RleBitPackedEncoder() {}

  /** Bits needed to store {@code maxValue}, at least 1 (some readers reject width 0). */
  static int bitWidth(int maxValue) {
    return Math.max(1, 32 - Integer.numberOfLeadingZeros(maxValue));
  }

  /** Appends the encoding of {@code values[0..count)} to {@code out}, without a length prefix. */
  static void encode(int[] values, int count, int bitWidth, ByteArrayBuilder out) {
    int i = 0;
    while (i < count) {
      int run = runLength(values, i, count);
      if (run >= MIN_RLE_RUN) {
        writeRleRun(values[i], run, bitWidth, out);
        i += run;
        continue;
      }
      int start = i;
      int groups = 0;
      while (i < count && groups < MAX_GROUPS_PER_BIT_PACKED_RUN) {
        if (groups > 0 && runLength(values, i, count) >= MIN_RLE_RUN) {
          break;
        }
        i += 8;
        groups++;
      }
      writeBitPackedRun(values, start, Math.min(i, count), groups, bitWidth, out);
      i = Math.min(i, count);
    }
  }

  /** Length of the run of equal values starting at {@code from}, capped at what decides RLE. */
  private static int runLength(int[] values, int from, int count) {
    int value = values[from];
    int end = from + 1;
    while (end < count && values[end] == value) {
      end++;
    }
    return end - from;
  }

  private static void writeRleRun(int value, int run, int bitWidth, ByteArrayBuilder out) {
    out.writeUnsignedVarInt(run << 1);
    int valueBytes = (bitWidth + 7) / 8;
    for (int b = 0; b < valueBytes; b++) {
      out.write((value >>> (8 * b)) & 0xFF);
    }
  }

  private static void writeBitPackedRun(
      int[] values, int from, int to, int groups, int bitWidth, ByteArrayBuilder out) {
    out.writeUnsignedVarInt((groups << 1) | 1);
    long mask = (1L << bitWidth) - 1;
    long buffer = 0;
    int bits = 0;
    int total = groups * 8;
    for (int k = 0; k < total; k++) {
      int index = from + k;
      long value = index < to ? values[index] & mask : 0;
      buffer |= value << bits;
      bits += bitWidth;
      while (bits >= 8) {
        out.write((int) (buffer & 0xFF));
        buffer >>>= 8;
        bits -= 8;
      }
    }
  }
}
