package io.basalt.engine.format.parquet.decode;

import java.nio.ByteBuffer;

/**
 * Decodes BYTE_STREAM_SPLIT for any fixed width (FLOAT, DOUBLE, INT32, INT64, FIXED_LEN_BYTE_ARRAY):
 * byte k of value i sits at {@code k * totalValues + i}. Output is the values' plain little-endian
 * bytes, contiguous, ready for a bulk copy into a fixed-width vector.
 */
public final class ByteStreamSplitDecoder {
  /**
   * @param data the page's value section, exactly {@code width * totalValues} bytes
   * @param width bytes per value
   * @param totalValues non-null values in the page
   */
  public ByteStreamSplitDecoder(ByteBuffer data, int width, int totalValues) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Writes the next {@code count} values to {@code out[outOffset ..]} ({@code count * width} bytes). */
  public void read(byte[] out, int outOffset, int count) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
