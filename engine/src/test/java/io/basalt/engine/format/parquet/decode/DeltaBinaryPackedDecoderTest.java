package io.basalt.engine.format.parquet.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesWriterForInteger;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesWriterForLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Round trips through parquet-java's DELTA_BINARY_PACKED writers, and corrupt input. */
class DeltaBinaryPackedDecoderTest {
  /** Value counts around block (128 values) and miniblock (32) boundaries; deltas = count - 1. */
  private static final int[] COUNTS = {0, 1, 2, 8, 31, 32, 33, 100, 128, 129, 130, 257, 385, 1000, 4097};

  enum Shape { RANDOM, EXTREMES, ASCENDING, CONSTANT, SMALL_NOISE }

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> cases = Stream.builder();
    for (Shape shape : Shape.values()) {
      for (int count : COUNTS) {
        cases.add(Arguments.of(shape, count, 128, 4));
      }
      // Other block layouts: one big miniblock, many small ones.
      cases.add(Arguments.of(shape, 1000, 256, 1));
      cases.add(Arguments.of(shape, 1000, 1024, 32));
      cases.add(Arguments.of(shape, 33, 1024, 32)); // last block mostly absent miniblocks
    }
    return cases.build();
  }

  @ParameterizedTest(name = "{0} x{1} block {2}/{3}")
  @MethodSource("cases")
  void longsRoundTrip(Shape shape, int count, int blockSize, int miniblocks) {
    long[] expected = longs(shape, count, new Random(count * 31L + shape.ordinal()));
    DeltaBinaryPackingValuesWriterForLong writer = new DeltaBinaryPackingValuesWriterForLong(
        blockSize, miniblocks, 64, 1 << 20, HeapByteBufferAllocator.getInstance());
    for (long v : expected) {
      writer.writeLong(v);
    }
    byte[] encoded = Encoded.bytes(writer);
    DeltaBinaryPackedDecoder decoder = new DeltaBinaryPackedDecoder(Encoded.embedded(encoded));
    assertEquals(count, decoder.totalCount());
    long[] actual = new long[count];
    int at = 0;
    for (int size : Encoded.chunkSizes(new Random(count), count)) {
      decoder.readLongs(actual, at, size);
      at += size;
    }
    assertArrayEquals(expected, actual);
    assertEquals(Encoded.LEAD + encoded.length, decoder.endPosition());
  }

  @ParameterizedTest(name = "{0} x{1} block {2}/{3}")
  @MethodSource("cases")
  void intsRoundTrip(Shape shape, int count, int blockSize, int miniblocks) {
    long[] source = longs(shape, count, new Random(count * 17L + shape.ordinal()));
    int[] expected = new int[count];
    for (int i = 0; i < count; i++) {
      // Take the high half for extremes so that Integer.MIN/MAX_VALUE appear.
      expected[i] = shape == Shape.EXTREMES ? (int) (source[i] >> 32) : (int) source[i];
    }
    DeltaBinaryPackingValuesWriterForInteger writer = new DeltaBinaryPackingValuesWriterForInteger(
        blockSize, miniblocks, 64, 1 << 20, HeapByteBufferAllocator.getInstance());
    for (int v : expected) {
      writer.writeInteger(v);
    }
    byte[] encoded = Encoded.bytes(writer);
    // endPosition before reading anything walks the blocks; it must agree with the real end.
    assertEquals(Encoded.LEAD + encoded.length,
        new DeltaBinaryPackedDecoder(Encoded.embedded(encoded)).endPosition());
    DeltaBinaryPackedDecoder decoder = new DeltaBinaryPackedDecoder(Encoded.embedded(encoded));
    int[] actual = new int[count];
    int at = 0;
    for (int size : Encoded.chunkSizes(new Random(count + 1), count)) {
      decoder.readInts(actual, at, size);
      at += size;
    }
    assertArrayEquals(expected, actual);
    assertEquals(Encoded.LEAD + encoded.length, decoder.endPosition());
  }

  @Test
  void readingPastTheEndFails() {
    DeltaBinaryPackingValuesWriterForInteger writer = new DeltaBinaryPackingValuesWriterForInteger(
        128, 4, 64, 1 << 20, HeapByteBufferAllocator.getInstance());
    writer.writeInteger(1);
    writer.writeInteger(2);
    DeltaBinaryPackedDecoder decoder = new DeltaBinaryPackedDecoder(ByteBuffer.wrap(Encoded.bytes(writer)));
    decoder.readInts(new int[3], 0, 2);
    assertThrows(IllegalStateException.class, () -> decoder.readInts(new int[1], 0, 1));
  }

  @Test
  void craftedCorruptionFails() {
    // Bit width 65 in the first miniblock.
    assertCorrupt(new byte[] {(byte) 128, 1, 4, 10, 0, 0, 65, 0, 0, 0});
    // Miniblock announced 32 bits wide, data truncated.
    assertCorrupt(new byte[] {(byte) 128, 1, 4, 10, 0, 0, 32, 0, 0, 0, 1, 2, 3});
    // Varint that never ends.
    assertCorrupt(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    // Block size not a multiple of the miniblock count / of 8; zero miniblocks.
    assertCorrupt(new byte[] {(byte) 128, 1, 3, 2, 0});
    assertCorrupt(new byte[] {12, 1, 2, 0});
    assertCorrupt(new byte[] {(byte) 128, 1, 0, 2, 0});
    // Total count above Integer.MAX_VALUE.
    assertCorrupt(new byte[] {(byte) 128, 1, 4, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 0});
    // Header only, but two values announced.
    assertCorrupt(new byte[] {(byte) 128, 1, 4, 2, 0});
  }

  private static void assertCorrupt(byte[] bytes) {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> drain(ByteBuffer.wrap(bytes), false));
    assertTrue(e.getMessage().startsWith("corrupt DELTA_BINARY_PACKED data: "), e.getMessage());
  }

  @Test
  void garbageFailsOrDecodesButNeverHangsOrOverruns() {
    long[] values = longs(Shape.RANDOM, 700, new Random(7));
    DeltaBinaryPackingValuesWriterForLong writer = new DeltaBinaryPackingValuesWriterForLong(
        128, 4, 64, 1 << 20, HeapByteBufferAllocator.getInstance());
    for (long v : values) {
      writer.writeLong(v);
    }
    byte[] valid = Encoded.bytes(writer);
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      Random random = new Random(42);
      for (int i = 0; i < 20_000; i++) {
        ByteBuffer garbage = i % 2 == 0 ? Encoded.mutated(valid, random) : Encoded.randomBytes(random);
        try {
          drain(garbage, true);
        } catch (IllegalStateException expected) {
          assertTrue(expected.getMessage().startsWith("corrupt DELTA_BINARY_PACKED data: "));
        }
      }
    });
  }

  /** Reads every announced value (at most 4M: zero-width blocks can announce many cheaply). */
  private static void drain(ByteBuffer data, boolean overread) {
    DeltaBinaryPackedDecoder decoder = new DeltaBinaryPackedDecoder(data);
    int end = decoder.endPosition();
    assertTrue(end <= data.limit());
    long[] out = new long[4096];
    int left = Math.min(decoder.totalCount(), 1 << 22);
    while (left > 0) {
      int n = Math.min(left, out.length);
      decoder.readLongs(out, 0, n);
      left -= n;
    }
    if (overread && decoder.totalCount() <= 1 << 22) {
      assertEquals(end, decoder.endPosition());
      decoder.readLongs(out, 0, 1); // one more than announced
    }
  }

  static long[] longs(Shape shape, int count, Random random) {
    long[] v = new long[count];
    for (int i = 0; i < count; i++) {
      v[i] = switch (shape) {
        case RANDOM -> random.nextLong();
        case EXTREMES -> switch (random.nextInt(4)) {
          case 0 -> Long.MIN_VALUE;
          case 1 -> Long.MAX_VALUE;
          case 2 -> 0;
          default -> random.nextLong();
        };
        case ASCENDING -> 1_000_000_000_000L + i * 3L;
        case CONSTANT -> -42;
        case SMALL_NOISE -> random.nextInt(1000) - 500;
      };
    }
    return v;
  }
}
