package io.basalt.engine.exec.setop;

import io.basalt.engine.exec.BatchSink;
import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.QueryRun;
import io.basalt.engine.exec.SharedBatches;
import io.basalt.engine.exec.join.JoinKeys;
import io.basalt.engine.exec.sort.ParallelTasks;
import io.basalt.engine.exec.sort.RowGather;
import io.basalt.engine.exec.sort.RowSpace;
import io.basalt.engine.exec.sort.SortKey;
import io.basalt.engine.exec.sort.SortKeys;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * INTERSECT and EXCEPT, DISTINCT or ALL, over any number of inputs (Calcite merges chains of one
 * kind into one node): a pipeline breaker that counts, per distinct row of the first input, its
 * occurrences in every input, then emits each distinct row as many times as the operation says —
 * INTERSECT: once if every count is positive (ALL: the smallest count); EXCEPT: once if the first
 * count is positive and the others zero (ALL: first count minus the others, at least 0).
 *
 * <p>Rows compare as in GROUP BY: NULL equals NULL, -0.0 equals 0.0, NaN equals NaN. Every input
 * is drained in parallel; rows are hashed with the join's key hashing ({@link JoinKeys}) and
 * compared through the sort's key encoding ({@link SortKeys}), both per batch on the run's
 * workers; the table of distinct rows is then built and probed on one thread (open addressing).
 */
public final class HashSetOpNode implements PhysicalNode {
  private final Schema schema;
  private final List<PhysicalNode> inputs;
  private final boolean intersect;
  private final boolean all;

  /**
   * @param intersect INTERSECT (true) or EXCEPT (false)
   * @param all the ALL variant (multiset semantics)
   */
  public HashSetOpNode(Schema schema, List<PhysicalNode> inputs, boolean intersect, boolean all) {
    if (inputs.size() < 2) {
      throw new IllegalArgumentException("a set operation needs at least two inputs");
    }
    this.schema = schema;
    this.inputs = List.copyOf(inputs);
    this.intersect = intersect;
    this.all = all;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public List<PhysicalNode> inputs() {
    return inputs;
  }

  @Override
  public String name() {
    return (intersect ? "Intersect" : "Except") + (all ? "All" : "");
  }

  @Override
  public void prepare(QueryRun run) throws Exception {
    List<VectorSchemaRoot> batches = new ArrayList<>();
    List<Integer> inputOfBatch = new ArrayList<>();
    try {
      for (int in = 0; in < inputs.size(); in++) {
        PhysicalNode input = inputs.get(in);
        input.prepare(run);
        int copies = run.copies(input);
        List<List<VectorSchemaRoot>> buffers = new ArrayList<>();
        for (int c = 0; c < copies; c++) {
          buffers.add(new ArrayList<>());
        }
        try {
          run.drain(input, copy -> (BatchSink) batch -> {
            if (batch.getRowCount() == 0) {
              batch.close();
            } else {
              buffers.get(copy).add(batch);
            }
          });
        } finally {
          for (List<VectorSchemaRoot> b : buffers) {
            for (VectorSchemaRoot root : b) {
              batches.add(root);
              inputOfBatch.add(in);
            }
          }
        }
      }
      run.putState(this, new SharedBatches(compute(run, batches, inputOfBatch)));
    } finally {
      batches.forEach(VectorSchemaRoot::close);
    }
  }

  @Override
  public BatchStream open(QueryRun run, int copy) {
    return run.state(this, SharedBatches.class).stream();
  }

  private List<VectorSchemaRoot> compute(QueryRun run, List<VectorSchemaRoot> batches,
      List<Integer> inputOfBatch) throws Exception {
    if (batches.isEmpty() || inputOfBatch.get(0) != 0) {
      return List.of(); // an empty first input: nothing to emit
    }
    RowSpace space = new RowSpace(batches);
    int columns = schema.getFields().size();
    List<SortKey> keys = new ArrayList<>(columns);
    int[] cols = new int[columns];
    JoinKeys.Kind[] kinds = new JoinKeys.Kind[columns];
    boolean[] nullSafe = new boolean[columns];
    for (int c = 0; c < columns; c++) {
      keys.add(SortKey.asc(c));
      cols[c] = c;
      Field f = batches.get(0).getVector(c).getField();
      kinds[c] = JoinKeys.kind(f, f);
      nullSafe[c] = true;
    }
    SortKeys encoded = new SortKeys(space, keys);
    long[] hashes = new long[space.rows];
    ParallelTasks.run(run, batches.size(), b -> {
      encoded.encodeBatch(b);
      JoinKeys.Keys k = new JoinKeys.Keys(columns);
      JoinKeys.extract(batches.get(b), cols, kinds, nullSafe, k);
      System.arraycopy(k.hashes, 0, hashes, space.start[b], k.rows);
    });
    SortKeys.RowComparator cmp = encoded.comparator();

    int firstRows = 0;
    for (int b = 0; b < batches.size() && inputOfBatch.get(b) == 0; b++) {
      firstRows += batches.get(b).getRowCount();
    }
    int capacity = Integer.highestOneBit(Math.max(16, firstRows) * 2 - 1) << 1;
    int mask = capacity - 1;
    int[] slots = new int[capacity]; // group + 1, 0 = empty
    int[] rep = new int[firstRows];
    int groups = 0;
    int inputCount = inputs.size();
    int[][] counts = new int[inputCount][firstRows];
    for (int b = 0; b < batches.size(); b++) {
      run.context().checkCancelled();
      int in = inputOfBatch.get(b);
      int[] count = counts[in];
      for (int g = space.start[b]; g < space.start[b + 1]; g++) {
        long h = hashes[g];
        int s = (int) h & mask;
        int group = -1;
        while (slots[s] != 0) {
          int cand = slots[s] - 1;
          if (hashes[rep[cand]] == h && cmp.compare(rep[cand], g) == 0) {
            group = cand;
            break;
          }
          s = (s + 1) & mask;
        }
        if (group < 0) {
          if (in != 0) {
            continue; // a row the first input does not have never reaches the output
          }
          group = groups++;
          rep[group] = g;
          slots[s] = group + 1;
        }
        count[group]++;
      }
    }

    // How many copies of each distinct row the operation emits.
    int[] out = new int[16];
    int n = 0;
    for (int g = 0; g < groups; g++) {
      long copies;
      if (intersect) {
        long min = counts[0][g];
        for (int in = 1; in < inputCount; in++) {
          min = Math.min(min, counts[in][g]);
        }
        copies = all ? min : Math.min(min, 1);
      } else {
        long rest = 0;
        for (int in = 1; in < inputCount; in++) {
          rest += counts[in][g];
        }
        copies = all ? Math.max(0, counts[0][g] - rest) : rest == 0 ? 1 : 0;
      }
      for (long c = 0; c < copies; c++) {
        if (n == out.length) {
          out = java.util.Arrays.copyOf(out, out.length * 2);
        }
        out[n++] = rep[g];
      }
    }
    int batchRows = run.context().batchRows();
    int outBatches = (n + batchRows - 1) / batchRows;
    VectorSchemaRoot[] result = new VectorSchemaRoot[outBatches];
    BufferAllocator allocator = run.context().allocator();
    int[] rows = out;
    int total = n;
    RowGather.Sources sources = new RowGather.Sources(space);
    try {
      ParallelTasks.run(run, outBatches, i -> {
        int from = i * batchRows;
        result[i] = RowGather.gather(sources, rows, from, Math.min(batchRows, total - from),
            allocator);
      });
    } catch (Exception | Error e) {
      for (VectorSchemaRoot r : result) {
        if (r != null) {
          r.close();
        }
      }
      throw e;
    }
    return List.of(result);
  }
}
