package io.basalt.engine.exec;

import io.basalt.engine.spill.SpillFile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * A subtree that several parents read — a WITH query referenced twice, as in TPC-H Q15's
 * {@code revenue0} — run once per execution instead of once per reference. The first {@link
 * #reader() reader} to prepare drains the subtree; every reader then streams all of its output.
 *
 * <p>The output stays in memory while it takes at most an eighth of memory_limit (each reader
 * hands out zero-copy views of the kept batches, which share their buffers' reference counts);
 * beyond that it goes to a spill file that each reader reads back, so sharing never needs more
 * memory than computing the subtree twice would.
 */
public final class SharedResult {
  /** The share of memory_limit the kept output may take before it moves to disk. */
  private static final int MEMORY_SHARE_DIVISOR = 8;

  private final PhysicalNode input;
  /** The key of the shared output in the run's state. */
  private final PhysicalNode anchor;

  /** Shares {@code input}'s output among the nodes {@link #reader} returns. */
  public SharedResult(PhysicalNode input) {
    this.input = input;
    this.anchor = new Anchor();
  }

  /** A node that streams the whole shared output; one per parent. */
  public PhysicalNode reader() {
    return new Reader();
  }

  private Output prepareOnce(QueryRun run) throws Exception {
    synchronized (anchor) {
      Output existing = run.stateOrNull(anchor, Output.class);
      if (existing != null) {
        return existing;
      }
      input.prepare(run);
      long limit = run.context().allocator().getLimit();
      Output out = new Output(run, input.schema(),
          limit == Long.MAX_VALUE ? Long.MAX_VALUE : limit / MEMORY_SHARE_DIVISOR);
      run.putState(anchor, out); // closed with the run, even if the drain fails
      run.drain(input, copy -> out::accept);
      out.finish();
      return out;
    }
  }

  /** The kept output: batches in memory, or (past the budget) a finished spill file. */
  private static final class Output implements AutoCloseable {
    private final QueryRun run;
    private final Schema schema;
    private final long budget;
    private final List<VectorSchemaRoot> batches = new ArrayList<>();
    private long bytes;
    private SpillFile file;

    Output(QueryRun run, Schema schema, long budget) {
      this.run = run;
      this.schema = schema;
      this.budget = budget;
    }

    synchronized void accept(VectorSchemaRoot batch) {
      if (batch.getRowCount() == 0) {
        batch.close();
        return;
      }
      if (file != null) {
        try (batch) {
          file.write(batch);
        }
        return;
      }
      batches.add(batch);
      bytes += bytesOf(batch);
      if (bytes > budget) {
        file = run.context().spill().newFile("shared result", schema);
        for (VectorSchemaRoot b : batches) {
          try (b) {
            file.write(b);
          }
        }
        batches.clear();
      }
    }

    synchronized void finish() {
      if (file != null) {
        file.finish();
      }
    }

    private static long bytesOf(VectorSchemaRoot batch) {
      long n = 0;
      for (FieldVector v : batch.getFieldVectors()) {
        n += v.getBufferSize();
      }
      return n;
    }

    @Override
    public synchronized void close() {
      for (VectorSchemaRoot b : batches) {
        b.close();
      }
      batches.clear();
      // A spill file is deleted with the query's spill folder.
    }
  }

  /** A view of {@code batch} that shares its buffers; closing either leaves the other intact. */
  private static VectorSchemaRoot view(VectorSchemaRoot batch) {
    List<FieldVector> vectors = new ArrayList<>(batch.getFieldVectors().size());
    try {
      for (FieldVector v : batch.getFieldVectors()) {
        TransferPair t = v.getTransferPair(v.getAllocator());
        t.splitAndTransfer(0, batch.getRowCount());
        vectors.add((FieldVector) t.getTo());
      }
    } catch (RuntimeException e) {
      vectors.forEach(FieldVector::close);
      throw e;
    }
    VectorSchemaRoot out = new VectorSchemaRoot(vectors);
    out.setRowCount(batch.getRowCount());
    return out;
  }

  /** Where one reader is: the next kept batch to hand out. */
  private record Cursor(Output output, AtomicInteger next) implements AutoCloseable {
    @Override
    public void close() {}
  }

  private final class Reader implements PhysicalNode {
    @Override
    public Schema schema() {
      return input.schema();
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of(); // the subtree is prepared and drained by the first reader only
    }

    @Override
    public boolean ordered() {
      return input.ordered(); // then one copy drained it in order, and one copy reads it back
    }

    @Override
    public void prepare(QueryRun run) throws Exception {
      run.putState(this, new Cursor(prepareOnce(run), new AtomicInteger()));
    }

    @Override
    public BatchStream open(QueryRun run, int copy) {
      Cursor cursor = run.state(this, Cursor.class);
      Output out = cursor.output();
      if (out.file != null) {
        // A spill file is one sequential stream: copy 0 reads it, the others have nothing.
        return copy == 0 ? out.file.read(run.context().allocator()) : EmptyStream.INSTANCE;
      }
      return new BatchStream() {
        @Override
        public VectorSchemaRoot next() {
          int i = cursor.next().getAndIncrement();
          if (i >= out.batches.size()) {
            return null;
          }
          return view(out.batches.get(i));
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public String name() {
      return "SharedResult";
    }
  }

  /** The state key of the shared output; never executed. */
  private final class Anchor implements PhysicalNode {
    @Override
    public Schema schema() {
      return input.schema();
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of(input);
    }

    @Override
    public BatchStream open(QueryRun run, int copy) {
      throw new IllegalStateException("the shared result is read through its readers");
    }
  }
}
