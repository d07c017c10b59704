package io.basalt.engine.format.parquet.write;

import java.util.Arrays;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.Statistics;

/**
 * Writes INT32 or INT64 columns: integers, dates, times, timestamps and decimals that fit in 64
 * bits. Values are compared as signed, which is the Parquet sort order for all of these.
 */
final class LongColumnWriter extends ColumnChunkWriter {
  /** Reads one non-null Arrow value as the long to store. */
  @FunctionalInterface
  interface Reader {
    long read(FieldVector vector, int row);
  }

  private final Reader reader;
  private final int valueWidth;
  private final ByteArrayBuilder plainValues = new ByteArrayBuilder(64 * 1024);
  private final LongDictionary dictionary = new LongDictionary();
  private int[] indices = new int[1024];
  private int indexCount;
  private boolean dictionaryMode;

  private boolean hasMinMax;
  private long min;
  private long max;

  LongColumnWriter(LeafColumn column, ParquetWriteOptions options, boolean int32, Reader reader) {
    super(column, options);
    this.reader = reader;
    this.valueWidth = int32 ? 4 : 8;
    this.dictionaryMode = options.dictionary();
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
    if (dictionaryMode) {
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
      if (indexCount == indices.length) {
        indices = Arrays.copyOf(indices, indexCount * 2);
      }
      indices[indexCount++] = index;
    } else {
      writePlain(plainValues, value);
    }
  }

  /**
   * The dictionary is full: earlier pages keep their indices, the current page is re-encoded
   * PLAIN and so is the rest of the chunk.
   */
  private void fallBackToPlain() {
    for (int i = 0; i < indexCount; i++) {
      writePlain(plainValues, dictionary.get(indices[i]));
    }
    indexCount = 0;
    dictionaryMode = false;
  }

  private void writePlain(ByteArrayBuilder out, long value) {
    if (valueWidth == 4) {
      out.writeIntLE((int) value);
    } else {
      out.writeLongLE(value);
    }
  }

  @Override
  long bufferedValueBytes() {
    if (dictionaryMode) {
      return (long) indexCount * RleBitPackedEncoder.bitWidth(dictionary.size()) / 8;
    }
    return plainValues.size();
  }

  @Override
  Encoding writePageValues(ByteArrayBuilder out) {
    if (dictionaryMode) {
      int bitWidth = RleBitPackedEncoder.bitWidth(Math.max(0, dictionary.size() - 1));
      out.write(bitWidth);
      RleBitPackedEncoder.encode(indices, indexCount, bitWidth, out);
      indexCount = 0;
      return Encoding.RLE_DICTIONARY;
    }
    out.write(plainValues.array(), 0, plainValues.size());
    plainValues.reset();
    return Encoding.PLAIN;
  }

  @Override
  int writeDictionaryValues(ByteArrayBuilder out) {
    for (int i = 0; i < dictionary.size(); i++) {
      writePlain(out, dictionary.get(i));
    }
    return dictionary.size();
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
  void resetChunk() {
    dictionary.clear();
    indexCount = 0;
    plainValues.reset();
    dictionaryMode = options.dictionary();
    hasMinMax = false;
  }
}
