package io.basalt.planner.types;

import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Reads one value of an Arrow vector in the representation Calcite's row-based operators and JDBC
 * layer expect: Integer epoch days for DATE, Integer millis of day for TIME, Long epoch millis for
 * TIMESTAMP, BigDecimal for DECIMAL, String for VARCHAR, ByteString for binary. Chosen once per
 * column ({@link #forVector}), so the per-row call is a single monomorphic lambda.
 */
@FunctionalInterface
public interface RowValueReader {
  /** The value at {@code row}, or null. */
  Object read(int row);

  /** A reader over {@code vector}, whose type must be one that {@link ArrowSqlTypes} maps. */
  static RowValueReader forVector(FieldVector vector) {
    if (vector instanceof BitVector v) {
      return row -> v.isNull(row) ? null : v.get(row) != 0;
    } else if (vector instanceof TinyIntVector v) {
      return row -> v.isNull(row) ? null : v.get(row);
    } else if (vector instanceof SmallIntVector v) {
      return row -> v.isNull(row) ? null : v.get(row);
    } else if (vector instanceof IntVector v) {
      return row -> v.isNull(row) ? null : v.get(row);
    } else if (vector instanceof BigIntVector v) {
      return row -> v.isNull(row) ? null : v.get(row);
    } else if (vector instanceof Float4Vector v) {
      return row -> v.isNull(row) ? null : v.get(row);
    } else if (vector instanceof Float8Vector v) {
      return row -> v.isNull(row) ? null : v.get(row);
    } else if (vector instanceof DecimalVector v) {
      if (v.getPrecision() <= 18) {
        // The unscaled value fits a long: its low 8 bytes (little-endian), with no BigInteger.
        int scale = v.getScale();
        return row -> v.isNull(row) ? null
            : java.math.BigDecimal.valueOf(v.getDataBuffer().getLong((long) row * 16), scale);
      }
      return row -> v.isNull(row) ? null : v.getObject(row);
    } else if (vector instanceof VarCharVector v) {
      return row -> v.isNull(row) ? null : new String(v.get(row), StandardCharsets.UTF_8);
    } else if (vector instanceof VarBinaryVector v) {
      return row -> v.isNull(row) ? null : new ByteString(v.get(row));
    } else if (vector instanceof FixedSizeBinaryVector v) {
      return row -> v.isNull(row) ? null : new ByteString(v.get(row));
    } else if (vector instanceof DateDayVector v) {
      return row -> v.isNull(row) ? null : v.get(row);
    } else if (vector instanceof TimeMilliVector v) {
      return row -> v.isNull(row) ? null : v.get(row);
    } else if (vector instanceof TimeMicroVector v) {
      return row -> v.isNull(row) ? null : (int) Math.floorDiv(v.get(row), 1_000L);
    } else if (vector instanceof TimeNanoVector v) {
      return row -> v.isNull(row) ? null : (int) Math.floorDiv(v.get(row), 1_000_000L);
    } else if (vector instanceof TimeStampVector v) {
      TimeUnit unit = ((ArrowType.Timestamp) v.getField().getType()).getUnit();
      long divisor = switch (unit) {
        case SECOND -> -1;
        case MILLISECOND -> 1;
        case MICROSECOND -> 1_000;
        case NANOSECOND -> 1_000_000;
      };
      if (divisor < 0) {
        return row -> v.isNull(row) ? null : v.get(row) * 1000L;
      }
      return row -> v.isNull(row) ? null : Math.floorDiv(v.get(row), divisor);
    }
    throw new IllegalArgumentException("no row reader for vector type " + vector.getField().getType());
  }
}
