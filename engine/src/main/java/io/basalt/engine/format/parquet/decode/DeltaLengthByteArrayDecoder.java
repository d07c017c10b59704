package io.basalt.engine.format.parquet.decode;

import java.nio.ByteBuffer;

/** Decodes DELTA_LENGTH_BYTE_ARRAY: all lengths (delta-packed) first, then the concatenated bytes. */
public final class DeltaLengthByteArrayDecoder {
  public DeltaLengthByteArrayDecoder(ByteBuffer data) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Appends the next {@code count} values to {@code out}. */
  public void read(BinaryValues out, int count) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
