package io.basalt.engine.format.parquet.write;

import io.basalt.engine.format.parquet.index.Xxh64;
import java.util.Comparator;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.format.Statistics;

/**
 * Writes INT32 or INT64 columns: integers, dates, times, timestamps and decimals that fit in 64
 * bits. Values are compared as signed, which is the Parquet sort order for all of these.
 */
final class LongColumnWriter extends DictionaryColumnWriter {
  /** Reads one non-null Arrow value as the long to store. */
  @FunctionalInterface
  interface Reader {
    long read(FieldVector vector, int row);
  }

  private final Reader reader;
  private final int valueWidth;
  private final LongDictionary dictionary = new LongDictionary();

  private boolean hasMinMax;
  private long min;
  private long max;
  private boolean pageHasMinMax;
  private long pageMin;
  private long pageMax;

  LongColumnWriter(LeafColumn column, ParquetWriteOptions options, boolean int32, Reader reader) {
    super(column, options);
    this.reader = reader;
    this.valueWidth = int32 ? 4 : 8;
  }

  @Override
  void appendValue(FieldVector vector, int row) {
    long value = reader.read(vector, row);
    if (!hasMinMax) {
      min = value;
      max = value;
      hasMinMax = true;
    } else if (value < min) {
      min = value;
    } else if (value > max) {
      max = value;
    }
    if (!pageHasMinMax) {
      pageMin = value;
      pageMax = value;
      pageHasMinMax = true;
    } else if (value < pageMin) {
      pageMin = value;
    } else if (value > pageMax) {
      pageMax = value;
    }
    if (hasBloomFilter()) {
      // The hash of the PLAIN bytes: 4 little-endian bytes for INT32, 8 for INT64.
      addToBloomFilter(valueWidth == 4 ? Xxh64.hashInt((int) value, 0) : Xxh64.hashLong(value, 0));
    }
    if (dictionaryMode()) {
      int index = dictionary.indexOf(value);
      if (index < 0) {
        int entries = dictionary.size() + 1;
        if (entries > options.dictionaryMaxEntries()
            || (long) entries * valueWidth > options.dictionaryMaxBytes()) {
          fallBackToPlain();
          writePlain(plainValues, value);
          return;
        }
        index = dictionary.add(value);
      }
      addIndex(index);
    } else {
      writePlain(plainValues, value);
    }
  }

  private void writePlain(ByteArrayBuilder out, long value) {
    if (valueWidth == 4) {
      out.writeIntLE((int) value);
    } else {
      out.writeLongLE(value);
    }
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
    if (!hasMinMax) {
      return;
    }
    byte[] minBytes = plainBytes(min);
    byte[] maxBytes = plainBytes(max);
    statistics.setMin_value(minBytes);
    statistics.setMax_value(maxBytes);
    // Legacy fields: signed order is what old readers assumed for integers, so they are right here.
    statistics.setMin(minBytes);
    statistics.setMax(maxBytes);
  }

  private byte[] plainBytes(long value) {
    ByteArrayBuilder out = new ByteArrayBuilder(8);
    writePlain(out, value);
    return out.toByteArray();
  }

  @Override
  PageBounds takePageBounds() {
    if (!pageHasMinMax) {
      return null;
    }
    pageHasMinMax = false;
    return new PageBounds(plainBytes(pageMin), plainBytes(pageMax));
  }

  @Override
  Comparator<byte[]> statisticsOrder() {
    return StatisticsOrder.signedInteger();
  }

  @Override
  void resetChunk() {
    dictionary.clear();
    resetPages();
    hasMinMax = false;
    pageHasMinMax = false;
  }
}
