package io.basalt.engine.format.parquet.index;

import java.util.Arrays;

/**
 * The bitset of a Parquet split-block bloom filter: 256-bit blocks of eight 32-bit words, one bit
 * set per word for each inserted hash. The upper 32 bits of a hash choose the block, the lower 32
 * bits (multiplied by eight salts) the bits. Words are little-endian in {@link #toBytes()}, as in
 * the file. Not thread-safe while inserting; reads of a finished filter may be shared.
 */
public final class SplitBlockBloomFilter {
  /** Bytes per block: eight 32-bit words. */
  public static final int BLOCK_BYTES = 32;
  /** The smallest filter the writer produces: one block. */
  public static final int MIN_BYTES = BLOCK_BYTES;

  private static final int[] SALT = {
    0x47b6137b, 0x44974d91, 0x8824ad5b, 0xa2b7289d, 0x705495c7, 0x2df1424b, 0x9efc4947, 0x5c6bfb31
  };

  private final int[] words;
  private final int blocks;

  private SplitBlockBloomFilter(int[] words) {
    this.words = words;
    this.blocks = words.length / 8;
  }

  /** An empty filter of {@code numBytes} bytes, a positive multiple of {@link #BLOCK_BYTES}. */
  public static SplitBlockBloomFilter empty(int numBytes) {
    checkSize(numBytes);
    return new SplitBlockBloomFilter(new int[numBytes / 4]);
  }

  /** The filter stored in {@code bytes[offset, offset + numBytes)}, copied. */
  public static SplitBlockBloomFilter fromBytes(byte[] bytes, int offset, int numBytes) {
    checkSize(numBytes);
    int[] words = new int[numBytes / 4];
    for (int i = 0; i < words.length; i++) {
      int p = offset + 4 * i;
      words[i] = (bytes[p] & 0xFF) | (bytes[p + 1] & 0xFF) << 8 | (bytes[p + 2] & 0xFF) << 16
          | (bytes[p + 3] & 0xFF) << 24;
    }
    return new SplitBlockBloomFilter(words);
  }

  private static void checkSize(int numBytes) {
    if (numBytes < BLOCK_BYTES || numBytes % BLOCK_BYTES != 0) {
      throw new IllegalArgumentException(
          "bloom filter size must be a positive multiple of 32 bytes, got " + numBytes);
    }
  }

  /**
   * The spec's size for {@code distinctValues} values at false-positive probability {@code fpp}:
   * {@code -8 * ndv / ln(1 - fpp^(1/8))} bits, rounded up to a power of two bytes (so that the
   * block index stays uniform) and clamped to {@code [MIN_BYTES, maxBytes]}.
   */
  public static int optimalNumBytes(long distinctValues, double fpp, int maxBytes) {
    if (!(fpp > 0 && fpp < 1)) {
      throw new IllegalArgumentException("fpp must be in (0, 1), got " + fpp);
    }
    double bits = -8.0 * Math.max(1, distinctValues) / Math.log(1 - Math.pow(fpp, 1.0 / 8));
    long bytes = (long) Math.ceil(bits / 8);
    long power = Long.highestOneBit(Math.max(1, bytes));
    if (power < bytes) {
      power <<= 1;
    }
    int cap = Math.max(MIN_BYTES, Integer.highestOneBit(maxBytes));
    return (int) Math.max(MIN_BYTES, Math.min(power, cap));
  }

  public int numBytes() {
    return words.length * 4;
  }

  public void insert(long hash) {
    int base = blockIndex(hash) * 8;
    int key = (int) hash;
    for (int i = 0; i < 8; i++) {
      words[base + i] |= 1 << ((key * SALT[i]) >>> 27);
    }
  }

  /** False means the value with this hash was certainly never inserted. */
  public boolean mightContain(long hash) {
    int base = blockIndex(hash) * 8;
    int key = (int) hash;
    for (int i = 0; i < 8; i++) {
      if ((words[base + i] & (1 << ((key * SALT[i]) >>> 27))) == 0) {
        return false;
      }
    }
    return true;
  }

  private int blockIndex(long hash) {
    // ((hash >>> 32) * blocks) >>> 32: maps the top 32 bits onto [0, blocks) without modulo bias.
    return (int) (((hash >>> 32) * blocks) >>> 32);
  }

  /** The bitset as stored in a file: 32-bit words, little-endian. */
  public byte[] toBytes() {
    byte[] bytes = new byte[words.length * 4];
    for (int i = 0; i < words.length; i++) {
      int w = words[i];
      bytes[4 * i] = (byte) w;
      bytes[4 * i + 1] = (byte) (w >>> 8);
      bytes[4 * i + 2] = (byte) (w >>> 16);
      bytes[4 * i + 3] = (byte) (w >>> 24);
    }
    return bytes;
  }

  /** Forgets every inserted hash. */
  public void clear() {
    Arrays.fill(words, 0);
  }
}
