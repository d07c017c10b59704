package io.basalt.engine.format.parquet.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.apache.parquet.column.values.bloomfilter.XxHash;
import org.junit.jupiter.api.Test;
import shaded.parquet.net.openhft.hashing.LongHashFunction;

class Xxh64Test {
  private static long hash(String text) {
    return Xxh64.hash(text.getBytes(StandardCharsets.UTF_8), 0);
  }

  /** Published reference values of XXH64 with seed 0. */
  @Test
  void knownTestVectors() {
    assertEquals(0xEF46DB3751D8E999L, hash(""));
    assertEquals(0xD24EC4F1A98C6E5BL, hash("a"));
    assertEquals(0x44BC2CF5AD770999L, hash("abc"));
    assertEquals(0xFBCEA83C8A378BF1L, hash("Nobody inspects the spammish repetition"));
  }

  /** Every tail path (1-, 4-, 8-byte and 32-byte stripes) against parquet-java's XxHash. */
  @Test
  void agreesWithParquetJavaForEveryLength() {
    Random random = new Random(42);
    XxHash reference = new XxHash();
    for (int length = 0; length <= 300; length++) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      assertEquals(reference.hashBytes(bytes), Xxh64.hash(bytes, 0), "length " + length);
    }
  }

  @Test
  void rangeOfALargerArrayAndOtherSeeds() {
    Random random = new Random(7);
    byte[] bytes = new byte[200];
    random.nextBytes(bytes);
    for (int trial = 0; trial < 200; trial++) {
      int offset = random.nextInt(100);
      int length = random.nextInt(100);
      long seed = random.nextLong();
      byte[] slice = Arrays.copyOfRange(bytes, offset, offset + length);
      assertEquals(LongHashFunction.xx(seed).hashBytes(slice),
          Xxh64.hash(bytes, offset, length, seed), "offset " + offset + " length " + length);
    }
    assertThrows(IndexOutOfBoundsException.class, () -> Xxh64.hash(bytes, 150, 51, 0));
  }

  @Test
  void intAndLongShortcutsHashTheirLittleEndianBytes() {
    Random random = new Random(3);
    for (int trial = 0; trial < 1000; trial++) {
      int i = trial < 3 ? trial - 1 : random.nextInt();
      long l = trial < 3 ? trial - 1 : random.nextLong();
      long seed = trial % 2 == 0 ? 0 : random.nextLong();
      byte[] four = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(i).array();
      byte[] eight = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(l).array();
      assertEquals(Xxh64.hash(four, seed), Xxh64.hashInt(i, seed));
      assertEquals(Xxh64.hash(eight, seed), Xxh64.hashLong(l, seed));
    }
  }
}
