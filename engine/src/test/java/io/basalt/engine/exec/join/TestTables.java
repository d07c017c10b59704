package io.basalt.engine.exec.join;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.QueryRun;
import io.basalt.engine.exec.SharedBatches;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
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
import org.apache.arrow.vector.types.pojo.Schema;

/** Test inputs: rows of Java values served as batches of a fixed size to whichever copy asks. */
final class TestTables {
  private TestTables() {}

  /** A leaf node whose batches are made in prepare from {@code rows}. */
  static final class RowsNode implements PhysicalNode {
    final Schema schema;
    final List<Object[]> rows;
    final int batchSize;

    RowsNode(Schema schema, List<Object[]> rows, int batchSize) {
      this.schema = schema;
      this.rows = rows;
      this.batchSize = batchSize;
    }

    @Override
    public Schema schema() {
      return schema;
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of();
    }

    @Override
    public void prepare(QueryRun run) {
      List<VectorSchemaRoot> batches = new ArrayList<>();
      for (int start = 0; start < rows.size(); start += batchSize) {
        batches.add(batch(schema, rows.subList(start, Math.min(rows.size(), start + batchSize)),
            run.context().allocator()));
      }
      run.putState(this, new SharedBatches(batches));
    }

    @Override
    public BatchStream open(QueryRun run, int copy) {
      return run.state(this, SharedBatches.class).stream();
    }
  }

  /**
   * A leaf node whose batches are made as copies ask for them, so that an input larger than a
   * memory limit never exists in memory at once (what a scan does).
   */
  static final class LazyRowsNode implements PhysicalNode {
    final Schema schema;
    final List<Object[]> rows;
    final int batchSize;

    LazyRowsNode(Schema schema, List<Object[]> rows, int batchSize) {
      this.schema = schema;
      this.rows = rows;
      this.batchSize = batchSize;
    }

    @Override
    public Schema schema() {
      return schema;
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of();
    }

    @Override
    public void prepare(QueryRun run) {
      counters.put(run, new java.util.concurrent.atomic.AtomicInteger());
    }

    @Override
    public BatchStream open(QueryRun run, int copy) {
      java.util.concurrent.atomic.AtomicInteger next = counters.computeIfAbsent(run,
          r -> new java.util.concurrent.atomic.AtomicInteger());
      return new BatchStream() {
        @Override
        public VectorSchemaRoot next() {
          int start = next.getAndAdd(batchSize);
          if (start >= rows.size()) {
            return null;
          }
          return batch(schema, rows.subList(start, Math.min(rows.size(), start + batchSize)),
              run.context().allocator());
        }

        @Override
        public void close() {}
      };
    }

    private final java.util.Map<QueryRun, java.util.concurrent.atomic.AtomicInteger> counters =
        java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
  }

  static VectorSchemaRoot batch(Schema schema, List<Object[]> rows, BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    root.allocateNew();
    for (int c = 0; c < schema.getFields().size(); c++) {
      FieldVector v = root.getVector(c);
      for (int i = 0; i < rows.size(); i++) {
        set(v, i, rows.get(i)[c]);
      }
      v.setValueCount(rows.size());
    }
    root.setRowCount(rows.size());
    return root;
  }

  static void set(FieldVector v, int i, Object value) {
    if (value == null) {
      if (v instanceof VarCharVector s) {
        s.setNull(i);
      } else {
        v.setNull(i);
      }
      return;
    }
    if (v instanceof IntVector n) {
      n.setSafe(i, (Integer) value);
    } else if (v instanceof SmallIntVector n) {
      n.setSafe(i, (Short) value);
    } else if (v instanceof BigIntVector n) {
      n.setSafe(i, (Long) value);
    } else if (v instanceof DateDayVector n) {
      n.setSafe(i, (Integer) value);
    } else if (v instanceof Float8Vector n) {
      n.setSafe(i, (Double) value);
    } else if (v instanceof BitVector n) {
      n.setSafe(i, (Boolean) value ? 1 : 0);
    } else if (v instanceof DecimalVector n) {
      n.setSafe(i, (BigDecimal) value);
    } else if (v instanceof VarCharVector n) {
      n.setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8));
    } else {
      throw new IllegalArgumentException(v.getClass().getName());
    }
  }

  /** Every row of {@code batch} as Java values (strings for VARCHAR, BigDecimal, ...). */
  static List<List<Object>> rows(VectorSchemaRoot batch) {
    List<List<Object>> out = new ArrayList<>();
    for (int i = 0; i < batch.getRowCount(); i++) {
      List<Object> row = new ArrayList<>();
      for (FieldVector v : batch.getFieldVectors()) {
        Object o = v.getObject(i);
        row.add(o instanceof org.apache.arrow.vector.util.Text t ? t.toString() : o);
      }
      out.add(row);
    }
    return out;
  }
}
