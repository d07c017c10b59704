package io.basalt.engine.format.parquet.index;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import org.apache.parquet.format.BloomFilterHeader;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.Util;

/**
 * The bloom filter of one column chunk, read from the file, with the hash functions a caller needs
 * to probe it. Probe with the hash of a value's PLAIN encoding: {@link #hash(int)} for INT32 (also
 * dates, decimals up to 9 digits), {@link #hash(long)} for INT64, {@link #hash(float)} and
 * {@link #hash(double)} for floating point (raw bits: {@code 0.0} and {@code -0.0} hash apart, so
 * probe both for an equality on zero), {@link #hash(byte[])} for BYTE_ARRAY (the bytes without the
 * length prefix) and FIXED_LEN_BYTE_ARRAY.
 *
 * <p>Immutable once read; thread-safe.
 */
public final class ParquetBloomFilter {
  /**
   * parquet-java's upper bound; a larger size in a header means corruption, and reading it would
   * only waste memory.
   */
  static final int MAX_BYTES = 128 * 1024 * 1024;

  /** Headers are a few bytes; this much is read first when the footer gives no length. */
  private static final int HEADER_READ_BYTES = 64;

  private final SplitBlockBloomFilter bits;

  private ParquetBloomFilter(SplitBlockBloomFilter bits) {
    this.bits = bits;
  }

  /**
   * Reads the bloom filter of the chunk described by {@code meta}.
   *
   * @return null when the chunk has no bloom filter or uses an algorithm, hash or compression this
   *     reader does not know (a filter is only an optimisation, so that is not an error)
   * @throws ParquetIndexException when the offset or length points outside the file or the header
   *     is corrupt
   */
  public static ParquetBloomFilter read(FileChannel channel, ColumnMetaData meta)
      throws IOException {
    if (!meta.isSetBloom_filter_offset()) {
      return null;
    }
    long fileSize = channel.size();
    long offset = meta.getBloom_filter_offset();
    String column = meta.getPath_in_schema() == null
        ? "(unnamed)" : "'" + String.join(".", meta.getPath_in_schema()) + "'";
    boolean lengthKnown = meta.isSetBloom_filter_length();
    long length = lengthKnown ? meta.getBloom_filter_length()
        : Math.min(HEADER_READ_BYTES, Math.max(0, fileSize - offset));
    // Written as a subtraction so that a huge corrupt offset cannot overflow past the check.
    if (offset < 4 || length <= 0 || offset > fileSize - length) {
      throw new ParquetIndexException("bloom filter of column " + column + " claims bytes ["
          + offset + ", " + (offset + (lengthKnown ? length : 1)) + ") but the file has "
          + fileSize + " bytes; the footer is corrupt");
    }
    byte[] bytes = ChannelReads.readFully(channel, offset, (int) length);
    CountingInput in = new CountingInput(bytes);
    BloomFilterHeader header;
    try {
      header = Util.readBloomFilterHeader(in);
    } catch (IOException | RuntimeException e) {
      throw new ParquetIndexException("bloom filter header of column " + column + " at byte "
          + offset + " does not parse: " + e.getMessage(), e);
    }
    if (header.getAlgorithm() == null || !header.getAlgorithm().isSetBLOCK()
        || header.getHash() == null || !header.getHash().isSetXXHASH()
        || header.getCompression() == null || !header.getCompression().isSetUNCOMPRESSED()) {
      return null;
    }
    int numBytes = header.getNumBytes();
    int headerLength = in.consumed();
    if (numBytes < SplitBlockBloomFilter.BLOCK_BYTES || numBytes > MAX_BYTES
        || numBytes % SplitBlockBloomFilter.BLOCK_BYTES != 0
        || offset + headerLength + numBytes > fileSize
        || (lengthKnown && headerLength + (long) numBytes > length)) {
      throw new ParquetIndexException("bloom filter of column " + column + " at byte " + offset
          + " claims " + numBytes + " bytes of bitset, which is not a multiple of 32 in [32, "
          + MAX_BYTES + "] fitting in " + (lengthKnown ? length + "-byte filter" : "the file"));
    }
    if (headerLength + numBytes <= bytes.length) {
      return new ParquetBloomFilter(
          SplitBlockBloomFilter.fromBytes(bytes, headerLength, numBytes));
    }
    byte[] bitset = ChannelReads.readFully(channel, offset + headerLength, numBytes);
    return new ParquetBloomFilter(SplitBlockBloomFilter.fromBytes(bitset, 0, numBytes));
  }

  /** False means no value with this hash is in the chunk; true means it may be. */
  public boolean mightContain(long hash) {
    return bits.mightContain(hash);
  }

  /** Size of the bitset in bytes. */
  public int numBytes() {
    return bits.numBytes();
  }

  /** Hash of an INT32 value (INT32 dates, times, decimals alike). */
  public static long hash(int value) {
    return Xxh64.hashInt(value, 0);
  }

  /** Hash of an INT64 value (timestamps, decimals, times alike). */
  public static long hash(long value) {
    return Xxh64.hashLong(value, 0);
  }

  /** Hash of a FLOAT value: its raw IEEE bits, little-endian. */
  public static long hash(float value) {
    return Xxh64.hashInt(Float.floatToRawIntBits(value), 0);
  }

  /** Hash of a DOUBLE value: its raw IEEE bits, little-endian. */
  public static long hash(double value) {
    return Xxh64.hashLong(Double.doubleToRawLongBits(value), 0);
  }

  /** Hash of a BYTE_ARRAY (without length prefix) or FIXED_LEN_BYTE_ARRAY value. */
  public static long hash(byte[] value) {
    return Xxh64.hash(value, 0, value.length, 0);
  }

  /** Hash of the binary value {@code value[offset, offset + length)}. */
  public static long hash(byte[] value, int offset, int length) {
    return Xxh64.hash(value, offset, length, 0);
  }

  /** A byte-array stream that reports how much the Thrift parser consumed. */
  private static final class CountingInput extends ByteArrayInputStream {
    CountingInput(byte[] bytes) {
      super(bytes);
    }

    int consumed() {
      return pos;
    }
  }
}
