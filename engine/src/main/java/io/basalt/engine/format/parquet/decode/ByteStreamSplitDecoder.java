package io.basalt.engine.format.parquet.decode;

import java.nio.ByteBuffer;

/**
 * Decodes BYTE_STREAM_SPLIT for any fixed width (FLOAT, DOUBLE, INT32, INT64, FIXED_LEN_BYTE_ARRAY):
 * byte k of value i sits at {@code k * totalValues + i}. Output is the values' plain little-endian
 * bytes, contiguous, ready for a bulk copy into a fixed-width vector.
 */
public final class ByteStreamSplitDecoder {
  private final byte[] data;
  /** Offset of stream 0 in {@link #data}. */
  private final int base;
  private final int width;
  private final int totalValues;
  /** Values read so far. */
  private int next;

  /**
   * @param data the page's value section, exactly {@code width * totalValues} bytes
   * @param width bytes per value
   * @param totalValues non-null values in the page
   */
  public ByteStreamSplitDecoder(ByteBuffer data, int width, int totalValues) {
    if (width <= 0 || totalValues < 0 || (long) width * totalValues != data.remaining()) {
      throw new IllegalStateException("corrupt BYTE_STREAM_SPLIT data: " + data.remaining()
          + " bytes for " + totalValues + " values of width " + width);
    }
    if (data.hasArray()) {
      this.data = data.array();
      this.base = data.arrayOffset() + data.position();
    } else {
      // Direct or read-only buffer: one copy so the transposition below runs over a plain array.
      this.data = new byte[data.remaining()];
      data.duplicate().get(this.data);
      this.base = 0;
    }
    this.width = width;
    this.totalValues = totalValues;
  }

  /** Writes the next {@code count} values to {@code out[outOffset ..]} ({@code count * width} bytes). */
  public void read(byte[] out, int outOffset, int count) {
    if (count < 0 || count > totalValues - next) {
      throw new IllegalStateException("corrupt BYTE_STREAM_SPLIT data: asked for " + count
          + " values, only " + (totalValues - next) + " left");
    }
    if (outOffset < 0 || (long) outOffset + (long) count * width > out.length) {
      throw new IndexOutOfBoundsException("output of " + out.length + " bytes too small");
    }
    // Stream by stream: sequential reads, strided writes that stay within a few cache lines.
    for (int k = 0; k < width; k++) {
      int src = base + k * totalValues + next;
      int dst = outOffset + k;
      for (int i = 0; i < count; i++, dst += width) {
        out[dst] = data[src + i];
      }
    }
    next += count;
  }
}
