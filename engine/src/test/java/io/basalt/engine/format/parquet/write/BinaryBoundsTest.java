package io.basalt.engine.format.parquet.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class BinaryBoundsTest {
  private static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  @Test
  void shortValuesAreKept() {
    byte[] value = bytes(1, 2, 3);
    assertSame(value, BinaryBounds.truncateMin(value, 3));
    assertSame(value, BinaryBounds.truncateMax(value, 3));
  }

  @Test
  void minIsAPrefix() {
    assertArrayEquals(bytes(1, 2), BinaryBounds.truncateMin(bytes(1, 2, 3), 2));
  }

  @Test
  void maxIncrementsTheLastByteAndCarriesPastFf() {
    assertArrayEquals(bytes(1, 3), BinaryBounds.truncateMax(bytes(1, 2, 3), 2));
    // 0x7F must become 0x80 (unsigned), not overflow into a sign.
    assertArrayEquals(bytes(0x80), BinaryBounds.truncateMax(bytes(0x7F, 0), 1));
    assertArrayEquals(bytes(2), BinaryBounds.truncateMax(bytes(1, 0xFF, 0xFF, 7), 3));
  }

  @Test
  void maxOfAllFfHasNoShorterBound() {
    assertNull(BinaryBounds.truncateMax(bytes(0xFF, 0xFF, 0), 2));
  }
}
