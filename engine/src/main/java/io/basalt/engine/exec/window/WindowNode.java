package io.basalt.engine.exec.window;

import io.basalt.engine.exec.BatchSink;
import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.EmptyStream;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.QueryRun;
import io.basalt.engine.exec.SharedBatches;
import io.basalt.engine.exec.setop.ValuesNode;
import io.basalt.engine.exec.sort.ParallelTasks;
import io.basalt.engine.exec.sort.RowSpace;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Window functions (SQL {@code OVER}): a pipeline breaker whose output is every input row with one
 * more column per window function, group after group (Calcite's {@code Window} row type).
 *
 * <p>Every copy of the input is drained into its own buffer; each {@link WindowGroup} is then
 * evaluated over all rows by a {@link GroupEvaluator} (hash partitioning, per-bucket sorts and
 * evaluation on the run's workers) into arrays indexed by row number. The output batches are the
 * input batches themselves with the result columns appended, built in parallel: input values are
 * never copied or reordered. An ordered input (a sort below) keeps its order: its batches are
 * returned in sequence from copy 0.
 */
public final class WindowNode implements PhysicalNode {
  private final PhysicalNode input;
  private final List<WindowGroup> groups;
  private final Schema schema;

  /** @param schema the input's fields followed by every function's output field, group by group */
  public WindowNode(PhysicalNode input, List<WindowGroup> groups, Schema schema) {
    this.input = input;
    this.groups = List.copyOf(groups);
    this.schema = schema;
    int expected = input.schema().getFields().size();
    for (WindowGroup g : groups) {
      expected += g.functions().size();
    }
    if (expected != schema.getFields().size()) {
      throw new IllegalArgumentException("window schema has " + schema.getFields().size()
          + " fields, expected " + expected);
    }
  }

  public List<WindowGroup> groups() {
    return groups;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public List<PhysicalNode> inputs() {
    return List.of(input);
  }

  @Override
  public boolean ordered() {
    return input.ordered();
  }

  @Override
  public String name() {
    return "Window";
  }

  @Override
  public void prepare(QueryRun run) throws Exception {
    input.prepare(run);
    int copies = run.copies(input);
    List<List<VectorSchemaRoot>> buffers = new ArrayList<>();
    for (int i = 0; i < copies; i++) {
      buffers.add(new ArrayList<>());
    }
    List<VectorSchemaRoot> all = new ArrayList<>();
    try {
      run.drain(input, copy -> (BatchSink) batch -> {
        if (batch.getRowCount() == 0) {
          batch.close();
        } else {
          buffers.get(copy).add(batch);
        }
      });
      for (List<VectorSchemaRoot> b : buffers) {
        all.addAll(b);
        b.clear();
      }
      List<VectorSchemaRoot> out = all.isEmpty() ? List.of() : evaluate(run, all);
      all.clear(); // the output batches own the input vectors now
      run.putState(this, new SharedBatches(out));
    } finally {
      for (List<VectorSchemaRoot> b : buffers) {
        b.forEach(VectorSchemaRoot::close);
      }
      all.forEach(VectorSchemaRoot::close);
    }
  }

  @Override
  public BatchStream open(QueryRun run, int copy) {
    SharedBatches out = run.state(this, SharedBatches.class);
    return ordered() && copy > 0 ? EmptyStream.INSTANCE : out.stream();
  }

  /**
   * The output batches: batch b's input vectors followed by its slice of every result. On success
   * the input vectors belong to the returned batches; on failure they stay the caller's.
   */
  private List<VectorSchemaRoot> evaluate(QueryRun run, List<VectorSchemaRoot> batches)
      throws Exception {
    RowSpace space = new RowSpace(batches);
    List<WindowResult> results = new ArrayList<>();
    for (WindowGroup g : groups) {
      GroupEvaluator e = new GroupEvaluator(g, space);
      e.evaluate(run);
      results.addAll(e.results());
    }
    BufferAllocator allocator = run.context().allocator();
    VectorSchemaRoot[] defaults = new VectorSchemaRoot[results.size()];
    @SuppressWarnings("unchecked")
    List<FieldVector>[] columns = new List[batches.size()];
    try {
      for (int f = 0; f < results.size(); f++) {
        WindowFunction fn = results.get(f).function;
        if (fn.defaultValue() != null) {
          Schema one = new Schema(List.of(fn.output()));
          defaults[f] = ValuesNode.batch(one, List.<Object[]>of(new Object[] {fn.defaultValue()}),
              allocator);
        }
      }
      ParallelTasks.run(run, batches.size(), b -> {
        List<FieldVector> cols = new ArrayList<>(results.size());
        columns[b] = cols;
        for (int f = 0; f < results.size(); f++) {
          cols.add(results.get(f).vector(space, b,
              defaults[f] == null ? null : defaults[f].getVector(0), allocator));
        }
      });
    } catch (Exception | Error e) {
      for (List<FieldVector> cols : columns) {
        if (cols != null) {
          cols.forEach(FieldVector::close);
        }
      }
      throw e;
    } finally {
      for (VectorSchemaRoot d : defaults) {
        if (d != null) {
          d.close();
        }
      }
    }
    List<VectorSchemaRoot> out = new ArrayList<>(batches.size());
    for (int b = 0; b < batches.size(); b++) {
      VectorSchemaRoot in = batches.get(b);
      List<FieldVector> vectors = new ArrayList<>(in.getFieldVectors());
      vectors.addAll(columns[b]);
      VectorSchemaRoot root = new VectorSchemaRoot(vectors);
      root.setRowCount(in.getRowCount());
      out.add(root);
    }
    return out;
  }
}
