package io.basalt.engine.format.parquet.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bulk dictionary copy gives exactly what appending value by value gives. */
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
}
