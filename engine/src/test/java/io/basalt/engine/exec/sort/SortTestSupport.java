package io.basalt.engine.exec.sort;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.QueryRun;
import io.basalt.engine.pushdown.ParameterValues;
import io.basalt.engine.exec.QueryProfile;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.DateDayVector;

/**
 * Runs engine plans and reads their rows back as plain Java values; also the reference SQL order
 * of values and rows that the sort and window tests check the engine against.
 */
public final class SortTestSupport {
  private SortTestSupport() {}

  /** All rows of {@code root}'s output, run with {@code threads} workers. */
  static List<Object[]> run(BufferAllocator allocator, PhysicalNode root, int threads,
      int batchRows, ParameterValues params) throws Exception {
    ExecContext context = new ExecContext(allocator, batchRows, new AtomicBoolean(), params,
        new QueryProfile());
    List<Object[]> out = new ArrayList<>();
    try (QueryRun run = new QueryRun(context, threads); BatchStream s = run.execute(root)) {
      VectorSchemaRoot next;
      while ((next = s.next()) != null) {
        try (VectorSchemaRoot b = next) {
          for (int r = 0; r < b.getRowCount(); r++) {
            Object[] row = new Object[b.getFieldVectors().size()];
            for (int c = 0; c < row.length; c++) {
              row[c] = read(b.getVector(c), r);
            }
            out.add(row);
          }
        }
      }
    }
    return out;
  }

  /** The value in the representation ValuesNode takes (so rows round-trip). */
  static Object read(FieldVector v, int r) {
    if (v.isNull(r)) {
      return null;
    }
    if (v instanceof BitVector b) {
      return b.get(r) != 0;
    } else if (v instanceof Float8Vector f) {
      return f.get(r);
    } else if (v instanceof Float4Vector f) {
      return f.get(r);
    } else if (v instanceof DecimalVector d) {
      return d.getObject(r);
    } else if (v instanceof VarCharVector s) {
      return new String(s.get(r), StandardCharsets.UTF_8);
    } else if (v instanceof DateDayVector d) {
      return d.get(r);
    } else if (v instanceof TimeStampVector t) {
      return t.get(r);
    } else if (v instanceof BaseIntVector i) {
      return i.getValueAsLong(r);
    }
    throw new IllegalArgumentException(v.getField().toString());
  }

  /** The SQL order of two non-null values of one column (the reference the sort must match). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static int compareValues(Object a, Object b) {
    if (a instanceof Double x && b instanceof Double y) {
      return Double.compare(x == 0.0 ? 0.0 : x, y == 0.0 ? 0.0 : y);
    }
    if (a instanceof Float x && b instanceof Float y) {
      return Float.compare(x == 0.0f ? 0.0f : x, y == 0.0f ? 0.0f : y);
    }
    if (a instanceof String x && b instanceof String y) {
      return java.util.Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8),
          y.getBytes(StandardCharsets.UTF_8));
    }
    if (a instanceof Number x && b instanceof Number y && !(a instanceof BigDecimal)) {
      return Long.compare(x.longValue(), y.longValue());
    }
    return ((Comparable) a).compareTo(b);
  }

  /** The SQL order of two rows by {@code keys} (directions and null placement included). */
  public static int compareRows(Object[] a, Object[] b, List<SortKey> keys) {
    for (SortKey k : keys) {
      Object x = a[k.column()];
      Object y = b[k.column()];
      int c;
      if (x == null || y == null) {
        c = x == y ? 0 : (x == null) == k.nullsFirst() ? -1 : 1;
      } else {
        c = compareValues(x, y);
        if (k.descending()) {
          c = -c;
        }
      }
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
