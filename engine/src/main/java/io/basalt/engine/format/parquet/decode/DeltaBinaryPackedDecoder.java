package io.basalt.engine.format.parquet.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes DELTA_BINARY_PACKED (INT32 and INT64 values, and the lengths inside the DELTA_*_BYTE_ARRAY
 * encodings), a miniblock at a time. INT32 arithmetic wraps as the specification requires.
 *
 * <p>The buffer starts at the block header; {@link #endPosition()} tells where the encoded values end
 * once all {@link #totalCount()} values have been read. Not thread-safe.
 *
 * <p>Layout: header {@code <block size> <miniblocks per block> <total count> <first value>}
 * (ULEB128, the first value zigzag), then blocks of {@code <min delta> <one bit width byte per
 * miniblock> <miniblocks>}. A miniblock that is present is always padded to its full size; miniblocks
 * of the last block that hold no values are absent, whatever their bit width byte says.
 *
 * <p>All arithmetic is done on longs: the writer computes INT32 deltas with wrapping int arithmetic,
 * and wrapping modulo 2^64 then truncating to 32 bits gives the same result modulo 2^32.
 *
 * <p>Corrupt input (truncated data, bit widths over 64, absurd headers, reading past the announced
 * count) fails with {@link IllegalStateException} before anything is read out of bounds.
 */
public final class DeltaBinaryPackedDecoder {
  /** Generous cap on values per miniblock (writers use 32..512); bounds the scratch allocation. */
  private static final int MAX_VALUES_PER_MINIBLOCK = 1 << 16;

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final ByteBuffer buf;
  private final int limit;
  private final int miniblocksPerBlock;
  private final int valuesPerMiniblock;
  private final int totalCount;
  /** Position of the first block, i.e. just past the header. */
  private final int blocksStart;

  private int pos;
  /** The last value produced by unpacking (the first value before any block was read). */
  private long last;
  /** Values handed to the caller so far. */
  private int produced;
  /** Deltas unpacked so far (at most {@code totalCount - 1}). */
  private int unpackedDeltas;

  private long minDelta;
  private final int[] bitWidths;
  /** Index of the next miniblock inside the current block; == miniblocksPerBlock: read a new block. */
  private int miniblock;

  /** Values of the current miniblock not yet handed out: {@code values[valuesPos .. valuesLen)}. */
  private final long[] values;
  private int valuesPos;
  private int valuesLen;
  private byte[] scratch = new byte[64];

  private int endPosition = -1;

  public DeltaBinaryPackedDecoder(ByteBuffer data) {
    this.buf = data.duplicate();
    this.pos = data.position();
    this.limit = data.limit();
    if (pos == limit) {
      // An empty value section holds no values (e.g. a page of nulls); nothing can be read from it.
      miniblocksPerBlock = 1;
      valuesPerMiniblock = 8;
      totalCount = 0;
      blocksStart = pos;
      endPosition = pos;
    } else {
      int blockSize = readUnsignedInt("block size");
      miniblocksPerBlock = readUnsignedInt("miniblock count");
      totalCount = readUnsignedInt("total value count");
      last = readZigZagLong("first value");
      if (blockSize <= 0 || miniblocksPerBlock <= 0 || blockSize % miniblocksPerBlock != 0) {
        throw corrupt("block size " + blockSize + " with " + miniblocksPerBlock + " miniblocks");
      }
      valuesPerMiniblock = blockSize / miniblocksPerBlock;
      if (valuesPerMiniblock % 8 != 0 || valuesPerMiniblock > MAX_VALUES_PER_MINIBLOCK) {
        throw corrupt(valuesPerMiniblock + " values per miniblock");
      }
      blocksStart = pos;
      if (totalCount <= 1) {
        endPosition = pos;
      }
    }
    miniblock = miniblocksPerBlock;
    bitWidths = new int[miniblocksPerBlock];
    values = new long[valuesPerMiniblock];
  }

  /** Number of values the header announces. */
  public int totalCount() {
    return totalCount;
  }

  /** Values not read yet. */
  public int remaining() {
    return totalCount - produced;
  }

  public void readInts(int[] out, int offset, int count) {
    checkCount(count);
    int i = offset;
    int end = offset + count;
    if (count > 0 && produced == 0) {
      out[i++] = (int) last;
    }
    while (i < end) {
      if (valuesPos == valuesLen) {
        loadMiniblock();
      }
      int n = Math.min(end - i, valuesLen - valuesPos);
      long[] v = values;
      int p = valuesPos;
      for (int k = 0; k < n; k++) {
        out[i + k] = (int) v[p + k];
      }
      valuesPos += n;
      i += n;
    }
    produced += count;
  }

  public void readLongs(long[] out, int offset, int count) {
    checkCount(count);
    int i = offset;
    int end = offset + count;
    if (count > 0 && produced == 0) {
      out[i++] = last;
    }
    while (i < end) {
      if (valuesPos == valuesLen) {
        loadMiniblock();
      }
      int n = Math.min(end - i, valuesLen - valuesPos);
      System.arraycopy(values, valuesPos, out, i, n);
      valuesPos += n;
      i += n;
    }
    produced += count;
  }

  /**
   * Absolute buffer position just past the last miniblock; valid once every value was read. (It is
   * also correct before that: the blocks are then walked, without unpacking, to find the end.)
   */
  public int endPosition() {
    if (endPosition < 0) {
      endPosition = scanEnd();
    }
    return endPosition;
  }

  private void checkCount(int count) {
    if (count < 0 || count > totalCount - produced) {
      throw corrupt("asked for " + count + " values, only " + (totalCount - produced) + " of "
          + totalCount + " left");
    }
  }

  /** Unpacks the next miniblock into {@link #values}; the caller made sure a value is left. */
  private void loadMiniblock() {
    if (miniblock == miniblocksPerBlock) {
      readBlockHeader();
    }
    int width = bitWidths[miniblock++];
    checkWidth(width);
    int n = Math.min(valuesPerMiniblock, totalCount - 1 - unpackedDeltas);
    int bytes = valuesPerMiniblock / 8 * width; // a present miniblock is always padded to full size
    if (bytes > limit - pos) {
      throw corrupt("miniblock of " + bytes + " bytes runs past the end of the data");
    }
    long[] v = values;
    long acc = last;
    long delta = minDelta;
    if (width == 0) {
      for (int k = 0; k < n; k++) {
        acc += delta;
        v[k] = acc;
      }
    } else {
      // Copy only the bytes holding the n values; 9 spare bytes let every value be read with one
      // unaligned little-endian long load plus, when it straddles, one extra byte.
      int needed = (int) (((long) n * width + 7) >>> 3);
      if (scratch.length < needed + 9) {
        scratch = new byte[Math.max(needed + 9, scratch.length * 2)];
      }
      byte[] s = scratch;
      buf.get(pos, s, 0, needed);
      long mask = width == 64 ? -1L : (1L << width) - 1;
      long bit = 0;
      for (int k = 0; k < n; k++, bit += width) {
        int b = (int) (bit >>> 3);
        int shift = (int) (bit & 7);
        long raw = (long) LONG_LE.get(s, b) >>> shift;
        if (shift + width > 64) {
          raw |= (s[b + 8] & 0xFFL) << (64 - shift);
        }
        acc += delta + (raw & mask);
        v[k] = acc;
      }
    }
    last = acc;
    pos += bytes;
    unpackedDeltas += n;
    valuesPos = 0;
    valuesLen = n;
    if (unpackedDeltas == totalCount - 1) {
      endPosition = pos;
    }
  }

  private void readBlockHeader() {
    minDelta = readZigZagLong("min delta");
    if (miniblocksPerBlock > limit - pos) {
      throw corrupt("bit widths run past the end of the data");
    }
    for (int m = 0; m < miniblocksPerBlock; m++) {
      // Bit widths of unused trailing miniblocks may hold anything; they are checked only when used.
      bitWidths[m] = buf.get(pos + m) & 0xFF;
    }
    pos += miniblocksPerBlock;
    miniblock = 0;
  }

  /** Walks the blocks from the start, without unpacking, to find where the last miniblock ends. */
  private int scanEnd() {
    int p = blocksStart;
    long left = totalCount - 1L;
    while (left > 0) {
      p = skipVarint(p);
      if (miniblocksPerBlock > limit - p) {
        throw corrupt("bit widths run past the end of the data");
      }
      int widths = p;
      p += miniblocksPerBlock;
      for (int m = 0; m < miniblocksPerBlock && left > 0; m++) {
        int width = buf.get(widths + m) & 0xFF;
        checkWidth(width);
        int bytes = valuesPerMiniblock / 8 * width;
        if (bytes > limit - p) {
          throw corrupt("miniblock of " + bytes + " bytes runs past the end of the data");
        }
        p += bytes;
        left -= valuesPerMiniblock;
      }
    }
    return p;
  }

  private static void checkWidth(int width) {
    if (width > 64) {
      throw corrupt("bit width " + width + " exceeds 64");
    }
  }

  private int skipVarint(int p) {
    for (int i = 0; i < 10; i++) {
      if (p >= limit) {
        throw corrupt("varint runs past the end of the data");
      }
      if ((buf.get(p++) & 0x80) == 0) {
        return p;
      }
    }
    throw corrupt("varint longer than 10 bytes");
  }

  private int readUnsignedInt(String what) {
    long v = readUnsignedLong(what);
    if (v > Integer.MAX_VALUE) {
      throw corrupt(what + " " + Long.toUnsignedString(v) + " out of range");
    }
    return (int) v;
  }

  private long readZigZagLong(String what) {
    long v = readUnsignedLong(what);
    return (v >>> 1) ^ -(v & 1);
  }

  private long readUnsignedLong(String what) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= limit) {
        throw corrupt(what + " runs past the end of the data");
      }
      int b = buf.get(pos++);
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw corrupt(what + " is a varint longer than 10 bytes");
  }

  private static IllegalStateException corrupt(String message) {
    return new IllegalStateException("corrupt DELTA_BINARY_PACKED data: " + message);
  }
}
