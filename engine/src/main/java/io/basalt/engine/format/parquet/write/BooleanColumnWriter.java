package io.basalt.engine.format.parquet.write;

import java.util.Comparator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.Statistics;

/** Writes BOOLEAN columns PLAIN: one bit per value, least significant bit first. */
final class BooleanColumnWriter extends ColumnChunkWriter {
  private final ByteArrayBuilder plainValues = new ByteArrayBuilder(16 * 1024);
  private int currentByte;
  private int bitsInCurrentByte;
  private boolean sawFalse;
  private boolean sawTrue;
  private boolean pageSawFalse;
  private boolean pageSawTrue;

  BooleanColumnWriter(LeafColumn column, ParquetWriteOptions options) {
    super(column, options);
  }

  @Override
  void appendValue(FieldVector vector, int row) {
    boolean value = ((BitVector) vector).get(row) != 0;
    if (value) {
      sawTrue = true;
      pageSawTrue = true;
      currentByte |= 1 << bitsInCurrentByte;
    } else {
      sawFalse = true;
      pageSawFalse = true;
    }
    if (++bitsInCurrentByte == 8) {
      plainValues.write(currentByte);
      currentByte = 0;
      bitsInCurrentByte = 0;
    }
  }

  @Override
  long bufferedValueBytes() {
    return plainValues.size();
  }

  @Override
  Encoding writePageValues(ByteArrayBuilder out) {
    if (bitsInCurrentByte > 0) {
      plainValues.write(currentByte);
      currentByte = 0;
      bitsInCurrentByte = 0;
    }
    out.write(plainValues.array(), 0, plainValues.size());
    plainValues.reset();
    return Encoding.PLAIN;
  }

  @Override
  int writeDictionaryValues(ByteArrayBuilder out) {
    throw new IllegalStateException("boolean columns have no dictionary");
  }

  @Override
  void fillMinMax(Statistics statistics) {
    if (!sawFalse && !sawTrue) {
      return;
    }
    byte[] minBytes = {(byte) (sawFalse ? 0 : 1)};
    byte[] maxBytes = {(byte) (sawTrue ? 1 : 0)};
    statistics.setMin_value(minBytes);
    statistics.setMax_value(maxBytes);
    statistics.setMin(minBytes);
    statistics.setMax(maxBytes);
  }

  @Override
  PageBounds takePageBounds() {
    PageBounds bounds = !pageSawFalse && !pageSawTrue ? null
        : new PageBounds(new byte[] {(byte) (pageSawFalse ? 0 : 1)},
            new byte[] {(byte) (pageSawTrue ? 1 : 0)});
    pageSawFalse = false;
    pageSawTrue = false;
    return bounds;
  }

  @Override
  Comparator<byte[]> statisticsOrder() {
    return StatisticsOrder.bool();
  }

  @Override
  void resetChunk() {
    plainValues.reset();
    currentByte = 0;
    bitsInCurrentByte = 0;
    sawFalse = false;
    sawTrue = false;
    pageSawFalse = false;
    pageSawTrue = false;
  }
}
