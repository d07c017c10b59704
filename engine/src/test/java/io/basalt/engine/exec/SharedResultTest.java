package io.basalt.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.engine.exec.setop.UnionAllNode;
import io.basalt.engine.exec.setop.ValuesNode;
import io.basalt.engine.pushdown.ParameterValues;
import io.basalt.engine.spill.SpillManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A subtree read by two parents runs once, and each parent sees all of its rows — from memory, or
 * from a spill file when the output outgrows its share of memory_limit — with every buffer
 * released at the end (the root allocator's close fails on a leak).
 */
class SharedResultTest {
  private static final Schema SCHEMA = new Schema(List.of(
      new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
      new Field("name", FieldType.nullable(new ArrowType.Utf8()), null)));

  /** Hands out {@code batches} batches over all copies, and counts how often it is prepared. */
  private static final class CountingSource implements PhysicalNode {
    final AtomicInteger prepared = new AtomicInteger();
    final AtomicInteger cursor = new AtomicInteger();
    final int batches;
    final int rowsPerBatch;

    CountingSource(int batches, int rowsPerBatch) {
      this.batches = batches;
      this.rowsPerBatch = rowsPerBatch;
    }

    @Override
    public Schema schema() {
      return SCHEMA;
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of();
    }

    @Override
    public void prepare(QueryRun run) {
      prepared.incrementAndGet();
      cursor.set(0);
    }

    @Override
    public BatchStream open(QueryRun run, int copy) {
      return new BatchStream() {
        @Override
        public VectorSchemaRoot next() {
          int b = cursor.getAndIncrement();
          if (b >= batches) {
            return null;
          }
          List<Object[]> rows = new ArrayList<>();
          // Batch 0 is empty; the rest have NULLs and long strings.
          for (int r = 0; b > 0 && r < rowsPerBatch; r++) {
            long id = (long) b * rowsPerBatch + r;
            rows.add(new Object[] {id % 7 == 0 ? null : id,
                id % 5 == 0 ? null : "name-" + id + "x".repeat((int) (id % 300))});
          }
          return ValuesNode.batch(SCHEMA, rows, run.context().allocator());
        }

        @Override
        public void close() {}
      };
    }
  }

  private static List<String> runTwice(CountingSource source, long limit, SpillManager spill,
      int threads) throws Exception {
    List<String> out = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator(limit)) {
      ExecContext context = new ExecContext(allocator, 4096, new AtomicBoolean(),
          ParameterValues.NONE, new QueryProfile(), spill);
      SharedResult shared = new SharedResult(source);
      PhysicalNode both = new UnionAllNode(SCHEMA, List.of(shared.reader(), shared.reader()));
      try (QueryRun run = new QueryRun(context, threads); BatchStream s = run.execute(both)) {
        for (VectorSchemaRoot b = s.next(); b != null; b = s.next()) {
          try (VectorSchemaRoot batch = b) {
            BigIntVector id = (BigIntVector) batch.getVector(0);
            VarCharVector name = (VarCharVector) batch.getVector(1);
            for (int r = 0; r < batch.getRowCount(); r++) {
              out.add((id.isNull(r) ? "null" : Long.toString(id.get(r))) + "|"
                  + (name.isNull(r) ? "null" : name.getObject(r).toString()));
            }
          }
        }
      }
    }
    out.sort(null);
    return out;
  }

  private static List<String> expected(int batches, int rowsPerBatch) {
    List<String> rows = new ArrayList<>();
    for (int b = 1; b < batches; b++) {
      for (int r = 0; r < rowsPerBatch; r++) {
        long id = (long) b * rowsPerBatch + r;
        String row = (id % 7 == 0 ? "null" : Long.toString(id)) + "|"
            + (id % 5 == 0 ? "null" : "name-" + id + "x".repeat((int) (id % 300)));
        rows.add(row);
        rows.add(row);
      }
    }
    rows.sort(null);
    return rows;
  }

  @Test
  void runsOnceAndEveryReaderSeesAllRows(@TempDir Path dir) throws Exception {
    for (int threads : new int[] {1, 2}) {
      CountingSource source = new CountingSource(12, 500);
      try (SpillManager spill = new SpillManager(dir, 0)) {
        assertEquals(expected(12, 500), runTwice(source, Long.MAX_VALUE, spill, threads));
        assertEquals(0, spill.bytesWritten(), "without a limit nothing spills");
      }
      assertEquals(1, source.prepared.get(), "the shared subtree ran once");
    }
  }

  @Test
  void largeOutputsGoToDiskAndReadBackWhole(@TempDir Path dir) throws Exception {
    for (int threads : new int[] {1, 2}) {
      CountingSource source = new CountingSource(40, 1000);
      try (SpillManager spill = new SpillManager(dir, 0)) {
        // About 6 MB of output against a budget of 16 MB / 8.
        assertEquals(expected(40, 1000), runTwice(source, 16L << 20, spill, threads));
        assertTrue(spill.bytesWritten() > 0, "the output went to a spill file");
      }
      assertEquals(1, source.prepared.get());
    }
  }

  @Test
  void emptyOutput(@TempDir Path dir) throws Exception {
    CountingSource source = new CountingSource(1, 10); // one empty batch
    try (SpillManager spill = new SpillManager(dir, 0)) {
      assertEquals(List.of(), runTwice(source, Long.MAX_VALUE, spill, 2));
    }
  }
}
