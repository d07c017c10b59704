package io.basalt.engine.exec.sort;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.QueryRun;
import io.basalt.engine.exec.SharedBatches;
import io.basalt.engine.exec.setop.ValuesNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A scan stand-in: rows cut into batches of {@code batchRows}, built lazily as copies take them
 * (so a test can see how many batches a LIMIT made it produce).
 */
final class TestSource implements PhysicalNode {
  private final Schema schema;
  private final List<Object[]> rows;
  private final int batchRows;
  final AtomicInteger batchesTaken = new AtomicInteger();

  TestSource(Schema schema, List<Object[]> rows, int batchRows) {
    this.schema = schema;
    this.rows = rows;
    this.batchRows = batchRows;
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
    run.putState(this, new SharedBatches(List.of()));
  }

  @Override
  public BatchStream open(QueryRun run, int copy) {
    AtomicInteger next = new AtomicInteger();
    return new BatchStream() {
      @Override
      public VectorSchemaRoot next() {
        int b = nextBatch();
        if (b < 0) {
          return null;
        }
        batchesTaken.incrementAndGet();
        int from = b * batchRows;
        List<Object[]> part = new ArrayList<>(rows.subList(from, Math.min(rows.size(), from + batchRows)));
        return ValuesNode.batch(schema, part, run.context().allocator());
      }

      @Override
      public void close() {}
    };
  }

  private final AtomicInteger cursor = new AtomicInteger();

  private int nextBatch() {
    int b = cursor.getAndIncrement();
    return (long) b * batchRows < rows.size() ? b : -1;
  }

  void reset() {
    cursor.set(0);
    batchesTaken.set(0);
  }
}
