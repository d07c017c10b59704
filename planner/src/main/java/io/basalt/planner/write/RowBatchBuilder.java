package io.basalt.planner.write;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Collects rows in Calcite's runtime representation (Integer epoch days for DATE, Long epoch millis
 * for TIMESTAMP, Integer millis of day for TIME, BigDecimal, String, ByteString, boxed numbers)
 * into Arrow batches of a fixed schema. A DECIMAL value is stored at its column's declared scale
 * (rounding half up, as a cast to the column type would); one that does not fit the declared
 * precision is an error.
 */
final class RowBatchBuilder implements AutoCloseable {
  private final Schema schema;
  private final BufferAllocator allocator;
  private final int capacity;
  private VectorSchemaRoot batch;
  private List<FieldVector> vectors;
  private int rows;

  RowBatchBuilder(Schema schema, BufferAllocator allocator, int capacity) {
    this.schema = schema;
    this.allocator = allocator;
    this.capacity = capacity;
  }

  /** Adds one row; true when the batch is full and should be {@linkplain #take taken}. */
  boolean add(Object[] row) {
    if (batch == null) {
      batch = VectorSchemaRoot.create(schema, allocator);
      batch.allocateNew();
      vectors = batch.getFieldVectors();
      rows = 0;
    }
    for (int c = 0; c < row.length; c++) {
      set(vectors.get(c), rows, row[c]);
    }
    rows++;
    return rows >= capacity;
  }

  /** The rows added since the last take, as a batch the caller owns; null if there are none. */
  VectorSchemaRoot take() {
    if (batch == null) {
      return null;
    }
    for (FieldVector v : vectors) {
      v.setValueCount(rows);
    }
    batch.setRowCount(rows);
    VectorSchemaRoot out = batch;
    batch = null;
    return out;
  }

  private static void set(FieldVector v, int i, Object value) {
    if (value == null) {
      v.setNull(i);
      return;
    }
    if (v instanceof BitVector b) {
      b.setSafe(i, (Boolean) value ? 1 : 0);
    } else if (v instanceof TinyIntVector t) {
      t.setSafe(i, ((Number) value).byteValue());
    } else if (v instanceof SmallIntVector s) {
      s.setSafe(i, ((Number) value).shortValue());
    } else if (v instanceof IntVector n) {
      n.setSafe(i, ((Number) value).intValue());
    } else if (v instanceof BigIntVector n) {
      n.setSafe(i, ((Number) value).longValue());
    } else if (v instanceof Float4Vector f) {
      f.setSafe(i, ((Number) value).floatValue());
    } else if (v instanceof Float8Vector f) {
      f.setSafe(i, ((Number) value).doubleValue());
    } else if (v instanceof DecimalVector d) {
      BigDecimal x = value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
      BigDecimal scaled = x.setScale(d.getScale(), RoundingMode.HALF_UP);
      if (scaled.precision() > d.getPrecision()) {
        throw new ArithmeticException("value " + x + " does not fit column '" + v.getField().getName()
            + "' of type DECIMAL(" + d.getPrecision() + "," + d.getScale() + ")");
      }
      d.setSafe(i, scaled);
    } else if (v instanceof VarCharVector s) {
      s.setSafe(i, value.toString().getBytes(StandardCharsets.UTF_8));
    } else if (v instanceof VarBinaryVector b) {
      b.setSafe(i, value instanceof ByteString bs ? bs.getBytes() : (byte[]) value);
    } else if (v instanceof DateDayVector d) {
      d.setSafe(i, value instanceof java.sql.Date sd ? (int) sd.toLocalDate().toEpochDay()
          : ((Number) value).intValue());
    } else if (v instanceof TimeMilliVector t) {
      t.setSafe(i, value instanceof java.sql.Time st ? (int) (st.toLocalTime().toNanoOfDay() / 1_000_000)
          : ((Number) value).intValue());
    } else if (v instanceof TimeStampVector t) {
      long millis = value instanceof java.sql.Timestamp ts ? ts.getTime() : ((Number) value).longValue();
      t.setSafe(i, millis * 1000L);
    } else {
      throw new IllegalStateException("no writer for vector " + v.getClass().getSimpleName());
    }
  }

  @Override
  public void close() {
    if (batch != null) {
      batch.close();
      batch = null;
    }
  }
}
