package io.basalt.engine.format.parquet.decode;

import java.nio.ByteBuffer;

/**
 * Decodes Parquet's RLE / bit-packing hybrid encoding (definition and repetition levels, dictionary
 * indices, RLE booleans), a whole run at a time: an RLE run fills its range with one value, a
 * bit-packed run unpacks eight values per step.
 *
 * <p>The buffer holds exactly the encoded runs (no length prefix: callers strip the 4-byte length of
 * v1 levels and RLE booleans, and the 1-byte bit width of dictionary indices). Reading more values
 * than the runs hold throws {@link IllegalStateException} ("corrupt RLE data"). Not thread-safe.
 */
public final class RleBitPackedDecoder {
  public RleBitPackedDecoder(ByteBuffer data, int bitWidth) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Reads {@code count} values into {@code out[offset ..]}. */
  public void readInts(int[] out, int offset, int count) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
