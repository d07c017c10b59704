package io.basalt.engine.exec.window;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.EmptyStream;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.QueryRun;
import io.basalt.engine.exec.SharedBatches;
import io.basalt.engine.exec.setop.ValuesNode;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.exec.OperatorMetrics;
import io.basalt.engine.exec.sort.ParallelTasks;
import io.basalt.engine.memory.OperatorMemory;
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
 *
 * <p>Under a memory limit, input that does not fit goes to disk partitioned by the PARTITION BY
 * columns the windows share, and is evaluated file by file ({@link WindowSpill}); a file too large
 * for memory is sorted on disk and streamed ({@link SortedWindow}).
 */
public final class WindowNode implements PhysicalNode {
  private final PhysicalNode input;
  private final List<WindowGroup> groups;
  private final Schema schema;
  private final int profileId;

  /** A window whose counters are not shown (tests). */
  public WindowNode(PhysicalNode input, List<WindowGroup> groups, Schema schema) {
    this(input, groups, schema, -1);
  }

  /**
   * @param schema the input's fields followed by every function's output field, group by group
   * @param profileId plan node id for the memory and spill counters of EXPLAIN ANALYZE (-1: none)
   */
  public WindowNode(PhysicalNode input, List<WindowGroup> groups, Schema schema, int profileId) {
    this.profileId = profileId;
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
    ExecContext context = run.context();
    BufferAllocator allocator = context.allocator();
    OperatorMemory memory = allocator.getLimit() == Long.MAX_VALUE ? null
        : new OperatorMemory(allocator, name() + " #" + profileId, run.threads());
    int[] shared = sharedPartitionKeys();
    // Rows can go to disk by a hash of the PARTITION BY columns every window shares (all to one
    // file when there are none), unless the input's order must be kept.
    WindowSpill spill = memory != null && !input.ordered()
        ? new WindowSpill(context, memory, input.schema(), shared, "window" + profileId) : null;
    long heapPerRow = WindowSpill.heapBytesPerRow(groups);
    long outputPerRow = WindowSpill.outputBytesPerRow(groups);
    int copies = run.copies(input);
    List<WindowSpill.Buffer> buffers = new ArrayList<>();
    for (int i = 0; i < copies; i++) {
      buffers.add(new WindowSpill.Buffer(spill,
          spill == null ? null : memory.newReservation("worker " + (i + 1)), heapPerRow,
          outputPerRow, shared.length));
    }
    List<VectorSchemaRoot> all = new ArrayList<>();
    boolean handedOver = false;
    try {
      run.drain(input, buffers::get);
      if (spill != null && !spill.spilling()) {
        long rows = 0;
        long held = 0;
        for (WindowSpill.Buffer b : buffers) {
          rows += b.rows;
          held += b.arrowBytes;
        }
        if (held + rows * (heapPerRow + outputPerRow) > memory.shareable()) {
          spill.start();
        }
      }
      if (spill != null && spill.spilling()) {
        for (WindowSpill.Buffer b : buffers) {
          b.flush();
        }
        spill.finish();
        run.putState(this, spill);
        handedOver = true;
        if (profileId >= 0) {
          spill.record(context.profile().operator(profileId));
        }
        return;
      }
      for (WindowSpill.Buffer b : buffers) {
        all.addAll(b.batches);
        b.batches.clear();
      }
      List<VectorSchemaRoot> out = all.isEmpty() ? List.of() : evaluate(run, all);
      all.clear(); // the output batches own the input vectors now
      run.putState(this, new SharedBatches(out));
    } finally {
      buffers.forEach(WindowSpill.Buffer::close);
      all.forEach(VectorSchemaRoot::close);
      if (spill != null && !handedOver) {
        spill.close();
      }
    }
  }

  /** The PARTITION BY columns of every window of this node (empty if they share none). */
  private int[] sharedPartitionKeys() {
    java.util.Set<Integer> shared = null;
    for (WindowGroup g : groups) {
      java.util.Set<Integer> keys = new java.util.LinkedHashSet<>();
      for (int k : g.partitionKeys()) {
        keys.add(k);
      }
      if (shared == null) {
        shared = keys;
      } else {
        shared.retainAll(keys);
      }
    }
    return shared == null ? new int[0] : shared.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public BatchStream open(QueryRun run, int copy) {
    AutoCloseable state = run.state(this, AutoCloseable.class);
    if (state instanceof WindowSpill spill) {
      OperatorMetrics metrics = profileId >= 0 ? run.context().profile().operator(profileId)
          : null;
      return new WindowSpill.Output(spill, groups,
          batches -> ParallelTasks.inline(() -> evaluate(run, batches)), metrics);
    }
    SharedBatches out = (SharedBatches) state;
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
