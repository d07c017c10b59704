package io.basalt.engine.format.parquet.decode;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.deltastrings.DeltaByteArrayWriter;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Round trips through parquet-java's DELTA_BYTE_ARRAY writer, and corrupt input. */
class DeltaByteArrayDecoderTest {
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
    DeltaByteArrayDecoder decoder = new DeltaByteArrayDecoder(Encoded.embedded(encode(expected)));
    Strings.readInChunks(expected, decoder::read, new Random(count + 9));
    assertThrows(IllegalStateException.class, () -> decoder.read(new BinaryValues(), 1));
  }

  /** FIXED_LEN_BYTE_ARRAY columns use the same encoding with equal-length values. */
  @Test
  void fixedLengthValues() {
    Random random = new Random(11);
    List<byte[]> expected = new ArrayList<>();
    for (int i = 0; i < 777; i++) {
      byte[] v = new byte[16];
      random.nextBytes(v);
      v[0] = (byte) (i / 100); // shared leading byte
      expected.add(v);
    }
    DeltaByteArrayDecoder decoder = new DeltaByteArrayDecoder(ByteBuffer.wrap(encode(expected)));
    Strings.readInChunks(expected, decoder::read, random);
  }

  @Test
  void prefixLongerThanPreviousValueFails() {
    // Hand-made: prefix lengths [0, 4] (first 0, min delta 4, width 0), suffixes "ab", "c".
    byte[] prefixes = {(byte) 128, 1, 4, 2, 0, 8, 0, 0, 0, 0};
    byte[] suffixLengths = {(byte) 128, 1, 4, 2, 4, 1, 0, 0, 0, 0};
    ByteBuffer data = ByteBuffer.allocate(prefixes.length + suffixLengths.length + 3);
    data.put(prefixes).put(suffixLengths).put(new byte[] {'a', 'b', 'c'}).flip();
    DeltaByteArrayDecoder decoder = new DeltaByteArrayDecoder(data);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> decoder.read(new BinaryValues(), 2));
    assertTrue(e.getMessage().startsWith("corrupt DELTA_BYTE_ARRAY data: prefix length 4"),
        e.getMessage());
  }

  @Test
  void garbageFailsOrDecodesButNeverHangsOrOverruns() {
    byte[] valid = encode(Strings.generate(Strings.Shape.SHARED_PREFIXES, 300, new Random(3)));
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      Random random = new Random(42);
      for (int i = 0; i < 20_000; i++) {
        ByteBuffer garbage = i % 2 == 0 ? Encoded.mutated(valid, random) : Encoded.randomBytes(random);
        try {
          DeltaByteArrayDecoder decoder = new DeltaByteArrayDecoder(garbage);
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

  private static byte[] encode(List<byte[]> values) {
    DeltaByteArrayWriter writer =
        new DeltaByteArrayWriter(64, 1 << 20, HeapByteBufferAllocator.getInstance());
    values.forEach(v -> writer.writeBytes(Binary.fromConstantByteArray(v)));
    return Encoded.bytes(writer);
  }
}
