package io.basalt.engine.format.parquet.write;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;

/**
 * Reads single non-null values out of Arrow vectors straight from their buffers, so the column
 * writers need no per-type casts and allocate nothing for fixed-width values.
 */
final class ArrowValueReaders {
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private ArrowValueReaders() {}

  /** A signed integer of {@code byteWidth} bytes (1, 2, 4 or 8), widened to long. */
  static LongColumnWriter.Reader signedInteger(int byteWidth) {
    switch (byteWidth) {
      case 1:
        return (v, row) -> data(v).getByte(row);
      case 2:
        return (v, row) -> data(v).getShort((long) row * 2);
      case 4:
        return (v, row) -> data(v).getInt((long) row * 4);
      case 8:
        return (v, row) -> data(v).getLong((long) row * 8);
      default:
        throw new IllegalArgumentException("no " + byteWidth + "-byte integers");
    }
  }

  /** A signed integer multiplied by {@code factor}, for units Parquet lacks (seconds). */
  static LongColumnWriter.Reader scaled(LongColumnWriter.Reader reader, long factor) {
    return (v, row) -> Math.multiplyExact(reader.read(v, row), factor);
  }

  /** Arrow's millisecond dates become Parquet's day counts; floor so pre-1970 stays right. */
  static LongColumnWriter.Reader dateMillisAsDays() {
    return (v, row) -> Math.floorDiv(data(v).getLong((long) row * 8), MILLIS_PER_DAY);
  }

  /**
   * The low 64 bits of a little-endian 128- or 256-bit decimal; exact when the precision is at
   * most 18, which the caller guarantees.
   */
  static LongColumnWriter.Reader decimalLow64(int decimalByteWidth) {
    return (v, row) -> data(v).getLong((long) row * decimalByteWidth);
  }

  /**
   * A little-endian two's complement decimal as {@code length} big-endian bytes, the Parquet
   * FIXED_LEN_BYTE_ARRAY form. The value fits by precision, so dropping high bytes keeps it.
   */
  static BinaryColumnWriter.Reader decimalBigEndian(int decimalByteWidth, int length) {
    return (v, row) -> {
      ArrowBuf data = data(v);
      long base = (long) row * decimalByteWidth;
      byte[] bytes = new byte[length];
      for (int i = 0; i < length; i++) {
        bytes[length - 1 - i] = data.getByte(base + i);
      }
      return bytes;
    };
  }

  static DoubleColumnWriter.Reader float32() {
    return (v, row) -> data(v).getFloat((long) row * 4);
  }

  static DoubleColumnWriter.Reader float64() {
    return (v, row) -> data(v).getDouble((long) row * 8);
  }

  /** Strings and binary with 32-bit offsets (Utf8, Binary). */
  static BinaryColumnWriter.Reader variableWidth() {
    return (v, row) -> {
      BaseVariableWidthVector vector = (BaseVariableWidthVector) v;
      ArrowBuf offsets = vector.getOffsetBuffer();
      int start = offsets.getInt((long) row * 4);
      int end = offsets.getInt((long) row * 4 + 4);
      byte[] bytes = new byte[end - start];
      vector.getDataBuffer().getBytes(start, bytes);
      return bytes;
    };
  }

  /** Strings and binary with 64-bit offsets (LargeUtf8, LargeBinary). */
  static BinaryColumnWriter.Reader largeVariableWidth() {
    return (v, row) -> {
      BaseLargeVariableWidthVector vector = (BaseLargeVariableWidthVector) v;
      ArrowBuf offsets = vector.getOffsetBuffer();
      long start = offsets.getLong((long) row * 8);
      long end = offsets.getLong((long) row * 8 + 8);
      byte[] bytes = new byte[Math.toIntExact(end - start)];
      vector.getDataBuffer().getBytes(start, bytes);
      return bytes;
    };
  }

  /** Fixed-size binary: {@code width} bytes per row. */
  static BinaryColumnWriter.Reader fixedWidth(int width) {
    return (v, row) -> {
      byte[] bytes = new byte[width];
      data(v).getBytes((long) row * width, bytes);
      return bytes;
    };
  }

  private static ArrowBuf data(FieldVector vector) {
    return ((BaseFixedWidthVector) vector).getDataBuffer();
  }
}
