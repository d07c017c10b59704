package io.basalt.engine.exec.aggregate;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.QueryProfile;
import io.basalt.engine.exec.QueryRun;
import io.basalt.engine.spill.SpillManager;
import io.basalt.engine.exec.SharedStreamNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Builds batches from Java rows, runs aggregation plans, reads results back as Java rows. */
final class AggTesting {
  private AggTesting() {}

  static final ArrowType BIGINT = new ArrowType.Int(64, true);
  static final ArrowType INT = new ArrowType.Int(32, true);
  static final ArrowType SMALLINT = new ArrowType.Int(16, true);
  static final ArrowType DOUBLE = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
  static final ArrowType VARCHAR = ArrowType.Utf8.INSTANCE;
  static final ArrowType BOOL = ArrowType.Bool.INSTANCE;
  static final ArrowType DATE = new ArrowType.Date(DateUnit.DAY);

  static ArrowType decimal(int p, int s) {
    return new ArrowType.Decimal(p, s, 128);
  }

  static Field field(String name, ArrowType type) {
    return new Field(name, new FieldType(true, type, null), null);
  }

  /** A source node handing out {@code rows} in batches of {@code batchRows} (one shared stream). */
  static PhysicalNode source(Schema schema, List<Object[]> rows, int batchRows) {
    return new SharedStreamNode("rows", schema, ctx -> new BatchStream() {
      int next;

      @Override
      public VectorSchemaRoot next() {
        if (next >= rows.size()) {
          return null;
        }
        int n = Math.min(batchRows, rows.size() - next);
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, ctx.allocator());
        root.allocateNew();
        for (int c = 0; c < schema.getFields().size(); c++) {
          FieldVector v = root.getVector(c);
          for (int i = 0; i < n; i++) {
            set(v, i, rows.get(next + i)[c]);
          }
          v.setValueCount(n);
        }
        root.setRowCount(n);
        next += n;
        return root;
      }

      @Override
      public void close() {}
    });
  }

  private static void set(FieldVector v, int i, Object value) {
    if (value == null) {
      v.setNull(i);
    } else if (v instanceof BigIntVector b) {
      b.setSafe(i, ((Number) value).longValue());
    } else if (v instanceof IntVector b) {
      b.setSafe(i, ((Number) value).intValue());
    } else if (v instanceof SmallIntVector b) {
      b.setSafe(i, ((Number) value).shortValue());
    } else if (v instanceof DateDayVector b) {
      b.setSafe(i, ((Number) value).intValue());
    } else if (v instanceof Float8Vector b) {
      b.setSafe(i, ((Number) value).doubleValue());
    } else if (v instanceof BitVector b) {
      b.setSafe(i, (Boolean) value ? 1 : 0);
    } else if (v instanceof DecimalVector b) {
      b.setSafe(i, ((BigDecimal) value).setScale(b.getScale()));
    } else if (v instanceof VarCharVector b) {
      b.setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8));
    } else {
      throw new IllegalArgumentException(v.getClass().getName());
    }
  }

  /** Runs {@code node} with {@code threads} workers; every buffer must be released after. */
  static List<List<Object>> run(PhysicalNode node, int threads, int batchRows) throws Exception {
    return run(node, threads, batchRows, Long.MAX_VALUE, new QueryProfile(),
        SpillManager.temporary());
  }

  /**
   * Runs {@code node} under a memory limit of {@code limitBytes} (the query allocator's), recording
   * into {@code profile} and spilling through {@code spill}, which the run deletes when it ends.
   */
  static List<List<Object>> run(PhysicalNode node, int threads, int batchRows, long limitBytes,
      QueryProfile profile, SpillManager spill) throws Exception {
    List<List<Object>> out = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator(limitBytes)) {
      ExecContext context = new ExecContext(allocator, batchRows, new AtomicBoolean(),
          io.basalt.engine.pushdown.ParameterValues.NONE, profile, spill);
      try (QueryRun run = new QueryRun(context, threads)) {
        try (BatchStream s = run.execute(node)) {
          VectorSchemaRoot next;
          while ((next = s.next()) != null) {
            try (VectorSchemaRoot b = next) {
              if (b.getRowCount() > batchRows) {
                throw new AssertionError("batch of " + b.getRowCount() + " rows");
              }
              for (int i = 0; i < b.getRowCount(); i++) {
                List<Object> row = new ArrayList<>();
                for (FieldVector v : b.getFieldVectors()) {
                  row.add(read(v, i));
                }
                out.add(row);
              }
            }
          }
        }
      }
    }
    return out;
  }

  static Object read(FieldVector v, int i) {
    if (v.isNull(i)) {
      return null;
    }
    Object o = v.getObject(i);
    if (v instanceof VarCharVector) {
      return o.toString();
    }
    if (o instanceof Short s) {
      return s.longValue();
    }
    if (o instanceof Integer n) {
      return n.longValue();
    }
    if (o instanceof BigDecimal d) {
      return d.stripTrailingZeros();
    }
    return o;
  }

  /** Rows in a canonical order (nulls first), for order-insensitive comparison. */
  static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort(ROWS);
    return copy;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final Comparator<List<Object>> ROWS = (a, b) -> {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      Object x = a.get(i);
      Object y = b.get(i);
      if (x == null || y == null) {
        if (x != y) {
          return x == null ? -1 : 1;
        }
        continue;
      }
      int c = x instanceof byte[] bx ? Arrays.compare(bx, (byte[]) y) : ((Comparable) x).compareTo(y);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  };
}
