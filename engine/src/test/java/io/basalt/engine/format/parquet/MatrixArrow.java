package io.basalt.engine.format.parquet;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Reads one Arrow cell into the normalised form {@link MatrixColumns} expects: Long for integers,
 * dates, times and timestamps (raw units, so no time zone conversion hides a bug), BigDecimal, boxed
 * floats (so NaN and -0.0 compare exactly), String for text, hex for binary, Boolean.
 */
final class MatrixArrow {
  private MatrixArrow() {}

  static Object value(FieldVector vector, int row) {
    if (vector.isNull(row)) {
      return null;
    }
    if (vector instanceof BitVector v) {
      return v.get(row) == 1;
    }
    if (vector instanceof DateDayVector v) {
      return (long) v.get(row);
    }
    if (vector instanceof TimeMilliVector v) {
      return (long) v.get(row);
    }
    if (vector instanceof TimeMicroVector v) {
      return v.get(row);
    }
    if (vector instanceof TimeNanoVector v) {
      return v.get(row);
    }
    if (vector instanceof TimeStampVector v) {
      return v.get(row);
    }
    if (vector instanceof BaseIntVector v) {
      return v.getValueAsLong(row);
    }
    if (vector instanceof DecimalVector v) {
      return v.getObject(row);
    }
    if (vector instanceof Float4Vector v) {
      return v.get(row);
    }
    if (vector instanceof Float8Vector v) {
      return v.get(row);
    }
    if (vector instanceof VarCharVector v) {
      return new String(v.get(row), StandardCharsets.UTF_8);
    }
    if (vector instanceof VarBinaryVector v) {
      return HexFormat.of().formatHex(v.get(row));
    }
    if (vector instanceof FixedSizeBinaryVector v) {
      return HexFormat.of().formatHex(v.get(row));
    }
    throw new AssertionError("unexpected vector " + vector.getClass().getSimpleName());
  }
}
