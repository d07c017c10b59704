package io.basalt.planner.runtime;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.exec.setop.ValuesNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Rows of a row-at-a-time (Enumerable) subtree packed into Arrow batches of {@link
 * ExecContext#batchRows} rows (the fallback side of {@code EnumerableToVecConverter}). Values come
 * in Calcite's internal representation (epoch days for DATE, epoch millis for TIMESTAMP, String,
 * BigDecimal...) and are converted to the engine's (microseconds for TIMESTAMP).
 */
public final class RowBatchStream implements BatchStream {
  private final Enumerator<?> rows;
  private final Schema schema;
  private final int fields;
  private final ExecContext context;
  private final long[] timestampScale;
  private boolean done;

  public RowBatchStream(Enumerator<?> rows, Schema schema, int fields, ExecContext context) {
    this.rows = rows;
    this.schema = schema;
    this.fields = fields;
    this.context = context;
    this.timestampScale = new long[fields];
    for (int c = 0; c < fields; c++) {
      ArrowType t = schema.getFields().get(c).getType();
      timestampScale[c] = t instanceof ArrowType.Timestamp ts ? switch (ts.getUnit()) {
        case SECOND -> -1000;
        case MILLISECOND -> 1;
        case MICROSECOND -> 1000;
        case NANOSECOND -> 1_000_000;
      } : 0;
    }
  }

  @Override
  public VectorSchemaRoot next() {
    if (done) {
      return null;
    }
    int max = context.batchRows();
    List<Object[]> batch = new ArrayList<>(Math.min(max, 1024));
    while (batch.size() < max) {
      if (batch.size() % 1024 == 0) {
        context.checkCancelled();
      }
      if (!rows.moveNext()) {
        done = true;
        break;
      }
      batch.add(toRow(rows.current()));
    }
    if (batch.isEmpty()) {
      return null;
    }
    return ValuesNode.batch(schema, batch, context.allocator());
  }

  private Object[] toRow(Object current) {
    Object[] row;
    if (fields == 1 && !(current instanceof Object[] a && a.length == 1)) {
      row = new Object[] {current};
    } else {
      row = ((Object[]) current).clone();
    }
    for (int c = 0; c < fields; c++) {
      Object v = row[c];
      if (v == null) {
        continue;
      }
      if (timestampScale[c] != 0 && v instanceof Number n) {
        long s = timestampScale[c];
        row[c] = s > 0 ? n.longValue() * s : n.longValue() / -s;
      } else if (v instanceof ByteString bs) {
        row[c] = bs.getBytes();
      } else if (v instanceof Character ch) {
        row[c] = ch.toString();
      }
    }
    return row;
  }

  @Override
  public void close() {
    done = true;
    rows.close();
  }
}
