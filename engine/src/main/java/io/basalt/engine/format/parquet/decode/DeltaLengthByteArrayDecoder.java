package io.basalt.engine.format.parquet.decode;

import java.nio.ByteBuffer;

/** Decodes DELTA_LENGTH_BYTE_ARRAY: all lengths (delta-packed) first, then the concatenated bytes. */
public final class DeltaLengthByteArrayDecoder {
  /** Lengths are decoded this many at a time, so memory does not grow with the page's value count. */
  private static final int CHUNK = 1024;

  private final DeltaBinaryPackedDecoder lengths;
  private final ByteBuffer buf;
  private final int limit;
  private int pos;
  private final int[] lengthChunk = new int[CHUNK];

  public DeltaLengthByteArrayDecoder(ByteBuffer data) {
    this.lengths = new DeltaBinaryPackedDecoder(data);
    this.buf = data.duplicate();
    this.limit = data.limit();
    // The bytes start right after the last miniblock of the lengths; finding it walks the blocks
    // without unpacking them, so the lengths can then be decoded lazily, batch by batch.
    this.pos = lengths.endPosition();
  }

  /** Number of values the page holds. */
  int totalCount() {
    return lengths.totalCount();
  }

  /** Appends the next {@code count} values to {@code out}. */
  public void read(BinaryValues out, int count) {
    checkCount(count);
    for (int done = 0; done < count; ) {
      int n = Math.min(CHUNK, count - done);
      lengths.readInts(lengthChunk, 0, n);
      for (int i = 0; i < n; i++) {
        int length = lengthChunk[i];
        checkAvailable(length);
        int at = out.appendUninitialized(length);
        buf.get(pos, out.data(), at, length);
        pos += length;
      }
      done += n;
    }
  }

  /** Reads the next {@code n} lengths (for {@link DeltaByteArrayDecoder}, which then copies them). */
  void readLengths(int[] dst, int n) {
    checkCount(n);
    lengths.readInts(dst, 0, n);
  }

  /** Fails unless {@code length} more bytes are present. */
  void checkAvailable(int length) {
    if (length < 0 || length > limit - pos) {
      throw new IllegalStateException("corrupt DELTA_LENGTH_BYTE_ARRAY data: value of length "
          + length + " with " + (limit - pos) + " bytes left");
    }
  }

  /** Copies the next {@code length} bytes (already checked by {@link #checkAvailable}) to dst. */
  void copyTo(int length, byte[] dst, int dstOffset) {
    checkAvailable(length);
    buf.get(pos, dst, dstOffset, length);
    pos += length;
  }

  private void checkCount(int count) {
    if (count < 0 || count > lengths.remaining()) {
      throw new IllegalStateException("corrupt DELTA_LENGTH_BYTE_ARRAY data: asked for " + count
          + " values, only " + lengths.remaining() + " left");
    }
  }
}
