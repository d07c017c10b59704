package io.basalt.engine.format.parquet.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.deltalengthbytearray.DeltaLengthByteArrayValuesWriter;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Round trips through parquet-java's DELTA_LENGTH_BYTE_ARRAY writer, and corrupt input. */
class DeltaLengthByteArrayDecoderTest {
  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> cases = Stream.builder();
    for (Strings.Shape shape : Strings.Shape.values()) {
      for (int count : new int[] {0, 1, 2, 129, 1000, 3000}) {
        cases.add(Arguments.of(shape, count));
      }
    }
    return cases.build();
  }

  @ParameterizedTest(name = "{0} x{1}")
  @MethodSource("cases")
  void roundTrip(Strings.Shape shape, int count) {
    List<byte[]> expected = Strings.generate(shape, count, new Random(count));
    DeltaLengthByteArrayValuesWriter writer =
        new DeltaLengthByteArrayValuesWriter(64, 1 << 20, HeapByteBufferAllocator.getInstance());
    expected.forEach(v -> writer.writeBytes(Binary.fromConstantByteArray(v)));
    DeltaLengthByteArrayDecoder decoder =
        new DeltaLengthByteArrayDecoder(Encoded.embedded(Encoded.bytes(writer)));
    Strings.readInChunks(expected, decoder::read, new Random(count + 5));
    assertThrows(IllegalStateException.class, () -> decoder.read(new BinaryValues(), 1));
  }

  @Test
  void craftedCorruptionFails() {
    // Two lengths (5, then 5 + 0 = 5) but only 3 data bytes.
    DeltaLengthByteArrayValuesWriter writer =
        new DeltaLengthByteArrayValuesWriter(64, 1 << 20, HeapByteBufferAllocator.getInstance());
    writer.writeBytes(Binary.fromString("hello"));
    writer.writeBytes(Binary.fromString("world"));
    byte[] valid = Encoded.bytes(writer);
    byte[] truncated = java.util.Arrays.copyOf(valid, valid.length - 7);
    DeltaLengthByteArrayDecoder decoder = new DeltaLengthByteArrayDecoder(ByteBuffer.wrap(truncated));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> decoder.read(new BinaryValues(), 2));
    assertTrue(e.getMessage().startsWith("corrupt DELTA_LENGTH_BYTE_ARRAY data: "), e.getMessage());
    // A negative length: first value -1 (zigzag 1), one value.
    DeltaLengthByteArrayDecoder negative =
        new DeltaLengthByteArrayDecoder(ByteBuffer.wrap(new byte[] {(byte) 128, 1, 4, 1, 1, 9, 9}));
    assertThrows(IllegalStateException.class, () -> negative.read(new BinaryValues(), 1));
  }

  @Test
  void garbageFailsOrDecodesButNeverHangsOrOverruns() {
    DeltaLengthByteArrayValuesWriter writer =
        new DeltaLengthByteArrayValuesWriter(64, 1 << 20, HeapByteBufferAllocator.getInstance());
    Strings.generate(Strings.Shape.MIXED, 300, new Random(3))
        .forEach(v -> writer.writeBytes(Binary.fromConstantByteArray(v)));
    byte[] valid = Encoded.bytes(writer);
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      Random random = new Random(42);
      for (int i = 0; i < 20_000; i++) {
        ByteBuffer garbage = i % 2 == 0 ? Encoded.mutated(valid, random) : Encoded.randomBytes(random);
        try {
          DeltaLengthByteArrayDecoder decoder = new DeltaLengthByteArrayDecoder(garbage);
          BinaryValues out = new BinaryValues();
          for (int read = 0; read < 1 << 20; read += 1000) {
            out.reset();
            decoder.read(out, 1000);
          }
        } catch (IllegalStateException expected) {
          assertTrue(expected.getMessage().startsWith("corrupt DELTA_"), expected.getMessage());
        }
      }
    });
  }
}
