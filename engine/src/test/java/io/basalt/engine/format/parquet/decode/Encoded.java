package io.basalt.engine.format.parquet.decode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.apache.parquet.column.values.ValuesWriter;

/** Helpers turning parquet-java's encoder output into the buffers our decoders read. */
final class Encoded {
  /** Bytes placed before the encoded data, so decoders must honour the buffer's position. */
  static final int LEAD = 3;
  /** Bytes placed after it, so decoders must stop where the encoding ends, not at the limit. */
  static final int TRAIL = 5;

  private Encoded() {}

  static byte[] bytes(ValuesWriter writer) {
    try {
      return writer.getBytes().toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code encoded} surrounded by junk, positioned at its start. */
  static ByteBuffer embedded(byte[] encoded) {
    byte[] all = new byte[LEAD + encoded.length + TRAIL];
    Arrays.fill(all, (byte) 0x5A);
    System.arraycopy(encoded, 0, all, LEAD, encoded.length);
    return ByteBuffer.wrap(all).position(LEAD);
  }

  /** Chunk sizes that cross miniblock and block boundaries at odd places. */
  static int[] chunkSizes(Random random, int total) {
    int[] sizes = new int[total + 1];
    int n = 0;
    for (int left = total; left > 0; ) {
      int size = Math.min(left, random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(300));
      sizes[n++] = size;
      left -= size;
    }
    return Arrays.copyOf(sizes, n);
  }

  /** {@code valid} with a few bytes changed and maybe truncated: garbage that looks plausible. */
  static ByteBuffer mutated(byte[] valid, Random random) {
    byte[] copy = Arrays.copyOf(valid, random.nextBoolean() ? valid.length
        : random.nextInt(valid.length + 1));
    for (int i = 0, n = 1 + random.nextInt(4); i < n && copy.length > 0; i++) {
      copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
    }
    return ByteBuffer.wrap(copy);
  }

  static ByteBuffer randomBytes(Random random) {
    byte[] b = new byte[random.nextInt(200)];
    random.nextBytes(b);
    return ByteBuffer.wrap(b);
  }
}
