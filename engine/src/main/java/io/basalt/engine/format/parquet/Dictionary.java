package io.basalt.engine.format.parquet;

import io.basalt.engine.format.parquet.decode.BinaryValues;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.Type;

/**
 * A column chunk's dictionary, decoded once into a typed array matching the physical type: ints
 * (INT32, FLOAT bits), longs (INT64, DOUBLE bits), fixed-width bytes (FIXED_LEN_BYTE_ARRAY,
 * INT96) or byte strings (BYTE_ARRAY). Data pages then gather from it by index.
 */
final class Dictionary {
  final int size;
  final int[] ints;
  final long[] longs;
  final byte[] fixed;
  final int width;
  final BinaryValues binaries;

  private Dictionary(int size, int[] ints, long[] longs, byte[] fixed, int width,
      BinaryValues binaries) {
    this.size = size;
    this.ints = ints;
    this.longs = longs;
    this.fixed = fixed;
    this.width = width;
    this.binaries = binaries;
  }

  static Dictionary decode(Page page, Type physical, int fixedWidth) {
    return decode(page, physical, fixedWidth, new ColumnBuffers());
  }

  /**
   * Decodes into the dictionary arrays of {@code buffers}, grown as needed (a column's dictionary
   * lives as long as its chunk's decoder, so the next row group's decoder may reuse them).
   */
  static Dictionary decode(Page page, Type physical, int fixedWidth, ColumnBuffers buffers) {
    if (page.valueEncoding != Encoding.PLAIN && page.valueEncoding != Encoding.PLAIN_DICTIONARY) {
      throw new CorruptPageException("dictionary page encoding " + page.valueEncoding
          + " is not PLAIN");
    }
    byte[] data = page.data;
    int n = page.valueCount;
    int end = page.length;
    switch (physical) {
      case INT32:
      case FLOAT: {
        PlainValues.checkAvailable(0, end, 4L * n, n, "dictionary");
        if (buffers.dictInts.length < n) {
          buffers.dictInts = new int[n];
        }
        int[] ints = buffers.dictInts;
        PlainValues.readInts(data, 0, end, ints, n);
        return new Dictionary(n, ints, null, null, 4, null);
      }
      case INT64:
      case DOUBLE: {
        PlainValues.checkAvailable(0, end, 8L * n, n, "dictionary");
        if (buffers.dictLongs.length < n) {
          buffers.dictLongs = new long[n];
        }
        long[] longs = buffers.dictLongs;
        PlainValues.readLongs(data, 0, end, longs, n);
        return new Dictionary(n, null, longs, null, 8, null);
      }
      case INT96:
      case FIXED_LEN_BYTE_ARRAY: {
        PlainValues.checkAvailable(0, end, (long) fixedWidth * n, n, "dictionary");
        if (buffers.dictFixed.length < fixedWidth * n) {
          buffers.dictFixed = new byte[fixedWidth * n];
        }
        byte[] fixed = buffers.dictFixed;
        PlainValues.readFixed(data, 0, end, fixed, n, fixedWidth);
        return new Dictionary(n, null, null, fixed, fixedWidth, null);
      }
      case BYTE_ARRAY: {
        // Each entry takes at least its 4-byte length, which bounds n before anything grows.
        PlainValues.checkAvailable(0, end, 4L * n, n, "dictionary");
        BinaryValues binaries = buffers.dictBinaries;
        binaries.reset();
        PlainValues.readBinaries(data, 0, end, binaries, n);
        return new Dictionary(n, null, null, null, 0, binaries);
      }
      default:
        throw new CorruptPageException("dictionary page for a " + physical + " column");
    }
  }

  /** Byte strings of at most 8 bytes, packed little-endian, once asked for; null if not all are. */
  private long[] packed;
  private int[] packedLengths;
  private boolean packedKnown;

  /**
   * The string entries packed 8 bytes each (see {@link BinaryValues#appendAllPacked}), or null
   * when this is not a string dictionary or some entry is longer than 8 bytes.
   */
  long[] packedEntries() {
    if (!packedKnown) {
      packedKnown = true;
      if (binaries != null) {
        int[] offsets = binaries.offsets();
        byte[] bytes = binaries.data();
        long[] p = new long[size];
        int[] lengths = new int[size];
        for (int e = 0; e < size; e++) {
          int start = offsets[e];
          int length = offsets[e + 1] - start;
          if (length > 8) {
            return null;
          }
          long v = 0;
          for (int b = length - 1; b >= 0; b--) {
            v = (v << 8) | (bytes[start + b] & 0xFFL);
          }
          p[e] = v;
          lengths[e] = length;
        }
        packed = p;
        packedLengths = lengths;
      }
    }
    return packed;
  }

  /** The entry lengths matching {@link #packedEntries()}. */
  int[] packedLengths() {
    return packedLengths;
  }

  /** Checks every index once so that the gathers below may index without checks. */
  void checkIndices(int[] indices, int n) {
    for (int i = 0; i < n; i++) {
      if (Integer.compareUnsigned(indices[i], size) >= 0) {
        throw new CorruptPageException("dictionary index " + indices[i]
            + " is out of range for a dictionary of " + size + " entries");
      }
    }
  }
}
