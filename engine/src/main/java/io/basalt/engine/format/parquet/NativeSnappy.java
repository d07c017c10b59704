package io.basalt.engine.format.parquet;

import java.io.IOException;
import org.xerial.snappy.Snappy;

/**
 * Snappy decompression through snappy-java's native library, when it loads on this platform.
 * Snappy dominates the CPU profile of scanning compressed Parquet (about a third of the TPC-H
 * samples with aircompressor's pure-Java decoder), and the native decoder is about 1.6 times
 * faster on the same pages. Where the library cannot load (an unsupported platform, a read-only
 * temporary directory) or {@code -Dbasalt.snappy.native=false} is set, {@link PageDecompressor}
 * keeps using aircompressor.
 */
final class NativeSnappy {
  /** Whether the native library loaded and decodes a known stream correctly. */
  static final boolean AVAILABLE = probe();

  private NativeSnappy() {}

  private static boolean probe() {
    if ("false".equalsIgnoreCase(System.getProperty("basalt.snappy.native"))) {
      return false;
    }
    try {
      byte[] sample = "basalt basalt basalt".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      byte[] compressed = Snappy.compress(sample);
      byte[] back = new byte[sample.length];
      return Snappy.uncompress(compressed, 0, compressed.length, back, 0) == sample.length
          && java.util.Arrays.equals(sample, back);
    } catch (Throwable e) { // UnsatisfiedLinkError, SnappyError, a missing class in a trimmed jar
      return false;
    }
  }

  /**
   * Decompresses {@code input[offset .. offset + length)} into {@code output} at {@code outOffset};
   * returns the bytes produced. The stream's own length header is checked against the room in
   * {@code output} first: the native decoder writes exactly that many bytes and checks no bound of
   * its own, so a corrupt header must never reach it.
   */
  static int decompress(byte[] input, int offset, int length, byte[] output, int outOffset,
      int expected) throws IOException {
    int announced = Snappy.uncompressedLength(input, offset, length);
    if (announced != expected || announced > output.length - outOffset) {
      throw new CorruptPageException("SNAPPY data announces " + announced
          + " decompressed bytes, but the page header announces " + expected);
    }
    try {
      return Snappy.uncompress(input, offset, length, output, outOffset);
    } catch (org.xerial.snappy.SnappyError e) { // how the native side reports some corrupt input
      throw new CorruptPageException("SNAPPY data cannot be decompressed: " + e.getMessage(), e);
    }
  }
}
