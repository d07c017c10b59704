package io.basalt.engine.format.parquet.decode;

import java.nio.ByteBuffer;
import java.util.Arrays;

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
  private final ByteBuffer data;
  private final int bitWidth;
  private final int bytesPerRleValue;
  private final long valueMask;

  /** Values left in the current run (RLE or bit-packed). */
  private long runRemaining;
  private boolean rleRun;
  private int rleValue;

  /** Unpacked values of the current bit-packed group of eight; valid from groupIndex to 8. */
  private final int[] group = new int[8];
  private int groupIndex = 8;

  public RleBitPackedDecoder(ByteBuffer data, int bitWidth) {
    if (bitWidth < 0 || bitWidth > 32) {
      throw new IllegalStateException("corrupt RLE data: bit width " + bitWidth + " is outside 0..32");
    }
    // Little-endian so that a bit-packed group can be read eight bytes at a time.
    this.data = data.slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
    this.bitWidth = bitWidth;
    this.bytesPerRleValue = (bitWidth + 7) / 8;
    this.valueMask = bitWidth == 32 ? 0xFFFF_FFFFL : (1L << bitWidth) - 1;
  }

  /** Reads {@code count} values into {@code out[offset ..]}. */
  public void readInts(int[] out, int offset, int count) {
    int pos = offset;
    int end = offset + count;
    while (pos < end) {
      if (runRemaining == 0) {
        readRunHeader();
        continue;
      }
      int n = (int) Math.min(runRemaining, end - pos);
      if (rleRun) {
        Arrays.fill(out, pos, pos + n, rleValue);
        pos += n;
        runRemaining -= n;
        continue;
      }
      // Bit-packed: drain a partly used group first, then unpack whole groups straight into out.
      if (groupIndex < 8) {
        int take = Math.min(n, 8 - groupIndex);
        System.arraycopy(group, groupIndex, out, pos, take);
        groupIndex += take;
        pos += take;
        runRemaining -= take;
        continue;
      }
      if (n >= 8) {
        int groups = n / 8;
        int fast = unpackGroups(out, pos, groups);
        pos += fast * 8;
        for (int g = fast; g < groups; g++) {
          unpackGroup(out, pos);
          pos += 8;
        }
        runRemaining -= groups * 8L;
      } else {
        unpackGroup(group, 0);
        groupIndex = 0;
      }
    }
  }

  private void readRunHeader() {
    long header = readUnsignedVarInt();
    if ((header & 1) == 0) {
      rleRun = true;
      runRemaining = header >>> 1;
      int value = 0;
      if (data.remaining() < bytesPerRleValue) {
        throw new IllegalStateException("corrupt RLE data: run value cut off at byte " + data.position());
      }
      for (int i = 0; i < bytesPerRleValue; i++) {
        value |= (data.get() & 0xFF) << (8 * i);
      }
      rleValue = value;
    } else {
      rleRun = false;
      runRemaining = (header >>> 1) * 8;
      groupIndex = 8;
    }
  }

  private long readUnsignedVarInt() {
    long result = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (!data.hasRemaining()) {
        throw new IllegalStateException(
            "corrupt RLE data: more values requested than the encoded runs hold");
      }
      int b = data.get() & 0xFF;
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new IllegalStateException("corrupt RLE data: run header varint longer than 5 bytes");
  }

  private static final java.lang.invoke.VarHandle LONG_LE =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class,
          java.nio.ByteOrder.LITTLE_ENDIAN);

  /**
   * Unpacks up to {@code groups} whole groups straight from the backing array, as long as each
   * group's unaligned 8-byte reads stay inside the buffer; returns how many it unpacked (the rest,
   * near the end of the buffer, go through {@link #unpackGroup}). Most values of a dictionary-
   * encoded page come through here, so it avoids the per-read checks of the ByteBuffer.
   */
  private int unpackGroups(int[] out, int offset, int groups) {
    if (bitWidth == 0 || !data.hasArray()) {
      return 0;
    }
    byte[] a = data.array();
    int base = data.arrayOffset() + data.position();
    int limit = data.arrayOffset() + data.limit();
    int width = bitWidth;
    // Group g reads bytes up to base + g * width + width + 8 (exclusive); keep that in bounds.
    long room = (long) limit - base - width - 8;
    int fit = room < 0 ? 0 : (int) Math.min(groups, room / width + 1);
    long mask = valueMask;
    int at = base;
    int o = offset;
    for (int g = 0; g < fit; g++) {
      for (int i = 0; i < 8; i++) {
        int bit = i * width;
        out[o + i] = (int) (((long) LONG_LE.get(a, at + (bit >>> 3)) >>> (bit & 7)) & mask);
      }
      at += width;
      o += 8;
    }
    data.position(at - data.arrayOffset());
    return fit;
  }

  /**
   * Unpacks one group of eight values (bitWidth bytes, LSB first). Writers may drop the trailing
   * bytes of the very last group, so missing bytes read as zero, as other readers do.
   */
  private void unpackGroup(int[] out, int offset) {
    if (bitWidth == 0) {
      Arrays.fill(out, offset, offset + 8, 0);
      return;
    }
    if (!data.hasRemaining()) {
      throw new IllegalStateException("corrupt RLE data: bit-packed run cut off at byte " + data.position());
    }
    int start = data.position();
    if (data.limit() - start >= bitWidth + 8) {
      // Fast path: value i starts at bit i * bitWidth; one unaligned 8-byte read holds all of its
      // (at most 32 + 7) bits. The group is bitWidth bytes long.
      for (int i = 0; i < 8; i++) {
        int bit = i * bitWidth;
        out[offset + i] = (int) ((data.getLong(start + (bit >>> 3)) >>> (bit & 7)) & valueMask);
      }
      data.position(start + bitWidth);
      return;
    }
    long acc = 0;
    int bits = 0;
    for (int i = 0; i < 8; i++) {
      while (bits < bitWidth) {
        long b = data.hasRemaining() ? data.get() & 0xFFL : 0;
        acc |= b << bits;
        bits += 8;
      }
      out[offset + i] = (int) (acc & valueMask);
      acc >>>= bitWidth;
      bits -= bitWidth;
    }
  }
}
