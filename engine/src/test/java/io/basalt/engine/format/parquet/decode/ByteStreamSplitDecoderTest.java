package io.basalt.engine.format.parquet.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Random;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.bytestreamsplit.ByteStreamSplitValuesWriter;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Round trips through parquet-java's BYTE_STREAM_SPLIT writers, and inconsistent input. */
class ByteStreamSplitDecoderTest {
  private static final HeapByteBufferAllocator HEAP = HeapByteBufferAllocator.getInstance();

  @ParameterizedTest(name = "x{0}")
  @ValueSource(ints = {0, 1, 2, 7, 1000, 4099})
  void floats(int count) {
    Random random = new Random(count);
    ByteBuffer plain = plain(count * 4);
    var writer = new ByteStreamSplitValuesWriter.FloatByteStreamSplitValuesWriter(64, 1 << 20, HEAP);
    float[] specials = {Float.NaN, Float.MIN_VALUE, Float.MAX_VALUE, -0.0f, Float.NEGATIVE_INFINITY};
    for (int i = 0; i < count; i++) {
      float v = i < specials.length ? specials[i] : random.nextFloat() * 1e6f - 5e5f;
      writer.writeFloat(v);
      plain.putFloat(v);
    }
    check(writer, plain, 4, count);
  }

  @ParameterizedTest(name = "x{0}")
  @ValueSource(ints = {0, 1, 1000})
  void doubles(int count) {
    Random random = new Random(count);
    ByteBuffer plain = plain(count * 8);
    var writer = new ByteStreamSplitValuesWriter.DoubleByteStreamSplitValuesWriter(64, 1 << 20, HEAP);
    for (int i = 0; i < count; i++) {
      double v = i == 0 ? Double.NaN : random.nextGaussian() * 1e300;
      writer.writeDouble(v);
      plain.putDouble(v);
    }
    check(writer, plain, 8, count);
  }

  @ParameterizedTest(name = "x{0}")
  @ValueSource(ints = {0, 1, 1000})
  void intsAndLongs(int count) {
    Random random = new Random(count);
    ByteBuffer plainInts = plain(count * 4);
    ByteBuffer plainLongs = plain(count * 8);
    var ints = new ByteStreamSplitValuesWriter.IntegerByteStreamSplitValuesWriter(64, 1 << 20, HEAP);
    var longs = new ByteStreamSplitValuesWriter.LongByteStreamSplitValuesWriter(64, 1 << 20, HEAP);
    for (int i = 0; i < count; i++) {
      int iv = i % 3 == 0 ? Integer.MIN_VALUE : i % 3 == 1 ? Integer.MAX_VALUE : random.nextInt();
      long lv = i % 3 == 0 ? Long.MIN_VALUE : i % 3 == 1 ? Long.MAX_VALUE : random.nextLong();
      ints.writeInteger(iv);
      plainInts.putInt(iv);
      longs.writeLong(lv);
      plainLongs.putLong(lv);
    }
    check(ints, plainInts, 4, count);
    check(longs, plainLongs, 8, count);
  }

  @ParameterizedTest(name = "width {0}")
  @ValueSource(ints = {1, 3, 16})
  void fixedLenByteArrays(int width) {
    Random random = new Random(width);
    int count = 555;
    ByteBuffer plain = plain(count * width);
    var writer = new ByteStreamSplitValuesWriter.FixedLenByteArrayByteStreamSplitValuesWriter(
        width, 64, 1 << 20, HEAP);
    for (int i = 0; i < count; i++) {
      byte[] v = new byte[width];
      random.nextBytes(v);
      writer.writeBytes(Binary.fromConstantByteArray(v));
      plain.put(v);
    }
    check(writer, plain, width, count);
  }

  @Test
  void sizeThatDoesNotMatchTheValueCountFails() {
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      assertThrows(IllegalStateException.class,
          () -> new ByteStreamSplitDecoder(ByteBuffer.allocate(15), 4, 4));
      assertThrows(IllegalStateException.class,
          () -> new ByteStreamSplitDecoder(ByteBuffer.allocate(17), 4, 4));
      assertThrows(IllegalStateException.class,
          () -> new ByteStreamSplitDecoder(ByteBuffer.allocate(8), 0, 4));
      assertThrows(IllegalStateException.class,
          () -> new ByteStreamSplitDecoder(ByteBuffer.allocate(4), 4, Integer.MAX_VALUE));
      ByteStreamSplitDecoder decoder = new ByteStreamSplitDecoder(ByteBuffer.allocate(16), 4, 4);
      decoder.read(new byte[12], 0, 3);
      assertThrows(IllegalStateException.class, () -> decoder.read(new byte[8], 0, 2));
    });
  }

  private static ByteBuffer plain(int bytes) {
    return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Decodes in uneven batches, from a heap and from a direct buffer, and compares bytes. */
  private static void check(ValuesWriter writer, ByteBuffer plain, int width, int count) {
    byte[] encoded = Encoded.bytes(writer);
    ByteBuffer direct = ByteBuffer.allocateDirect(encoded.length).put(encoded).flip();
    ByteBuffer embedded = Encoded.embedded(encoded).limit(Encoded.LEAD + encoded.length);
    for (ByteBuffer source : new ByteBuffer[] {embedded, direct}) {
      ByteStreamSplitDecoder decoder = new ByteStreamSplitDecoder(source, width, count);
      byte[] out = new byte[count * width + 2];
      int at = 0;
      for (int size : Encoded.chunkSizes(new Random(count), count)) {
        decoder.read(out, 1 + at * width, size);
        at += size;
      }
      byte[] expected = new byte[count * width + 2];
      System.arraycopy(plain.array(), 0, expected, 1, count * width);
      assertArrayEquals(expected, out);
    }
  }
}
