package io.basalt.engine.format.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlift.compress.snappy.SnappyCompressor;
import java.util.Arrays;
import java.util.Random;
import org.apache.parquet.format.CompressionCodec;
import org.junit.jupiter.api.Test;

/**
 * The native Snappy path decodes what aircompressor encodes, byte for byte, and turns every
 * corrupt stream into a {@link CorruptPageException} instead of a crash or a silent short page.
 */
class NativeSnappyTest {
  private static byte[] compress(byte[] raw) {
    SnappyCompressor c = new SnappyCompressor();
    byte[] out = new byte[c.maxCompressedLength(raw.length)];
    int n = c.compress(raw, 0, raw.length, out, 0, out.length);
    return Arrays.copyOf(out, n);
  }

  @Test
  void loadsOnTheBuildPlatform() {
    // CI and the benchmark run on Linux x86_64, where snappy-java ships its library; if this
    // fails, scans silently fall back to the slower pure-Java decoder.
    assertTrue(NativeSnappy.AVAILABLE, "snappy-java's native library did not load");
  }

  @Test
  void decodesWhatAircompressorEncodes() throws Exception {
    Random random = new Random(7);
    for (int size : new int[] {1, 17, 4096, 65_537, 1 << 20}) {
      byte[] raw = new byte[size];
      for (int i = 0; i < size; i++) { // runs and noise, like plain-encoded columns
        raw[i] = (byte) (i % 97 < 60 ? i / 97 : random.nextInt());
      }
      byte[] packed = compress(raw);
      byte[] framed = new byte[packed.length + 5]; // at an offset, as pages sit in a chunk
      System.arraycopy(packed, 0, framed, 3, packed.length);
      byte[] out = new byte[size + 9];
      int n = NativeSnappy.decompress(framed, 3, packed.length, out, 4, size);
      assertTrue(n == size);
      assertArrayEquals(raw, Arrays.copyOfRange(out, 4, 4 + size));

      byte[] viaPage = new byte[size];
      PageDecompressor.forCodec(CompressionCodec.SNAPPY)
          .decompress(framed, 3, packed.length, viaPage, 0, size);
      assertArrayEquals(raw, viaPage);
    }
  }

  @Test
  void refusesCorruptStreams() {
    byte[] raw = new byte[10_000];
    Arrays.fill(raw, (byte) 'x');
    byte[] packed = compress(raw);
    PageDecompressor snappy = PageDecompressor.forCodec(CompressionCodec.SNAPPY);
    // The page header promises more or less than the stream holds.
    assertThrows(CorruptPageException.class,
        () -> snappy.decompress(packed, 0, packed.length, new byte[20_000], 0, 20_000));
    assertThrows(CorruptPageException.class,
        () -> snappy.decompress(packed, 0, packed.length, new byte[5_000], 0, 5_000));
    // The stream's own header claims more than the output can hold: never handed to native code.
    assertThrows(CorruptPageException.class,
        () -> NativeSnappy.decompress(packed, 0, packed.length, new byte[100], 0, 10_000));
    // Truncated and garbage streams.
    assertThrows(CorruptPageException.class,
        () -> snappy.decompress(packed, 0, packed.length / 2, new byte[10_000], 0, 10_000));
    byte[] garbage = new byte[64];
    new Random(3).nextBytes(garbage);
    garbage[0] = 100; // a small, plausible length header
    assertThrows(CorruptPageException.class,
        () -> snappy.decompress(garbage, 0, garbage.length, new byte[100], 0, 100));
  }
}
