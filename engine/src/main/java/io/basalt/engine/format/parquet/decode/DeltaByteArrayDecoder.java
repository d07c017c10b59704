package io.basalt.engine.format.parquet.decode;

import java.nio.ByteBuffer;

/**
 * Decodes DELTA_BYTE_ARRAY (incremental / front coding): delta-packed prefix lengths, then the
 * suffixes as DELTA_LENGTH_BYTE_ARRAY; value i = prefix of value i-1 + suffix i. Used for BYTE_ARRAY
 * and FIXED_LEN_BYTE_ARRAY columns.
 */
public final class DeltaByteArrayDecoder {
  private static final int CHUNK = 1024;

  private final DeltaBinaryPackedDecoder prefixes;
  private final DeltaLengthByteArrayDecoder suffixes;
  private final int[] prefixChunk = new int[CHUNK];
  private final int[] suffixChunk = new int[CHUNK];
  /**
   * The last value of the previous {@link #read} call: the caller may reset or reuse its {@link
   * BinaryValues} between calls, so the value a prefix refers to is kept here.
   */
  private byte[] previous = new byte[64];
  private int previousLength;

  public DeltaByteArrayDecoder(ByteBuffer data) {
    this.prefixes = new DeltaBinaryPackedDecoder(data);
    ByteBuffer rest = data.duplicate();
    rest.position(prefixes.endPosition());
    this.suffixes = new DeltaLengthByteArrayDecoder(rest);
    if (suffixes.totalCount() != prefixes.totalCount()) {
      throw corrupt(prefixes.totalCount() + " prefix lengths but " + suffixes.totalCount()
          + " suffixes");
    }
  }

  /** Appends the next {@code count} values to {@code out}. */
  public void read(BinaryValues out, int count) {
    if (count < 0 || count > prefixes.remaining()) {
      throw corrupt("asked for " + count + " values, only " + prefixes.remaining() + " left");
    }
    if (count == 0) {
      return;
    }
    // Within one call the previous value lives in out itself; -1: it is in `previous`.
    int previousOffset = -1;
    int prevLength = previousLength;
    for (int done = 0; done < count; ) {
      int n = Math.min(CHUNK, count - done);
      prefixes.readInts(prefixChunk, 0, n);
      suffixes.readLengths(suffixChunk, n);
      for (int i = 0; i < n; i++) {
        int prefix = prefixChunk[i];
        int suffix = suffixChunk[i];
        if (prefix < 0 || prefix > prevLength) {
          throw corrupt("prefix length " + prefix + " but the previous value has " + prevLength
              + " bytes");
        }
        suffixes.checkAvailable(suffix); // before allocating room for it
        int at = out.appendUninitialized(prefix + suffix);
        byte[] data = out.data();
        if (previousOffset < 0) {
          System.arraycopy(previous, 0, data, at, prefix);
        } else {
          System.arraycopy(data, previousOffset, data, at, prefix);
        }
        suffixes.copyTo(suffix, data, at + prefix);
        previousOffset = at;
        prevLength = prefix + suffix;
      }
      done += n;
    }
    if (previous.length < prevLength) {
      previous = new byte[Math.max(prevLength, previous.length * 2)];
    }
    System.arraycopy(out.data(), previousOffset, previous, 0, prevLength);
    previousLength = prevLength;
  }

  private static IllegalStateException corrupt(String message) {
    return new IllegalStateException("corrupt DELTA_BYTE_ARRAY data: " + message);
  }
}
