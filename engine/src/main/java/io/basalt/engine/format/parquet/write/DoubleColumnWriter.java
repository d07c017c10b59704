package io.basalt.engine.format.parquet.write;

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
    } else if (!hasMinMax) {
      min = value;
      max = value;
      hasMinMax = true;
    } else {
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    long bits = bits(value);
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
    // The spec asks for -0.0 as a zero min and +0.0 as a zero max, so both zeros are covered.
    double low = min == 0.0 ? -0.0 : min;
    double high = max == 0.0 ? 0.0 : max;
    byte[] minBytes = plainBytes(low);
    byte[] maxBytes = plainBytes(high);
    statistics.setMin_value(minBytes);
    statistics.setMax_value(maxBytes);
    statistics.setMin(minBytes);
    statistics.setMax(maxBytes);
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
  }
}
