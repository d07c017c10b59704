package io.basalt.engine.format.parquet.write;

import io.basalt.engine.format.parquet.index.Xxh64;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.format.Statistics;

/**
 * Writes BYTE_ARRAY columns (strings, binary) and FIXED_LEN_BYTE_ARRAY columns (fixed binary,
 * wide decimals).
 */
final class BinaryColumnWriter extends DictionaryColumnWriter {
  /**
   * Longer min/max values are left out of the statistics: a truncated max would have to be
   * rounded up correctly, and omitting them is always safe.
   */
  static final int MAX_STATISTICS_VALUE_BYTES = 64;

  /** Reads one non-null Arrow value as the bytes to store. */
  @FunctionalInterface
  interface Reader {
    byte[] read(FieldVector vector, int row);
  }

  /** Strings and binary sort as unsigned bytes. */
  static final Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;

  /** Fixed-width big-endian two's complement (decimals): the first byte carries the sign. */
  static final Comparator<byte[]> SIGNED_BIG_ENDIAN =
      (a, b) -> {
        if (a.length > 0 && a[0] != b[0]) {
          return Byte.compare(a[0], b[0]);
        }
        return Arrays.compareUnsigned(a, b);
      };

  private final Reader reader;
  /** Fixed length for FIXED_LEN_BYTE_ARRAY, or -1 for length-prefixed BYTE_ARRAY. */
  private final int fixedLength;
  private final Comparator<byte[]> order;

  private final Map<Key, Integer> dictionaryIndex = new HashMap<>();
  private final List<byte[]> dictionary = new ArrayList<>();
  private long dictionaryBytes;

  private byte[] min;
  private byte[] max;
  private byte[] pageMin;
  private byte[] pageMax;

  BinaryColumnWriter(
      LeafColumn column,
      ParquetWriteOptions options,
      int fixedLength,
      Comparator<byte[]> order,
      Reader reader) {
    super(column, options);
    this.reader = reader;
    this.fixedLength = fixedLength;
    this.order = order;
  }

  @Override
  void appendValue(FieldVector vector, int row) {
    byte[] value = reader.read(vector, row);
    if (fixedLength >= 0 && value.length != fixedLength) {
      throw new IllegalArgumentException(
          "column '" + column.name() + "' expects " + fixedLength + "-byte values but row " + row
              + " has " + value.length + " bytes");
    }
    if (min == null) {
      min = value;
      max = value;
    } else if (order.compare(value, min) < 0) {
      min = value;
    } else if (order.compare(value, max) > 0) {
      max = value;
    }
    if (pageMin == null) {
      pageMin = value;
      pageMax = value;
    } else if (order.compare(value, pageMin) < 0) {
      pageMin = value;
    } else if (order.compare(value, pageMax) > 0) {
      pageMax = value;
    }
    if (hasBloomFilter()) {
      // BYTE_ARRAY hashes the bytes without their length prefix; FIXED_LEN_BYTE_ARRAY the bytes.
      addToBloomFilter(Xxh64.hash(value, 0));
    }
    if (dictionaryMode()) {
      Key key = new Key(value);
      Integer index = dictionaryIndex.get(key);
      if (index == null) {
        long entryBytes = plainSize(value);
        if (dictionary.size() + 1 > options.dictionaryMaxEntries()
            || dictionaryBytes + entryBytes > options.dictionaryMaxBytes()) {
          fallBackToPlain();
          writePlain(plainValues, value);
          return;
        }
        index = dictionary.size();
        dictionary.add(value);
        dictionaryIndex.put(key, index);
        dictionaryBytes += entryBytes;
      }
      addIndex(index);
    } else {
      writePlain(plainValues, value);
    }
  }

  private long plainSize(byte[] value) {
    return fixedLength >= 0 ? value.length : 4L + value.length;
  }

  private void writePlain(ByteArrayBuilder out, byte[] value) {
    if (fixedLength < 0) {
      out.writeIntLE(value.length);
    }
    out.writeBytes(value);
  }

  @Override
  int dictionarySize() {
    return dictionary.size();
  }

  @Override
  void writeEntryPlain(ByteArrayBuilder out, int index) {
    writePlain(out, dictionary.get(index));
  }

  @Override
  void fillMinMax(Statistics statistics) {
    if (min == null
        || min.length > MAX_STATISTICS_VALUE_BYTES
        || max.length > MAX_STATISTICS_VALUE_BYTES) {
      return;
    }
    // Only the new fields: the legacy min/max were defined with signed byte order, wrong for text.
    statistics.setMin_value(min);
    statistics.setMax_value(max);
  }

  /**
   * Unlike the chunk statistics, page bounds of long values are truncated rather than dropped, so
   * that pages of long strings can still be skipped. Truncation is only valid in unsigned order;
   * signed (decimal) values are at most 16 bytes and never reach the limit.
   */
  @Override
  PageBounds takePageBounds() {
    byte[] low = pageMin;
    byte[] high = pageMax;
    pageMin = null;
    pageMax = null;
    if (low == null) {
      return null;
    }
    if (order != UNSIGNED
        && (low.length > MAX_STATISTICS_VALUE_BYTES || high.length > MAX_STATISTICS_VALUE_BYTES)) {
      return null;
    }
    byte[] upper = BinaryBounds.truncateMax(high, MAX_STATISTICS_VALUE_BYTES);
    if (upper == null) {
      return null;
    }
    return new PageBounds(BinaryBounds.truncateMin(low, MAX_STATISTICS_VALUE_BYTES), upper);
  }

  @Override
  Comparator<byte[]> statisticsOrder() {
    return order;
  }

  @Override
  void resetChunk() {
    dictionaryIndex.clear();
    dictionary.clear();
    dictionaryBytes = 0;
    resetPages();
    min = null;
    max = null;
    pageMin = null;
    pageMax = null;
  }

  /** Byte-array map key with value equality. */
  private static final class Key {
    private final byte[] bytes;
    private final int hash;

    Key(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key && Arrays.equals(bytes, ((Key) other).bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
