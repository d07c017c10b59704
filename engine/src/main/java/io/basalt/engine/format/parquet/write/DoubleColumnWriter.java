package io.basalt.engine.format.parquet.write;

import io.basalt.engine.format.parquet.index.Xxh64;
import java.util.Comparator;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.format.Statistics;

/** Writes FLOAT and DOUBLE columns. */
final class DoubleColumnWriter extends DictionaryColumnWriter {
  /** Reads one non-null Arrow value; FLOAT columns widen losslessly to double. */
  @FunctionalInterface
  interface Reader {
    double read(FieldVector vector, int row);
  }

  private final Reader reader;
  private final boolean isFloat;
  // Keyed by the stored bit pattern, so -0.0/0.0 and NaNs stay distinct entries.
  private final LongDictionary dictionary = new LongDictionary();

  private boolean hasMinMax;
  private boolean sawNaN;
  private double min;
  private double max;
  private boolean pageHasMinMax;
  private boolean pageSawNaN;
  private double pageMin;
  private double pageMax;

  DoubleColumnWriter(LeafColumn column, ParquetWriteOptions options, boolean isFloat, Reader r) {
    super(column, options);
    this.reader = r;
    this.isFloat = isFloat;
  }

  private long bits(double value) {
    return isFloat ? Float.floatToRawIntBits((float) value) : Double.doubleToRawLongBits(value);
  }

  private int width() {
    return isFloat ? 4 : 8;
  }

  @Override
  void appendValue(FieldVector vector, int row) {
    double value = reader.read(vector, row);
    if (Double.isNaN(value)) {
      sawNaN = true;
      pageSawNaN = true;
    } else {
      if (!hasMinMax) {
        min = value;
        max = value;
        hasMinMax = true;
      } else {
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
      if (!pageHasMinMax) {
        pageMin = value;
        pageMax = value;
        pageHasMinMax = true;
      } else {
        pageMin = Math.min(pageMin, value);
        pageMax = Math.max(pageMax, value);
      }
    }
    long bits = bits(value);
    if (hasBloomFilter()) {
      addToBloomFilter(isFloat ? Xxh64.hashInt((int) bits, 0) : Xxh64.hashLong(bits, 0));
    }
    if (dictionaryMode()) {
      int index = dictionary.indexOf(bits);
      if (index < 0) {
        int entries = dictionary.size() + 1;
        if (entries > options.dictionaryMaxEntries()
            || (long) entries * width() > options.dictionaryMaxBytes()) {
          fallBackToPlain();
          writePlain(plainValues, bits);
          return;
        }
        index = dictionary.add(bits);
      }
      addIndex(index);
    } else {
      writePlain(plainValues, bits);
    }
  }

  private void writePlain(ByteArrayBuilder out, long bits) {
    if (isFloat) {
      out.writeIntLE((int) bits);
    } else {
      out.writeLongLE(bits);
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
    // With a NaN in the chunk, readers disagree on ordering: safest is to claim nothing.
    if (!hasMinMax || sawNaN) {
      return;
    }
    byte[] minBytes = plainBytes(lowBound(min));
    byte[] maxBytes = plainBytes(highBound(max));
    statistics.setMin_value(minBytes);
    statistics.setMax_value(maxBytes);
    statistics.setMin(minBytes);
    statistics.setMax(maxBytes);
  }

  // The spec asks for -0.0 as a zero min and +0.0 as a zero max, so both zeros are covered.
  private static double lowBound(double min) {
    return min == 0.0 ? -0.0 : min;
  }

  private static double highBound(double max) {
    return max == 0.0 ? 0.0 : max;
  }

  /** Like the chunk statistics: a page with a NaN has no bounds, so the chunk gets no index. */
  @Override
  PageBounds takePageBounds() {
    boolean exact = pageHasMinMax && !pageSawNaN;
    pageHasMinMax = false;
    pageSawNaN = false;
    if (!exact) {
      return null;
    }
    return new PageBounds(plainBytes(lowBound(pageMin)), plainBytes(highBound(pageMax)));
  }

  @Override
  Comparator<byte[]> statisticsOrder() {
    return StatisticsOrder.floatingPoint();
  }

  private byte[] plainBytes(double value) {
    ByteArrayBuilder out = new ByteArrayBuilder(8);
    writePlain(out, bits(value));
    return out.toByteArray();
  }

  @Override
  void resetChunk() {
    dictionary.clear();
    resetPages();
    hasMinMax = false;
    sawNaN = false;
    pageHasMinMax = false;
    pageSawNaN = false;
  }
}
