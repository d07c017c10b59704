package io.basalt.engine.format.parquet.decode;

import java.nio.ByteBuffer;

/**
 * Decodes DELTA_BYTE_ARRAY (incremental / front coding): delta-packed prefix lengths, then the
 * suffixes as DELTA_LENGTH_BYTE_ARRAY; value i = prefix of value i-1 + suffix i. Used for BYTE_ARRAY
 * and FIXED_LEN_BYTE_ARRAY columns.
 */
public final class DeltaByteArrayDecoder {
  public DeltaByteArrayDecoder(ByteBuffer data) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Appends the next {@code count} values to {@code out}. */
  public void read(BinaryValues out, int count) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
