package io.basalt.engine.format.parquet;

import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.format.Type;

/**
 * How decoded physical values become Arrow values for one column: chosen once per column, so that
 * the hot loops switch on it once per page slice instead of calling through an interface per value.
 */
enum ValueTarget {
  BOOL,
  /** INT32 narrowed to Int8 / Int16. */
  INT8, INT16,
  /** Unsigned INT32 widened to the next signed width. */
  UINT8_TO_INT16, UINT16_TO_INT32, UINT32_TO_INT64,
  /** Same 4-byte layout in Parquet and Arrow (INT32, DATE, TIME millis, FLOAT). */
  COPY4,
  /** Same 8-byte layout (INT64, TIME micros/nanos, TIMESTAMP, DOUBLE). */
  COPY8,
  /** FIXED_LEN_BYTE_ARRAY into FixedSizeBinary of the same width. */
  COPY_FIXED,
  DECIMAL_FROM_INT32, DECIMAL_FROM_INT64, DECIMAL_FROM_UINT64,
  /** Big-endian two's complement, from FIXED_LEN_BYTE_ARRAY or BYTE_ARRAY. */
  DECIMAL_FROM_FIXED, DECIMAL_FROM_BINARY,
  INT96_TO_NANOS,
  /** BYTE_ARRAY into Utf8 / Binary. */
  COPY_BINARY,
  /** FIXED_LEN_BYTE_ARRAY(16) UUID into its canonical text. */
  UUID_TEXT;

  /** Whether the Arrow vector is variable-width (built from a whole batch at once). */
  boolean variableWidth() {
    return this == COPY_BINARY || this == UUID_TEXT;
  }

  /** Whether PLAIN bytes can be copied straight into the Arrow data buffer. */
  boolean plainIsArrowLayout() {
    return this == COPY4 || this == COPY8 || this == COPY_FIXED;
  }

  static ValueTarget of(ParquetColumn column) {
    Type physical = column.element().getType();
    ArrowType type = column.arrowField().getType();
    switch (physical) {
      case BOOLEAN:
        return BOOL;
      case INT32:
        if (type instanceof ArrowType.Decimal) {
          return DECIMAL_FROM_INT32;
        }
        if (type instanceof ArrowType.Int) {
          int bits = ((ArrowType.Int) type).getBitWidth();
          boolean unsigned = isUnsigned(column);
          if (bits == 8) {
            return INT8;
          }
          if (bits == 16) {
            return unsigned ? UINT8_TO_INT16 : INT16;
          }
          if (bits == 64) {
            return UINT32_TO_INT64;
          }
          return unsigned ? UINT16_TO_INT32 : COPY4;
        }
        return COPY4;
      case FLOAT:
        return COPY4;
      case INT64:
        if (type instanceof ArrowType.Decimal) {
          return isUnsigned(column) ? DECIMAL_FROM_UINT64 : DECIMAL_FROM_INT64;
        }
        return COPY8;
      case DOUBLE:
        return COPY8;
      case INT96:
        return INT96_TO_NANOS;
      case FIXED_LEN_BYTE_ARRAY:
        if (type instanceof ArrowType.Decimal) {
          return DECIMAL_FROM_FIXED;
        }
        if (type instanceof ArrowType.Utf8) {
          return UUID_TEXT;
        }
        return COPY_FIXED;
      case BYTE_ARRAY:
        return type instanceof ArrowType.Decimal ? DECIMAL_FROM_BINARY : COPY_BINARY;
      default:
        throw new IllegalArgumentException("no decoding for physical type " + physical);
    }
  }

  private static boolean isUnsigned(ParquetColumn column) {
    var element = column.element();
    if (element.getLogicalType() != null) {
      return element.getLogicalType().isSetINTEGER()
          && !element.getLogicalType().getINTEGER().isIsSigned();
    }
    var converted = element.getConverted_type();
    return converted != null && converted.name().startsWith("UINT_");
  }
}
