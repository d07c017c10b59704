package io.basalt.engine.exec.aggregate;

import io.basalt.engine.exec.BatchSink;
import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.QueryRun;
import io.basalt.engine.exec.OperatorMetrics;
import io.basalt.engine.memory.MemoryReservation;
import io.basalt.engine.memory.OperatorMemory;
import io.basalt.engine.exec.aggregate.AggregateCall.Function;
import io.basalt.engine.exec.aggregate.Col.LongCol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Hash aggregation, a pipeline breaker. {@link #prepare} drains the input with every worker
 * aggregating its batches into its own {@link GroupHashTable} and accumulators (partial
 * aggregation, no locks), then merges the partial results into the largest one by re-inserting the
 * other tables' groups and combining their states, and cuts the groups into result batches of at
 * most {@link ExecContext#batchRows} rows that {@link #open} hands out to the reading copies.
 *
 * <p>Output columns: the group keys (in {@code groupKeys} order), then one column per call.
 * Grouping sets (GROUPING SETS, ROLLUP, CUBE) aggregate every row once per set, with the keys
 * outside the set as NULL and the set's index as an extra hidden key, so one table holds all sets;
 * GROUPING() is computed from that index. A global aggregation (no keys, one set) returns one row
 * even over no input; with keys, no input gives no rows (except for an empty grouping set, which
 * like the global case always has its row).
 *
 * <p>Memory: every worker books its table and states in a {@link MemoryReservation}. When one
 * cannot grow (the query is at its memory_limit), the worker writes its groups — keys and partial
 * states, not results — to {@value AggregatePartitions#COUNT} spill files by key hash ({@link
 * AggregatePartitions}) and starts over with an empty table. If anything spilled, the rest is
 * spilled too at the end, and the output is produced partition by partition ({@link
 * AggregateOutput}): each partition's states are merged in a fresh table, which spills again into
 * sub-partitions (fresh hash bits) when it still does not fit. Without spilling, result batches are
 * cut lazily from the merged table, so the result never doubles the memory the table takes.
 */
public final class HashAggregateNode implements PhysicalNode {
  private final PhysicalNode input;
  private final int[] groupKeys;
  /** inSet[s][k]: whether group key k belongs to grouping set s. */
  private final boolean[][] inSet;
  private final List<AggregateCall> calls;
  private final Schema schema;
  private final int profileId;
  private final ColumnIO.Kind[] keyKinds;
  private final ColumnIO.Kind[] tableKinds;
  private final List<Field> inputFields;
  /** Rows aggregated at a time: bounds the per-batch columns a worker holds. */
  static final int CHUNK_ROWS = 8192;
  /** Keys then the state columns of each call: what a spilled group looks like. */
  private final Schema stateSchema;

  /**
   * @param groupKeys input column indexes of the group keys (output columns 0..k-1)
   * @param groupingSets each set as input column indexes (a subset of groupKeys); null or empty
   *     for plain GROUP BY (one set of all keys)
   * @param calls the aggregates (output columns k..)
   * @param schema the output schema: keys then calls; key columns must have their input's type
   * @param profileId plan node id for the "groups" counter of EXPLAIN ANALYZE
   * @throws UnsupportedOperationException when a call or a type is not supported
   */
  public HashAggregateNode(PhysicalNode input, int[] groupKeys, List<int[]> groupingSets,
      List<AggregateCall> calls, Schema schema, int profileId) {
    this.input = input;
    this.groupKeys = groupKeys.clone();
    this.calls = List.copyOf(calls);
    this.schema = schema;
    this.profileId = profileId;
    this.inputFields = input.schema().getFields();
    if (schema.getFields().size() != groupKeys.length + calls.size()) {
      throw new IllegalArgumentException("output schema has " + schema.getFields().size()
          + " columns; expected " + groupKeys.length + " keys and " + calls.size() + " calls");
    }
    List<int[]> sets = groupingSets == null || groupingSets.isEmpty()
        ? List.<int[]>of(groupKeys.clone()) : groupingSets;
    inSet = new boolean[sets.size()][groupKeys.length];
    for (int s = 0; s < sets.size(); s++) {
      for (int c : sets.get(s)) {
        int k = indexOf(groupKeys, c);
        if (k < 0) {
          throw new IllegalArgumentException("grouping set column " + c + " is not a group key");
        }
        inSet[s][k] = true;
      }
    }
    keyKinds = new ColumnIO.Kind[groupKeys.length];
    for (int k = 0; k < groupKeys.length; k++) {
      keyKinds[k] = ColumnIO.kind(inputFields.get(groupKeys[k]));
      if (!inputFields.get(groupKeys[k]).getType().equals(schema.getFields().get(k).getType())) {
        throw new IllegalArgumentException("key column " + k + " must keep its input type "
            + inputFields.get(groupKeys[k]).getType());
      }
    }
    tableKinds = Arrays.copyOf(keyKinds, keyKinds.length + (inSet.length > 1 ? 1 : 0));
    if (inSet.length > 1) {
      tableKinds[keyKinds.length] = ColumnIO.Kind.LONG;
    }
    for (AggregateCall call : calls) {
      if (call.function() == Function.GROUPING) {
        for (int a : call.args()) {
          if (indexOf(groupKeys, a) < 0) {
            throw new IllegalArgumentException("GROUPING argument " + a + " is not a group key");
          }
        }
      }
    }
    validate(inputFields, calls); // fail at plan time, not mid-query
    stateSchema = buildStateSchema();
  }

  private Schema buildStateSchema() {
    List<Field> fields = new ArrayList<>();
    for (int k = 0; k < groupKeys.length; k++) {
      fields.add(Field.nullable("k" + k, inputFields.get(groupKeys[k]).getType()));
    }
    if (inSet.length > 1) {
      fields.add(Field.nullable("grouping_set", new ArrowType.Int(64, true)));
    }
    Accumulator[] accs = newAccumulators();
    for (int c = 0; c < accs.length; c++) {
      if (accs[c] == null) {
        continue;
      }
      ColumnIO.Kind[] kinds = accs[c].stateKinds();
      for (int j = 0; j < kinds.length; j++) {
        ArrowType t = switch (kinds[j]) {
          case LONG -> new ArrowType.Int(64, true);
          case DECIMAL128 -> new ArrowType.Decimal(38, 0, 128);
          case BYTES -> ArrowType.Binary.INSTANCE;
          default -> throw new IllegalStateException("state kind " + kinds[j]);
        };
        fields.add(Field.nullable("s" + c + "_" + j, t));
      }
    }
    return new Schema(fields);
  }

  /** Fresh empty states of the calls (null for GROUPING, which needs none). */
  Accumulator[] newAccumulators() {
    Accumulator[] accs = new Accumulator[calls.size()];
    for (int c = 0; c < accs.length; c++) {
      AggregateCall call = calls.get(c);
      if (call.function() != Function.GROUPING) {
        int arg = call.arg();
        accs[c] = Accumulators.create(call, arg < 0 ? null : inputFields.get(arg));
      }
    }
    return accs;
  }

  ColumnIO.Kind[] tableKinds() {
    return tableKinds;
  }

  /** The spill files of pass {@code level} of one execution of this aggregation. */
  AggregatePartitions newPartitions(int level, ExecContext context,
      AggregatePartitions.SpillStats stats) {
    return new AggregatePartitions(stateSchema, tableKinds.length, level, context,
        "aggregate" + profileId, stats);
  }

  /** Throws {@link UnsupportedOperationException} unless every call can run over these inputs. */
  public static void validate(List<Field> inputFields, List<AggregateCall> calls) {
    for (AggregateCall call : calls) {
      if (call.filter() >= 0
          && ColumnIO.kind(inputFields.get(call.filter())) != ColumnIO.Kind.BOOL) {
        throw new UnsupportedOperationException("FILTER column is not BOOLEAN");
      }
      if (call.function() == Function.GROUPING) {
        if (!(call.output().getType() instanceof org.apache.arrow.vector.types.pojo.ArrowType.Int)) {
          throw new UnsupportedOperationException("GROUPING as " + call.output().getType());
        }
        continue;
      }
      int arg = call.arg();
      Accumulators.create(call, arg < 0 ? null : inputFields.get(arg));
    }
  }

  private static int indexOf(int[] a, int v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    return -1;
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
  public String name() {
    return "HashAggregate";
  }

  @Override
  public void prepare(QueryRun run) throws Exception {
    input.prepare(run);
    ExecContext context = run.context();
    OperatorMemory memory = new OperatorMemory(context.allocator(), name() + " #" + profileId,
        run.threads());
    Spill spill = new Spill(context);
    Partial[] partials = new Partial[run.copies(input)];
    AggregateOutput output;
    try {
      run.drain(input, copy -> partials[copy] =
          new Partial(memory.newReservation("worker " + (copy + 1)), spill));
      output = finish(partials, spill, context, memory);
    } catch (Throwable t) {
      for (Partial p : partials) {
        if (p != null) {
          p.release();
        }
      }
      throw t;
    }
    run.putState(this, output);
  }

  /**
   * Merges the workers' tables in memory when they fit, else spills them all and leaves the
   * merging to the output, partition by partition.
   */
  private AggregateOutput finish(Partial[] partials, Spill spill, ExecContext context,
      OperatorMemory memory) {
    OperatorMetrics metrics = context.profile().operator(profileId);
    partials[0].addEmptySets();
    if (!spill.started()) {
      Partial merged = mergeWithinLimit(partials);
      if (merged != null) {
        metrics.add("groups", merged.table.groupCount());
        return new AggregateOutput(this, context, memory, metrics, merged.table, merged.accs,
            merged.reservation);
      }
    }
    AggregatePartitions level0 = spill.partitions();
    for (Partial p : partials) {
      if (p.table != null) {
        p.spillAll(level0);
      }
    }
    return new AggregateOutput(this, context, memory, metrics, level0.finish(), spill.stats);
  }

  /**
   * Merges the partial tables into the largest while the merged one fits its reservation; returns
   * it, or null (with the tables not merged yet still held) when it stopped for lack of memory.
   */
  private Partial mergeWithinLimit(Partial[] partials) {
    Partial base = largest(partials);
    for (Partial p : partials) {
      if (p == base) {
        continue;
      }
      mergeInto(base, p);
      p.release();
      if (!base.reserve()) {
        return null;
      }
    }
    return base;
  }

  /** The partial with the most groups: merging into it re-inserts the fewest. */
  private static Partial largest(Partial[] partials) {
    Partial base = partials[0];
    for (Partial p : partials) {
      if (p.table.groupCount() > base.table.groupCount()) {
        base = p;
      }
    }
    return base;
  }

  private void mergeInto(Partial base, Partial p) {
    int[] map = base.table.insertAll(p.table);
    int groups = base.table.groupCount();
    for (int a = 0; a < base.accs.length; a++) {
      if (base.accs[a] != null) {
        base.accs[a].ensureGroups(groups);
        base.accs[a].merge(p.accs[a], map, p.table.groupCount());
      }
    }
  }

  @Override
  public BatchStream open(QueryRun run, int copy) {
    return run.state(this, AggregateOutput.class).stream();
  }

  /** Where the workers of one execution spill: level-0 partitions, created on the first spill. */
  final class Spill {
    private final ExecContext context;
    final AggregatePartitions.SpillStats stats = new AggregatePartitions.SpillStats();
    private AggregatePartitions level0;

    Spill(ExecContext context) {
      this.context = context;
    }

    synchronized AggregatePartitions partitions() {
      if (level0 == null) {
        level0 = newPartitions(0, context, stats);
      }
      return level0;
    }

    synchronized boolean started() {
      return level0 != null;
    }
  }

  /** Runs the whole aggregation on one thread over {@code batches}, for tests and benchmarks. */
  Partial aggregate(Iterable<VectorSchemaRoot> batches) throws Exception {
    Partial p = new Partial(null, null);
    for (VectorSchemaRoot b : batches) {
      p.accept(b);
    }
    return p;
  }

  /** Merges partial results into the one with the most groups (no memory limit: tests). */
  Partial merge(Partial[] partials) {
    Partial base = largest(partials);
    for (Partial p : partials) {
      if (p != base && p.rows > 0) {
        mergeInto(base, p);
      }
    }
    base.addEmptySets();
    return base;
  }

  /** The result batches of {@code result}; on failure, closes what it allocated. */
  List<VectorSchemaRoot> output(Partial result, ExecContext context) {
    int groups = result.table.groupCount();
    int step = Math.max(1, context.batchRows());
    List<VectorSchemaRoot> out = new ArrayList<>();
    try {
      for (int from = 0; from < groups; from += step) {
        out.add(writeBatch(result.table, result.accs, from, Math.min(step, groups - from),
            context));
      }
      return out;
    } catch (RuntimeException | Error e) {
      out.forEach(VectorSchemaRoot::close);
      throw e;
    }
  }

  /** One result batch: groups {@code [from, from + count)} of {@code table} and {@code accs}. */
  VectorSchemaRoot writeBatch(GroupHashTable table, Accumulator[] accs, int from, int count,
      ExecContext context) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, context.allocator());
    try {
      Col[] keys = table.keys();
      for (int k = 0; k < groupKeys.length; k++) {
        ColumnIO.write(keys[k], null, from, count, root.getVector(k));
      }
      for (int c = 0; c < calls.size(); c++) {
        FieldVector v = root.getVector(groupKeys.length + c);
        if (calls.get(c).function() == Function.GROUPING) {
          writeGrouping(calls.get(c), inSet.length > 1 ? (LongCol) keys[groupKeys.length] : null,
              from, count, v);
        } else {
          accs[c].write(from, count, v);
        }
      }
      root.setRowCount(count);
      return root;
    } catch (RuntimeException | Error e) {
      root.close();
      throw e;
    }
  }

  private void writeGrouping(AggregateCall call, LongCol setIds, int from, int count,
      FieldVector out) {
    int[] args = call.args();
    long[] bySet = new long[inSet.length];
    for (int s = 0; s < inSet.length; s++) {
      long v = 0;
      for (int j = 0; j < args.length; j++) {
        boolean grouped = inSet[s][indexOf(groupKeys, args[j])];
        v = (v << 1) | (grouped ? 0 : 1);
      }
      bySet[s] = v;
    }
    out.setInitialCapacity(count);
    out.allocateNew();
    for (int i = 0; i < count; i++) {
      int s = setIds == null ? 0 : (int) setIds.values[from + i];
      Accumulators.setInt(out, i, bySet[s]);
    }
    out.setValueCount(count);
  }

  /**
   * One worker's partial aggregation: its own table and states, booked in its reservation (none in
   * single-threaded tests, which never spill). Not thread-safe.
   */
  final class Partial implements BatchSink {
    GroupHashTable table;
    Accumulator[] accs;
    final MemoryReservation reservation;
    private final Spill spill;
    private final long headroom;
    long rows;
    private final Col[] keyCols = new Col[groupKeys.length];
    private final Col[] nullCols = new Col[groupKeys.length];
    private final Col[][] setCols = new Col[inSet.length][];
    private final LongCol setIdCol = new LongCol(16);
    /** Argument and filter columns by input index, extracted once per batch. */
    private final Map<Integer, Col> argCols = new LinkedHashMap<>();
    private final Map<Integer, LongCol> filterCols = new LinkedHashMap<>();
    private final Map<Integer, int[]> selections = new LinkedHashMap<>();
    private final Map<Integer, Integer> selectionCounts = new LinkedHashMap<>();
    private long[] hashes = new long[0];
    private int[] gids = new int[0];

    Partial(MemoryReservation reservation, Spill spill) {
      this.reservation = reservation;
      this.spill = spill;
      this.headroom = spill == null ? 0 : AggregatePartitions.headroom(spill.context);
      for (int k = 0; k < groupKeys.length; k++) {
        keyCols[k] = ColumnIO.newCol(keyKinds[k], 1024);
        nullCols[k] = ColumnIO.newCol(keyKinds[k], 1024);
      }
      for (int s = 0; s < inSet.length; s++) {
        Col[] cols = new Col[tableKinds.length];
        for (int k = 0; k < groupKeys.length; k++) {
          cols[k] = inSet[s][k] ? keyCols[k] : nullCols[k];
        }
        if (inSet.length > 1) {
          cols[groupKeys.length] = setIdCol;
        }
        setCols[s] = cols;
      }
      resetGroups();
      for (AggregateCall call : calls) {
        if (call.function() == Function.GROUPING) {
          continue;
        }
        int arg = call.arg();
        if (arg >= 0 && !argCols.containsKey(arg)) {
          argCols.put(arg, ColumnIO.newCol(ColumnIO.kind(inputFields.get(arg)), 1024));
        }
        if (call.filter() >= 0 && !filterCols.containsKey(call.filter())) {
          filterCols.put(call.filter(), new LongCol(1024));
        }
      }
    }

    @Override
    public void accept(VectorSchemaRoot batch) {
      try (batch) {
        int total = batch.getRowCount();
        rows += total;
        // Chunks keep the per-batch columns small (they count against the memory limit) and in
        // cache; the memory check after each chunk spills before the table outgrows its share.
        for (int from = 0; from < total; from += CHUNK_ROWS) {
          accept(batch, from, Math.min(CHUNK_ROWS, total - from));
          if (reservation != null && !reserve()) {
            spillAll(spill.partitions());
            resetGroups();
            if (!reserve()) { // not even an empty table fits: nothing left to spill
              throw reservation.limitExceeded(bytes() + headroom);
            }
          }
        }
      }
    }

    /** Aggregates rows {@code [from, from + n)} of {@code batch}. */
    private void accept(VectorSchemaRoot batch, int from, int n) {
      if (hashes.length < n) {
        hashes = new long[n];
        gids = new int[n];
      }
      for (int k = 0; k < groupKeys.length; k++) {
        ColumnIO.extract(batch.getVector(groupKeys[k]), from, n, keyCols[k], true);
        if (inSet.length > 1) {
          fillNull(nullCols[k], n);
        }
      }
      for (Map.Entry<Integer, Col> e : argCols.entrySet()) {
        ColumnIO.extract(batch.getVector(e.getKey()), from, n, e.getValue(), false);
      }
      for (Map.Entry<Integer, LongCol> e : filterCols.entrySet()) {
        LongCol f = e.getValue();
        ColumnIO.extract(batch.getVector(e.getKey()), from, n, f, false);
        int[] sel = selections.get(e.getKey());
        if (sel == null || sel.length < n) {
          sel = new int[n];
          selections.put(e.getKey(), sel);
        }
        int count = 0;
        for (int i = 0; i < n; i++) {
          if (f.values[i] != 0 && !f.isNull(i)) {
            sel[count++] = i;
          }
        }
        selectionCounts.put(e.getKey(), count);
      }
      for (int s = 0; s < inSet.length; s++) {
        if (inSet.length > 1) {
          setIdCol.reset(n);
          Arrays.fill(setIdCol.values, 0, n, s);
        }
        Col[] cols = setCols[s];
        GroupHashTable.hash(cols, n, hashes);
        table.findOrInsert(cols, hashes, n, gids);
        int groups = table.groupCount();
        for (int c = 0; c < accs.length; c++) {
          Accumulator acc = accs[c];
          if (acc == null) {
            continue;
          }
          AggregateCall call = calls.get(c);
          acc.ensureGroups(groups);
          Col arg = call.arg() < 0 ? null : argCols.get(call.arg());
          if (call.filter() >= 0) {
            acc.update(arg, gids, selections.get(call.filter()),
                selectionCounts.get(call.filter()));
          } else {
            acc.update(arg, gids, null, n);
          }
        }
      }
    }

    private void fillNull(Col c, int n) {
      c.reset(n);
      Arrays.fill(c.nulls, 0, n, true);
      c.hasNulls = true;
    }

    /** Books what the table and states take now (plus room to spill); false when it cannot. */
    boolean reserve() {
      long need = bytes() + headroom;
      return reservation == null || need <= reservation.size() || reservation.tryResize(need);
    }

    /** Heap bytes: table, states and the per-batch columns. */
    long bytes() {
      long b = AggregatePartitions.booked(table, accs) + 12L * hashes.length;
      for (Col c : keyCols) {
        b += c.bytes();
      }
      for (Col c : argCols.values()) {
        b += c.bytes();
      }
      return b;
    }

    /** Writes every group to {@code partitions} and drops the table (the states go with it). */
    void spillAll(AggregatePartitions partitions) {
      if (reservation != null) {
        reservation.tryResize(0); // its headroom is what the spill batches are allocated from
      }
      partitions.spill(table, accs);
      table = null;
      accs = null;
    }

    /** Starts over with an empty table (a global aggregation's has its one group). */
    private void resetGroups() {
      table = new GroupHashTable(tableKinds);
      accs = newAccumulators();
      Accumulators.ensureGroups(accs, table.groupCount());
    }

    /** Drops the table and gives the reservation back. */
    void release() {
      table = null;
      accs = null;
      if (reservation != null) {
        reservation.close();
      }
    }

    /** Gives every empty grouping set its row, which exists even when no input row did. */
    void addEmptySets() {
      if (inSet.length < 2) {
        return;
      }
      for (int s = 0; s < inSet.length; s++) {
        boolean empty = true;
        for (boolean b : inSet[s]) {
          empty &= !b;
        }
        if (!empty) {
          continue;
        }
        Col[] cols = new Col[tableKinds.length];
        for (int k = 0; k < groupKeys.length; k++) {
          cols[k] = ColumnIO.newCol(keyKinds[k], 1);
          fillNull(cols[k], 1);
        }
        LongCol id = new LongCol(1);
        id.append(s, false);
        cols[groupKeys.length] = id;
        long[] h = new long[1];
        GroupHashTable.hash(cols, 1, h);
        table.findOrInsert(cols, h, 1, new int[1]);
      }
      Accumulators.ensureGroups(accs, table.groupCount());
    }
  }
}
