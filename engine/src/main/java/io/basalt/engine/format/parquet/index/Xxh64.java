package io.basalt.engine.format.parquet.index;

/**
 * The 64-bit xxHash (XXH64) of a byte range, as the Parquet bloom filter specification requires
 * (always with seed 0 there). A straight transcription of the reference algorithm: 32-byte stripes
 * through four accumulators, then 8-, 4- and 1-byte tails, then the avalanche. Stateless.
 */
public final class Xxh64 {
  private static final long PRIME1 = 0x9E3779B185EBCA87L;
  private static final long PRIME2 = 0xC2B2AE3D27D4EB4FL;
  private static final long PRIME3 = 0x165667B19E3779F9L;
  private static final long PRIME4 = 0x85EBCA77C2B2AE63L;
  private static final long PRIME5 = 0x27D4EB2F165667C5L;

  private Xxh64() {}

  /** XXH64 of all of {@code bytes}. */
  public static long hash(byte[] bytes, long seed) {
    return hash(bytes, 0, bytes.length, seed);
  }

  /**
   * XXH64 of {@code bytes[offset, offset + length)}.
   *
   * @throws IndexOutOfBoundsException if the range is not inside the array
   */
  public static long hash(byte[] bytes, int offset, int length, long seed) {
    java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
    int end = offset + length;
    int p = offset;
    long h;
    if (length >= 32) {
      long v1 = seed + PRIME1 + PRIME2;
      long v2 = seed + PRIME2;
      long v3 = seed;
      long v4 = seed - PRIME1;
      int limit = end - 32;
      do {
        v1 = round(v1, longLE(bytes, p));
        v2 = round(v2, longLE(bytes, p + 8));
        v3 = round(v3, longLE(bytes, p + 16));
        v4 = round(v4, longLE(bytes, p + 24));
        p += 32;
      } while (p <= limit);
      h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12)
          + Long.rotateLeft(v4, 18);
      h = mergeRound(h, v1);
      h = mergeRound(h, v2);
      h = mergeRound(h, v3);
      h = mergeRound(h, v4);
    } else {
      h = seed + PRIME5;
    }
    h += length;
    while (p + 8 <= end) {
      h ^= round(0, longLE(bytes, p));
      h = Long.rotateLeft(h, 27) * PRIME1 + PRIME4;
      p += 8;
    }
    if (p + 4 <= end) {
      h ^= (intLE(bytes, p) & 0xFFFFFFFFL) * PRIME1;
      h = Long.rotateLeft(h, 23) * PRIME2 + PRIME3;
      p += 4;
    }
    while (p < end) {
      h ^= (bytes[p] & 0xFFL) * PRIME5;
      h = Long.rotateLeft(h, 11) * PRIME1;
      p++;
    }
    return avalanche(h);
  }

  /** XXH64 of the 8 little-endian bytes of {@code value}, without materialising them. */
  public static long hashLong(long value, long seed) {
    long h = seed + PRIME5 + 8;
    h ^= round(0, value);
    h = Long.rotateLeft(h, 27) * PRIME1 + PRIME4;
    return avalanche(h);
  }

  /** XXH64 of the 4 little-endian bytes of {@code value}, without materialising them. */
  public static long hashInt(int value, long seed) {
    long h = seed + PRIME5 + 4;
    h ^= (value & 0xFFFFFFFFL) * PRIME1;
    h = Long.rotateLeft(h, 23) * PRIME2 + PRIME3;
    return avalanche(h);
  }

  private static long round(long accumulator, long input) {
    accumulator += input * PRIME2;
    accumulator = Long.rotateLeft(accumulator, 31);
    return accumulator * PRIME1;
  }

  private static long mergeRound(long h, long v) {
    h ^= round(0, v);
    return h * PRIME1 + PRIME4;
  }

  private static long avalanche(long h) {
    h ^= h >>> 33;
    h *= PRIME2;
    h ^= h >>> 29;
    h *= PRIME3;
    h ^= h >>> 32;
    return h;
  }

  private static long longLE(byte[] b, int p) {
    return (b[p] & 0xFFL)
        | (b[p + 1] & 0xFFL) << 8
        | (b[p + 2] & 0xFFL) << 16
        | (b[p + 3] & 0xFFL) << 24
        | (b[p + 4] & 0xFFL) << 32
        | (b[p + 5] & 0xFFL) << 40
        | (b[p + 6] & 0xFFL) << 48
        | (b[p + 7] & 0xFFL) << 56;
  }

  private static int intLE(byte[] b, int p) {
    return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
  }
}
