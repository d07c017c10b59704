package io.basalt.engine.format.parquet.decode;

import java.nio.ByteBuffer;

/**
 * Decodes DELTA_BINARY_PACKED (INT32 and INT64 values, and the lengths inside the DELTA_*_BYTE_ARRAY
 * encodings), a miniblock at a time. INT32 arithmetic wraps as the specification requires.
 *
 * <p>The buffer starts at the block header; {@link #endPosition()} tells where the encoded values end
 * once all {@link #totalCount()} values have been read. Not thread-safe.
 */
public final class DeltaBinaryPackedDecoder {
  public DeltaBinaryPackedDecoder(ByteBuffer data) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Number of values the header announces. */
  public int totalCount() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  public void readInts(int[] out, int offset, int count) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  public void readLongs(long[] out, int offset, int count) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Absolute buffer position just past the last miniblock; valid once every value was read. */
  public int endPosition() {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
