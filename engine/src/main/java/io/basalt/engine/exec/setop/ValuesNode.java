package io.basalt.engine.exec.setop;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.EmptyStream;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.QueryRun;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Literal rows (SQL VALUES) as one batch from copy 0. Values are given in the engine's
 * representation of each Arrow type: Boolean; any Number for integer, floating and decimal types
 * (decimals rescaled to the column's scale); String for UTF-8; byte[] for binary; Number of epoch
 * days for DATE, of millis of day for TIME, of the timestamp's unit since the epoch for TIMESTAMP;
 * null for NULL.
 */
public final class ValuesNode implements PhysicalNode {
  private final Schema schema;
  private final List<Object[]> rows;

  public ValuesNode(Schema schema, List<Object[]> rows) {
    this.schema = schema;
    this.rows = List.copyOf(rows);
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public List<PhysicalNode> inputs() {
    return List.of();
  }

  /** All rows come from copy 0, in the order written. */
  @Override
  public boolean ordered() {
    return true;
  }

  @Override
  public String name() {
    return "Values";
  }

  @Override
  public BatchStream open(QueryRun run, int copy) {
    if (copy != 0 || rows.isEmpty()) {
      return EmptyStream.INSTANCE;
    }
    return new BatchStream() {
      private boolean done;

      @Override
      public VectorSchemaRoot next() {
        if (done) {
          return null;
        }
        done = true;
        return build(run.context().allocator());
      }

      @Override
      public void close() {
        done = true;
      }
    };
  }

  VectorSchemaRoot build(BufferAllocator allocator) {
    return batch(schema, rows, allocator);
  }

  /** {@code rows} (values as the class comment says) as one new batch the caller owns. */
  public static VectorSchemaRoot batch(Schema schema, List<Object[]> rows,
      BufferAllocator allocator) {
    List<FieldVector> vectors = new ArrayList<>();
    try {
      for (int c = 0; c < schema.getFields().size(); c++) {
        Field f = schema.getFields().get(c);
        FieldVector v = f.createVector(allocator);
        vectors.add(v);
        v.allocateNew();
        for (int r = 0; r < rows.size(); r++) {
          Object value = rows.get(r)[c];
          if (value == null) {
            v.setNull(r);
          } else {
            set(v, r, value);
          }
        }
        v.setValueCount(rows.size());
      }
    } catch (RuntimeException | Error e) {
      vectors.forEach(FieldVector::close);
      throw e;
    }
    VectorSchemaRoot root = new VectorSchemaRoot(vectors);
    root.setRowCount(rows.size());
    return root;
  }

  private static void set(FieldVector v, int r, Object value) {
    if (v instanceof BitVector b) {
      b.setSafe(r, ((Boolean) value) ? 1 : 0);
    } else if (v instanceof TinyIntVector t) {
      t.setSafe(r, ((Number) value).byteValue());
    } else if (v instanceof SmallIntVector t) {
      t.setSafe(r, ((Number) value).shortValue());
    } else if (v instanceof IntVector t) {
      t.setSafe(r, ((Number) value).intValue());
    } else if (v instanceof BigIntVector t) {
      t.setSafe(r, ((Number) value).longValue());
    } else if (v instanceof Float4Vector t) {
      t.setSafe(r, ((Number) value).floatValue());
    } else if (v instanceof Float8Vector t) {
      t.setSafe(r, ((Number) value).doubleValue());
    } else if (v instanceof DecimalVector t) {
      BigDecimal d = value instanceof BigDecimal bd ? bd : new BigDecimal(value.toString());
      t.setSafe(r, d.setScale(t.getScale(), RoundingMode.HALF_UP));
    } else if (v instanceof VarCharVector t) {
      t.setSafe(r, value.toString().getBytes(StandardCharsets.UTF_8));
    } else if (v instanceof VarBinaryVector t) {
      t.setSafe(r, (byte[]) value);
    } else if (v instanceof DateDayVector t) {
      t.setSafe(r, ((Number) value).intValue());
    } else if (v instanceof TimeMilliVector t) {
      t.setSafe(r, ((Number) value).intValue());
    } else if (v instanceof TimeStampVector t) {
      t.setSafe(r, ((Number) value).longValue());
    } else {
      throw new UnsupportedOperationException("VALUES of type " + v.getField().getType());
    }
  }
}
