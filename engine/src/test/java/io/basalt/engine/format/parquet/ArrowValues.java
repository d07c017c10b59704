package io.basalt.engine.format.parquet;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Test helper: one Arrow value as the same string the DuckDB oracle query produces (see
 * {@link ParquetReaderDuckDbTest}): dates as epoch days, times and timestamps as epoch nanos,
 * binaries as upper-case hex, decimals as plain strings.
 */
final class ArrowValues {
  private ArrowValues() {}

  static String format(FieldVector vector, int row) {
    if (vector.isNull(row)) {
      return null;
    }
    if (vector instanceof DecimalVector) {
      return ((BigDecimal) vector.getObject(row)).toPlainString();
    }
    if (vector instanceof VarCharVector) {
      return new String(((VarCharVector) vector).get(row), StandardCharsets.UTF_8);
    }
    if (vector instanceof VarBinaryVector) {
      return HexFormat.of().withUpperCase().formatHex(((VarBinaryVector) vector).get(row));
    }
    if (vector instanceof FixedSizeBinaryVector) {
      return HexFormat.of().withUpperCase().formatHex(((FixedSizeBinaryVector) vector).get(row));
    }
    if (vector instanceof DateDayVector) {
      return String.valueOf(((DateDayVector) vector).get(row));
    }
    if (vector instanceof TimeMilliVector) {
      return String.valueOf(((TimeMilliVector) vector).get(row) * 1_000_000L);
    }
    if (vector instanceof TimeMicroVector) {
      return String.valueOf(((TimeMicroVector) vector).get(row) * 1_000L);
    }
    if (vector instanceof TimeNanoVector) {
      return String.valueOf(((TimeNanoVector) vector).get(row));
    }
    if (vector instanceof TimeStampVector) {
      long value = ((TimeStampVector) vector).get(row);
      TimeUnit unit = ((ArrowType.Timestamp) vector.getField().getType()).getUnit();
      switch (unit) {
        case SECOND: return String.valueOf(value * 1_000_000_000L);
        case MILLISECOND: return String.valueOf(value * 1_000_000L);
        case MICROSECOND: return String.valueOf(value * 1_000L);
        default: return String.valueOf(value);
      }
    }
    if (vector instanceof BaseIntVector) {
      return String.valueOf(vector.getObject(row));
    }
    return String.valueOf(vector.getObject(row));
  }
}
