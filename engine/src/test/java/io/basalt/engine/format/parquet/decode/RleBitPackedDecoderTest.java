package io.basalt.engine.format.parquet.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

public class RleBitPackedDecoderTest {
  /** Test-side encoder: writes runs the way the format specifies them. */
  public static final class Encoder {
    public final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final int width;

    public Encoder(int width) {
      this.width = width;
    }

    void varint(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }

    Encoder rle(int count, int value) {
      varint((long) count << 1);
      for (int i = 0; i < (width + 7) / 8; i++) {
        out.write(value >>> (8 * i));
      }
      return this;
    }

    /** values.length must be a multiple of 8. */
    public Encoder packed(int[] values) {
      varint(((long) values.length / 8) << 1 | 1);
      long acc = 0;
      int bits = 0;
      for (int v : values) {
        acc |= (v & 0xFFFF_FFFFL) << bits;
        bits += width;
        while (bits >= 8) {
          out.write((int) acc);
          acc >>>= 8;
          bits -= 8;
        }
      }
      if (bits > 0) {
        out.write((int) acc);
      }
      return this;
    }

    public ByteBuffer buffer() {
      return ByteBuffer.wrap(out.toByteArray());
    }
  }

  @Test
  void decodesMixedRunsForEveryBitWidth() {
    Random random = new Random(42);
    for (int width = 0; width <= 32; width++) {
      long max = width == 32 ? 0xFFFF_FFFFL : (1L << width) - 1;
      int[] packed1 = new int[24];
      int[] packed2 = new int[800];
      for (int i = 0; i < packed1.length; i++) {
        packed1[i] = (int) (random.nextLong() & max);
      }
      for (int i = 0; i < packed2.length; i++) {
        packed2[i] = (int) (random.nextLong() & max);
      }
      int rleValue = (int) max;
      Encoder encoder = new Encoder(width).rle(13, rleValue).packed(packed1).rle(1000, 0)
          .packed(packed2);
      int[] expected = new int[13 + 24 + 1000 + 800];
      java.util.Arrays.fill(expected, 0, 13, rleValue);
      System.arraycopy(packed1, 0, expected, 13, 24);
      System.arraycopy(packed2, 0, expected, 1037, 800);

      // Whole read, and reads in odd chunk sizes that split runs and groups of eight.
      int[] whole = new int[expected.length];
      new RleBitPackedDecoder(encoder.buffer(), width).readInts(whole, 0, whole.length);
      assertArrayEquals(expected, whole, "width " + width);
      for (int step : new int[] {1, 3, 7, 9, 100}) {
        RleBitPackedDecoder decoder = new RleBitPackedDecoder(encoder.buffer(), width);
        int[] pieces = new int[expected.length + 5];
        for (int at = 0; at < expected.length; at += step) {
          decoder.readInts(pieces, at + 5, Math.min(step, expected.length - at));
        }
        assertArrayEquals(expected, java.util.Arrays.copyOfRange(pieces, 5, pieces.length),
            "width " + width + " step " + step);
      }
    }
  }

  @Test
  void lastGroupMayBeShorterThanItsBytes() {
    // 3 values of width 5 packed in a group of 8: writers may drop the unused trailing bytes.
    Encoder encoder = new Encoder(5).packed(new int[] {1, 2, 3, 0, 0, 0, 0, 0});
    byte[] bytes = encoder.out.toByteArray();
    ByteBuffer truncated = ByteBuffer.wrap(bytes, 0, 3);
    int[] out = new int[3];
    new RleBitPackedDecoder(truncated, 5).readInts(out, 0, 3);
    assertArrayEquals(new int[] {1, 2, 3}, out);
  }

  @Test
  void overrunIsCorruptRleData() {
    ByteBuffer data = new Encoder(3).rle(10, 5).buffer();
    RleBitPackedDecoder decoder = new RleBitPackedDecoder(data, 3);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> decoder.readInts(new int[11], 0, 11));
    assertTrue(e.getMessage().startsWith("corrupt RLE data"), e.getMessage());
  }

  @Test
  void garbageNeverLoopsOrEscapesAsAnotherException() {
    Random random = new Random(7);
    for (int trial = 0; trial < 2000; trial++) {
      byte[] junk = new byte[random.nextInt(40)];
      random.nextBytes(junk);
      int width = random.nextInt(33);
      RleBitPackedDecoder decoder = new RleBitPackedDecoder(ByteBuffer.wrap(junk), width);
      try {
        decoder.readInts(new int[5000], 0, 5000);
      } catch (IllegalStateException e) {
        assertTrue(e.getMessage().startsWith("corrupt RLE data"));
      }
    }
  }

  @Test
  void rejectsBitWidthAbove32() {
    assertThrows(IllegalStateException.class,
        () -> new RleBitPackedDecoder(ByteBuffer.allocate(1), 33));
  }
}
