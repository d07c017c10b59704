package io.basalt.engine.format.parquet.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bulk dictionary copies give exactly what appending value by value gives. */
class BinaryValuesAppendAllTest {
  @Test
  void bulkEqualsOneByOne() {
    Random rnd = new Random(11);
    // Entry lengths around the short-copy limit (16), empty, and long enough to grow the buffer.
    int[] lengths = {0, 1, 2, 15, 16, 17, 40, 3000};
    BinaryValues dict = new BinaryValues();
    for (int len : lengths) {
      byte[] v = new byte[len];
      rnd.nextBytes(v);
      dict.append(v, 0, len);
    }
    int n = 20_000; // beyond the initial offset and data capacity
    int[] indices = new int[n + 5];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = rnd.nextInt(lengths.length);
    }
    BinaryValues bulk = new BinaryValues();
    BinaryValues single = new BinaryValues();
    byte[] seed = {7, 8, 9};
    bulk.append(seed, 0, 3); // a value already there: the run is appended after it
    single.append(seed, 0, 3);
    bulk.appendAll(dict.data(), dict.offsets(), indices, 5, n);
    for (int i = 5; i < 5 + n; i++) {
      int idx = indices[i];
      int start = dict.offsets()[idx];
      single.append(dict.data(), start, dict.offsets()[idx + 1] - start);
    }
    assertEquals(single.count(), bulk.count());
    assertArrayEquals(Arrays.copyOf(single.offsets(), single.count() + 1),
        Arrays.copyOf(bulk.offsets(), bulk.count() + 1));
    int bytes = single.offsets()[single.count()];
    assertArrayEquals(Arrays.copyOf(single.data(), bytes), Arrays.copyOf(bulk.data(), bytes));
  }

  /**
   * One 8-byte store per value gives what the copy loop gives: entries of 0 to 8 bytes with every
   * byte value, appended in runs after values already there, so the arrays grow mid-way.
   */
  @Test
  void packedGatherEqualsCopyGather() {
    Random random = new Random(7);
    for (int round = 0; round < 50; round++) {
      int entries = 1 + random.nextInt(40);
      BinaryValues dict = new BinaryValues();
      long[] packed = new long[entries];
      int[] lengths = new int[entries];
      for (int e = 0; e < entries; e++) {
        byte[] value = new byte[random.nextInt(9)];
        random.nextBytes(value);
        dict.append(value, 0, value.length);
        lengths[e] = value.length;
        for (int b = value.length - 1; b >= 0; b--) {
          packed[e] = (packed[e] << 8) | (value[b] & 0xFFL);
        }
      }
      int[] indices = new int[5000];
      for (int i = 0; i < indices.length; i++) {
        indices[i] = random.nextInt(entries);
      }
      BinaryValues copied = new BinaryValues();
      BinaryValues stored = new BinaryValues();
      copied.append(new byte[] {1, 2, 3}, 0, 3);
      stored.append(new byte[] {1, 2, 3}, 0, 3);
      for (int from = 0; from < indices.length; ) {
        int n = Math.min(indices.length - from, 1 + random.nextInt(2000));
        copied.appendAll(dict.data(), dict.offsets(), indices, from, n);
        stored.appendAllPacked(packed, lengths, indices, from, n);
        from += n;
      }
      assertEquals(copied.count(), stored.count());
      int values = copied.count();
      assertArrayEquals(Arrays.copyOf(copied.offsets(), values + 1),
          Arrays.copyOf(stored.offsets(), values + 1));
      int bytes = copied.offsets()[values];
      assertArrayEquals(Arrays.copyOf(copied.data(), bytes), Arrays.copyOf(stored.data(), bytes));
    }
  }
}
