package io.basalt.engine.format.parquet.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ObjIntConsumer;

/** Byte-string test data for the DELTA_*_BYTE_ARRAY decoders, and batch-wise comparison. */
final class Strings {
  enum Shape {
    /** Random lengths 0..40, random bytes. */
    RANDOM,
    /** Sorted URLs: long shared prefixes, the case front coding is made for. */
    SHARED_PREFIXES,
    /** Only empty strings. */
    EMPTY,
    /** Empties, repeats, multi-byte UTF-8 and values of tens of kilobytes, mixed. */
    MIXED
  }

  private Strings() {}

  static List<byte[]> generate(Shape shape, int count, Random random) {
    List<byte[]> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      values.add(switch (shape) {
        case RANDOM -> randomBytes(random, random.nextInt(41));
        case SHARED_PREFIXES -> ("https://example.com/catalog/items/" + (i / 7) + "/variant/" + i)
            .getBytes(StandardCharsets.UTF_8);
        case EMPTY -> new byte[0];
        case MIXED -> switch (random.nextInt(6)) {
          case 0 -> new byte[0];
          case 1 -> i > 0 ? values.get(i - 1).clone() : new byte[0];
          case 2 -> "größe ✓ 𝄞 データ".repeat(1 + random.nextInt(3)).getBytes(StandardCharsets.UTF_8);
          case 3 -> randomBytes(random, 10_000 + random.nextInt(30_000));
          case 4 -> i > 0 ? extend(values.get(i - 1), random) : randomBytes(random, 3);
          default -> randomBytes(random, random.nextInt(20));
        };
      });
    }
    return values;
  }

  /** A prefix of {@code previous} plus a few new bytes. */
  private static byte[] extend(byte[] previous, Random random) {
    int keep = random.nextInt(previous.length + 1);
    byte[] tail = randomBytes(random, random.nextInt(5));
    byte[] v = Arrays.copyOf(previous, keep + tail.length);
    System.arraycopy(tail, 0, v, keep, tail.length);
    return v;
  }

  private static byte[] randomBytes(Random random, int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    return b;
  }

  /**
   * Reads all of {@code expected} through {@code read(out, count)} in uneven batches, resetting the
   * output between batches as a column reader does, and compares every value.
   */
  static void readInChunks(List<byte[]> expected, ObjIntConsumer<BinaryValues> read, Random random) {
    BinaryValues out = new BinaryValues();
    int at = 0;
    for (int size : Encoded.chunkSizes(random, expected.size())) {
      out.reset();
      read.accept(out, size);
      assertEquals(size, out.count());
      assertEquals(0, out.offsets()[0]);
      for (int i = 0; i < size; i++) {
        byte[] actual = Arrays.copyOfRange(out.data(), out.offsets()[i], out.offsets()[i + 1]);
        assertArrayEquals(expected.get(at + i), actual, "value " + (at + i));
      }
      at += size;
    }
    assertEquals(expected.size(), at);
  }
}
