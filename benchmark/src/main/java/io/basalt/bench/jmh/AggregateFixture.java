package io.basalt.bench.jmh;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.QueryRun;
import io.basalt.engine.exec.SharedStreamNode;
import io.basalt.engine.exec.aggregate.AggregateCall;
import io.basalt.engine.exec.aggregate.AggregateCall.Function;
import io.basalt.engine.exec.aggregate.HashAggregateNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Generated in-memory batches and the {@link HashAggregateNode} plans the aggregation benchmark
 * runs over them: the body shared by {@link HashAggregateBenchmark} and its test. Each shape
 * returns a checksum that weights every group's aggregates by its key, so a row in the wrong group
 * changes it; {@link #expectedChecksum} recomputes it row by row from the generator.
 */
public final class AggregateFixture {
  static final int BATCH_ROWS = 64 * 1024;
  private static final String[][] Q1_KEYS = {{"A", "F"}, {"N", "F"}, {"N", "O"}, {"R", "F"}};

  private AggregateFixture() {}

  /** The aggregation shapes measured. */
  public enum Shape {
    /** TPC-H Q1: two one-letter string keys, 4 groups, $SUM0 of three decimals and COUNT(*). */
    Q1_FEW_STRING_GROUPS,
    /** TPC-H Q18's inner aggregate: one BIGINT key, a group per 4 rows, $SUM0 of a decimal. */
    Q18_MANY_LONG_GROUPS
  }

  private static Field field(String name, ArrowType type) {
    return new Field(name, new FieldType(true, type, null), null);
  }

  private static final ArrowType DECIMAL = new ArrowType.Decimal(15, 2, 128);
  private static final ArrowType SUM_DECIMAL = new ArrowType.Decimal(38, 2, 128);
  private static final ArrowType BIGINT = new ArrowType.Int(64, true);

  static Schema schema(Shape shape) {
    return shape == Shape.Q1_FEW_STRING_GROUPS
        ? new Schema(List.of(field("flag", ArrowType.Utf8.INSTANCE),
            field("status", ArrowType.Utf8.INSTANCE), field("qty", DECIMAL),
            field("price", DECIMAL), field("disc", DECIMAL)))
        : new Schema(List.of(field("orderkey", BIGINT), field("qty", DECIMAL)));
  }

  static long q18Key(long row, int rows) {
    return (row * 2_654_435_761L) % Math.max(1, rows / 4);
  }

  static long qty(long row) {
    return (row % 50 + 1) * 100;
  }

  static long price(long row) {
    return row % 100_000 + 90_000;
  }

  static long disc(long row) {
    return row % 11;
  }

  /** The input batches of {@code shape}, allocated from {@code allocator}. */
  public static List<VectorSchemaRoot> batches(Shape shape, int rows, BufferAllocator allocator) {
    Schema schema = schema(shape);
    List<VectorSchemaRoot> out = new ArrayList<>();
    try {
      for (int from = 0; from < rows; from += BATCH_ROWS) {
        int n = Math.min(BATCH_ROWS, rows - from);
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        out.add(root);
        root.allocateNew();
        for (int i = 0; i < n; i++) {
          long row = from + i;
          if (shape == Shape.Q1_FEW_STRING_GROUPS) {
            String[] key = Q1_KEYS[(int) (row % 4)];
            ((VarCharVector) root.getVector(0)).setSafe(i, key[0].getBytes(StandardCharsets.UTF_8));
            ((VarCharVector) root.getVector(1)).setSafe(i, key[1].getBytes(StandardCharsets.UTF_8));
            ((DecimalVector) root.getVector(2)).setSafe(i, qty(row));
            ((DecimalVector) root.getVector(3)).setSafe(i, price(row));
            ((DecimalVector) root.getVector(4)).setSafe(i, disc(row));
          } else {
            ((BigIntVector) root.getVector(0)).setSafe(i, q18Key(row, rows));
            ((DecimalVector) root.getVector(1)).setSafe(i, qty(row));
          }
        }
        root.getFieldVectors().forEach(v -> v.setValueCount(n));
        root.setRowCount(n);
      }
      return out;
    } catch (RuntimeException e) {
      out.forEach(VectorSchemaRoot::close);
      throw e;
    }
  }

  private static AggregateCall call(Function f, int arg, String name, ArrowType type) {
    return new AggregateCall(f, arg < 0 ? new int[0] : new int[] {arg}, -1, field(name, type), null);
  }

  /**
   * Aggregates {@code batches} (left intact: the plan reads slices of them) with {@code threads}
   * workers and returns the checksum of the result.
   */
  public static long aggregate(Shape shape, List<VectorSchemaRoot> batches, int threads,
      BufferAllocator allocator) throws Exception {
    Schema schema = schema(shape);
    PhysicalNode source = new SharedStreamNode("batches", schema, ctx -> new BatchStream() {
      int next;

      @Override
      public VectorSchemaRoot next() {
        if (next >= batches.size()) {
          return null;
        }
        VectorSchemaRoot b = batches.get(next++);
        return b.slice(0, b.getRowCount()); // shares the buffers; the aggregation closes it
      }

      @Override
      public void close() {}
    });
    HashAggregateNode node;
    if (shape == Shape.Q1_FEW_STRING_GROUPS) {
      List<AggregateCall> calls = List.of(call(Function.SUM0, 2, "sum_qty", SUM_DECIMAL),
          call(Function.SUM0, 3, "sum_price", SUM_DECIMAL),
          call(Function.SUM0, 4, "sum_disc", SUM_DECIMAL), call(Function.COUNT, -1, "cnt", BIGINT));
      List<Field> out = new ArrayList<>(schema.getFields().subList(0, 2));
      calls.forEach(c -> out.add(c.output()));
      node = new HashAggregateNode(source, new int[] {0, 1}, null, calls, new Schema(out), 0);
    } else {
      List<AggregateCall> calls = List.of(call(Function.SUM0, 1, "sum_qty", SUM_DECIMAL));
      node = new HashAggregateNode(source, new int[] {0}, null, calls,
          new Schema(List.of(schema.getFields().get(0), calls.get(0).output())), 0);
    }
    long checksum = 0;
    ExecContext context = new ExecContext(allocator, BATCH_ROWS, new AtomicBoolean());
    try (QueryRun run = new QueryRun(context, threads); BatchStream result = run.execute(node)) {
      VectorSchemaRoot next;
      while ((next = result.next()) != null) {
        try (VectorSchemaRoot b = next) {
          for (int i = 0; i < b.getRowCount(); i++) {
            checksum += shape == Shape.Q1_FEW_STRING_GROUPS ? q1Term(b, i) : q18Term(b, i);
          }
        }
      }
    }
    return checksum;
  }

  private static long unscaled(VectorSchemaRoot b, int column, int row) {
    BigDecimal d = ((DecimalVector) b.getVector(column)).getObject(row);
    return d.unscaledValue().longValueExact();
  }

  private static long q1Code(String flag, String status) {
    for (int k = 0; k < Q1_KEYS.length; k++) {
      if (Q1_KEYS[k][0].equals(flag) && Q1_KEYS[k][1].equals(status)) {
        return k + 1;
      }
    }
    throw new IllegalStateException("unknown group " + flag + status);
  }

  private static long q1Term(VectorSchemaRoot b, int i) {
    long code = q1Code(b.getVector(0).getObject(i).toString(), b.getVector(1).getObject(i).toString());
    long count = ((BigIntVector) b.getVector(5)).get(i);
    return code * (unscaled(b, 2, i) + 3 * unscaled(b, 3, i) + 7 * unscaled(b, 4, i) + 11 * count);
  }

  private static long q18Term(VectorSchemaRoot b, int i) {
    long key = ((BigIntVector) b.getVector(0)).get(i);
    return (key % 1000 + 1) * unscaled(b, 1, i);
  }

  /** The checksum {@link #aggregate} must return, computed row by row from the generator. */
  public static long expectedChecksum(Shape shape, int rows) {
    long sum = 0;
    for (long row = 0; row < rows; row++) {
      if (shape == Shape.Q1_FEW_STRING_GROUPS) {
        sum += (row % 4 + 1) * (qty(row) + 3 * price(row) + 7 * disc(row) + 11);
      } else {
        sum += (q18Key(row, rows) % 1000 + 1) * qty(row);
      }
    }
    return sum;
  }
}
