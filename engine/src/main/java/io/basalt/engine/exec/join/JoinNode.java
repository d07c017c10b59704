package io.basalt.engine.exec.join;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.exec.OperatorMetrics;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.QueryRun;
import io.basalt.engine.expr.ConditionKernel;
import io.basalt.engine.memory.MemoryReservation;
import io.basalt.engine.memory.OperatorMemory;
import io.basalt.engine.vector.VectorTake;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A join that materializes one input (the build side) in {@link #prepare} and streams the other
 * (the probe side) in {@link #open}: the shared machinery of {@link HashJoinNode} (candidates from
 * a hash table on equi-join keys) and {@link NestedLoopJoinNode} (every build row is a candidate).
 *
 * <p>A probe batch is processed in chunks of at most {@code batchRows} candidate pairs (probe row,
 * build row), so one key with a huge number of matches never needs more memory than a batch. Each
 * chunk is verified key column by key column in typed loops, then filtered by the residual {@link
 * ConditionKernel} (evaluated on a batch of the candidate pairs in the join's input layout: left
 * columns, then right columns), and only then counts as a match — for outer, semi and anti joins
 * alike. Output batches gather probe columns by probe row and build columns by build row with
 * {@link VectorTake}.
 *
 * <p>Output layout: the left input's columns, then the right's (Calcite's join row type); for
 * semi and anti joins the probe (left) columns only. {@link #inputs} are in plan order (left,
 * right).
 */
public abstract class JoinNode implements PhysicalNode {
  final PhysicalNode probe;
  final PhysicalNode build;
  final JoinType type;
  final boolean buildIsLeft;
  final int[] probeKeys;
  final int[] buildKeys;
  final boolean[] nullSafe;
  final JoinKeys.Kind[] kinds;
  final ConditionKernel residual;
  /** Per column of the left ++ right layout, whether the residual reads it. */
  final boolean[] residualUses;
  final List<Field> pairFields;
  final Schema schema;
  final int profileId;
  private final List<RuntimeFilter> runtimeFilters = new ArrayList<>();

  JoinNode(PhysicalNode probe, PhysicalNode build, int[] probeKeys, int[] buildKeys,
      boolean[] nullSafe, JoinType type, boolean buildIsLeft, ConditionKernel residual,
      int[] residualColumns, List<String> outputNames, int profileId) {
    if (probeKeys.length != buildKeys.length || nullSafe.length != probeKeys.length) {
      throw new IllegalArgumentException("key lists differ in length");
    }
    if (buildIsLeft && type.probeColumnsOnly()) {
      throw new IllegalArgumentException(type + " join must build its right input");
    }
    if (!buildIsLeft && type.buildColumnsOnly()) {
      throw new IllegalArgumentException(type + " join must build its left input");
    }
    if (type == JoinType.NULL_AWARE_ANTI && (probeKeys.length != 1 || residual != null
        || nullSafe[0])) {
      throw new IllegalArgumentException("null-aware anti join needs exactly one = key and no"
          + " residual condition");
    }
    this.probe = probe;
    this.build = build;
    this.type = type;
    this.buildIsLeft = buildIsLeft;
    this.probeKeys = probeKeys.clone();
    this.buildKeys = buildKeys.clone();
    this.nullSafe = nullSafe.clone();
    this.residual = residual;
    this.profileId = profileId;
    List<Field> probeFields = probe.schema().getFields();
    List<Field> buildFields = build.schema().getFields();
    kinds = new JoinKeys.Kind[probeKeys.length];
    for (int c = 0; c < kinds.length; c++) {
      kinds[c] = JoinKeys.kind(probeFields.get(probeKeys[c]), buildFields.get(buildKeys[c]));
    }
    pairFields = new ArrayList<>(buildIsLeft ? buildFields : probeFields);
    pairFields.addAll(buildIsLeft ? probeFields : buildFields);
    residualUses = new boolean[pairFields.size()];
    if (residualColumns == null) {
      Arrays.fill(residualUses, true);
    } else {
      for (int c : residualColumns) {
        residualUses[c] = true;
      }
    }
    List<Field> layout = type.probeColumnsOnly() ? probeFields
        : type.buildColumnsOnly() ? buildFields : pairFields;
    if (outputNames != null && outputNames.size() != layout.size()) {
      throw new IllegalArgumentException("expected " + layout.size() + " output names, got "
          + outputNames.size());
    }
    List<Field> out = new ArrayList<>(layout.size());
    for (int i = 0; i < layout.size(); i++) {
      Field f = layout.get(i);
      // Outer joins make either side nullable; every engine field is nullable anyway.
      out.add(new Field(outputNames == null ? f.getName() : outputNames.get(i),
          new FieldType(true, f.getType(), f.getDictionary(), f.getMetadata()), f.getChildren()));
    }
    schema = new Schema(out);
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public List<PhysicalNode> inputs() {
    return buildIsLeft ? List.of(build, probe) : List.of(probe, build);
  }

  /** The probe side is streamed copy by copy, so its order (and single copy) carry over. */
  @Override
  public boolean ordered() {
    return probe.ordered();
  }

  /**
   * Sends build key {@code filter.key()} to a scan on the probe side as a runtime filter; the
   * planner proved that the scan's column reaches the key unchanged. Ignored (returns false) when
   * the join type may emit probe rows without a match, or the key cannot be filtered.
   */
  public boolean addRuntimeFilter(RuntimeFilter filter) {
    boolean typeAllows = switch (type) {
      case INNER, SEMI, BUILD_OUTER, BUILD_SEMI, BUILD_ANTI -> true;
      default -> false;
    };
    int k = filter.key();
    if (!typeAllows || k < 0 || k >= kinds.length || nullSafe[k] || kinds[k] != JoinKeys.Kind.LONG
        || !RuntimeFilter.supportedType(probe.schema().getFields().get(probeKeys[k]).getType())
        || !RuntimeFilter.supportedType(build.schema().getFields().get(buildKeys[k]).getType())
        || (probe.schema().getFields().get(probeKeys[k]).getType() instanceof ArrowType.Date)
            != (build.schema().getFields().get(buildKeys[k]).getType() instanceof ArrowType.Date)) {
      return false;
    }
    runtimeFilters.add(filter);
    return true;
  }

  /** The join kind relative to probe and build. */
  public JoinType joinType() {
    return type;
  }

  @Override
  public void prepare(QueryRun run) throws Exception {
    build.prepare(run);
    ExecContext context = run.context();
    BufferAllocator allocator = context.allocator();
    OperatorMemory memory = allocator.getLimit() == Long.MAX_VALUE ? null
        : new OperatorMemory(allocator, name() + " #" + profileId, run.threads());
    // A hash join can go to disk; a nested loop cannot, nor can a join whose probe order counts.
    GraceJoin grace = memory != null && kinds.length > 0 && !probe.ordered()
        ? new GraceJoin(context, memory, type, build.schema(), probe.schema(),
            "join" + profileId)
        : null;
    List<BuildCollector> collectors = new ArrayList<>();
    MemoryReservation table = null;
    BuildSide side;
    try {
      run.drain(build, copy -> {
        BuildCollector c = new BuildCollector(buildKeys, kinds, nullSafe,
            memory == null ? null : memory.newReservation("build worker " + (copy + 1)), grace);
        synchronized (collectors) {
          collectors.add(c);
        }
        return c;
      });
      if (memory != null && (grace == null || !grace.spilling())) {
        long rows = 0;
        long held = 0;
        for (BuildCollector c : collectors) {
          c.withoutTable();
          rows += c.rows;
          held += c.arrowBytes + c.heapBytes;
        }
        // Hashing copies the keys into one set of arrays and adds the table.
        long need = rows * (BuildSide.keyBytesPerRow(kinds, nullSafe)
            + BuildSide.TABLE_BYTES_PER_ROW);
        table = memory.newReservation("hash table");
        boolean fits = (grace == null || held + need <= memory.shareable())
            && table.tryResize(need);
        if (!fits) {
          if (grace == null) {
            throw table.limitExceeded(need);
          }
          grace.start();
        }
      }
      if (grace != null && grace.spilling()) {
        for (BuildCollector c : collectors) {
          c.flush();
        }
        collectors.forEach(BuildCollector::close);
        collectors.clear();
        if (table != null) {
          table.close();
        }
        prepareGrace(run, grace);
        return;
      }
      BuildSide.Sink[] sinks = new BuildSide.Sink[collectors.size()];
      for (int i = 0; i < sinks.length; i++) {
        sinks[i] = collectors.get(i).sink;
      }
      side = BuildSide.build(sinks, build.schema(), allocator, buildKeys, kinds, nullSafe,
          type.tracksBuildMatches(), run.copies(this));
      if (table != null) {
        collectors.forEach(BuildCollector::close); // the sinks are empty: their bookings go back
        // The build side's batches now count here (if others took the room meanwhile, the batches
        // are held all the same, undeclared).
        table.tryResize(table.size(), io.basalt.engine.memory.ArrowBytes.held(side.rows));
      }
      side.attach(table);
      table = null;
    } catch (Throwable t) {
      collectors.forEach(BuildCollector::close);
      if (table != null) {
        table.close();
      }
      if (grace != null) {
        grace.close();
      }
      throw t;
    }
    collectors.forEach(BuildCollector::close); // the sinks are empty: their bookings go back
    run.putState(this, side);
    if (profileId >= 0) {
      OperatorMetrics m = context.profile().operator(profileId);
      m.add("build rows", side.count);
      if (memory != null) {
        m.max("peak reserved bytes", memory.peak());
      }
    }
    for (RuntimeFilter f : runtimeFilters) {
      f.publish(run, side);
    }
    probe.prepare(run);
  }

  /**
   * The build side went to disk: ends its partitions, then drains the probe input into its own
   * partitions (so this join is a pipeline breaker on both sides now) and leaves {@code grace} as
   * the run state the probe copies take partitions from. No runtime filter is sent: there is no
   * table of all build keys to derive it from.
   */
  private void prepareGrace(QueryRun run, GraceJoin grace) throws Exception {
    run.putState(this, grace); // closed by the run from here on, also on failure
    grace.finishBuild();
    if (profileId >= 0) {
      run.context().profile().operator(profileId).add("build rows", grace.buildRows());
    }
    probe.prepare(run);
    JoinPartitions parts = grace.probe();
    run.drain(probe, copy -> {
      JoinKeys.Keys keys = new JoinKeys.Keys(probeKeys.length);
      return batch -> {
        try (batch) {
          JoinKeys.extract(batch, probeKeys, kinds, nullSafe, keys);
          parts.write(batch, keys);
        }
      };
    });
    parts.finish();
    grace.probeCopies(run.copies(this));
    if (profileId >= 0) {
      grace.record(run.context().profile().operator(profileId));
    }
  }

  @Override
  public BatchStream open(QueryRun run, int copy) throws Exception {
    OperatorMetrics metrics = profileId >= 0 ? run.context().profile().operator(profileId) : null;
    AutoCloseable state = run.state(this, AutoCloseable.class);
    if (state instanceof GraceJoin grace) {
      if (type == JoinType.NULL_AWARE_ANTI && grace.buildHasNullKey()) {
        return EMPTY; // x NOT IN (..., NULL, ...) is never TRUE
      }
      return new GraceJoinStream(this, grace, copy, metrics);
    }
    BuildSide side = (BuildSide) state;
    if (side.count == 0 && (type == JoinType.INNER || type == JoinType.SEMI
        || type == JoinType.BUILD_OUTER || type.buildColumnsOnly())) {
      return EMPTY; // nothing can match, and no probe row survives unmatched
    }
    return new ProbeStream(run.context(), side, probe.open(run, copy), metrics, side.count == 0,
        side.hasNullKey);
  }

  /**
   * The probe loop over {@code side} for the rows of {@code in} (one partition of a grace join);
   * {@code buildEmpty} and {@code buildHasNullKey} describe the whole build input, which NOT IN
   * needs.
   */
  BatchStream probeStream(ExecContext context, BuildSide side, BatchStream in, boolean buildEmpty,
      boolean buildHasNullKey) {
    return new ProbeStream(context, side, in,
        profileId >= 0 ? context.profile().operator(profileId) : null, buildEmpty,
        buildHasNullKey);
  }

  private static final BatchStream EMPTY = new BatchStream() {
    @Override
    public VectorSchemaRoot next() {
      return null;
    }

    @Override
    public void close() {}
  };

  /** A vector of {@code n} NULLs of {@code field}'s type. */
  static FieldVector nullColumn(Field field, int n, BufferAllocator allocator) {
    FieldVector v = field.createVector(allocator);
    try {
      if (v instanceof BaseFixedWidthVector fw) {
        fw.allocateNew(n);
      } else if (v instanceof BaseVariableWidthVector var) {
        var.allocateNew(1, n);
      } else {
        v.setInitialCapacity(n);
        v.allocateNew();
      }
      v.setValueCount(n);
      return v;
    } catch (RuntimeException | Error e) {
      v.close();
      throw e;
    }
  }

  /** Copy {@code copy}'s streaming probe over the shared build side. */
  private final class ProbeStream implements BatchStream {
    private final ExecContext context;
    private final BufferAllocator allocator;
    private final BuildSide side;
    private final BatchStream in;
    private final OperatorMetrics metrics;
    private final int cap;
    private final boolean fastPath;
    /** Semi and anti joins need one match per probe row: its other candidates are skipped. */
    private final boolean oneMatch;
    /** Without a residual, a fast-path key match is a match: stop at the first (semi, anti). */
    private final boolean firstKeyMatchSuffices;
    /**
     * Build-side semi and anti joins need one match per build row: a build row another candidate
     * (of any copy) already matched is skipped. The flags are read without synchronization; a
     * stale 0 costs a redundant check, never a wrong answer.
     */
    private final byte[] skipMatchedBuild;
    private final JoinKeys.Keys keys;
    private final int[] cp;
    private final int[] cb;
    private final int[] op;
    private final int[] ob;
    private final int[] sel;
    private final ArrayDeque<VectorSchemaRoot> ready = new ArrayDeque<>();
    private VectorSchemaRoot cur;
    private int curRows;
    private int[] chain = new int[0];
    private byte[] matched = new byte[0];
    private int row;
    private int nlPos;
    private int outN;
    private boolean probeDone;
    private boolean emittingBuild;
    private int emitPos;
    private boolean finished;

    /** Of the whole build input (not just this side's partition): what NOT IN needs. */
    private final boolean buildEmpty;
    private final boolean buildHasNullKey;

    ProbeStream(ExecContext context, BuildSide side, BatchStream in, OperatorMetrics metrics,
        boolean buildEmpty, boolean buildHasNullKey) {
      this.context = context;
      this.buildEmpty = buildEmpty;
      this.buildHasNullKey = buildHasNullKey;
      this.allocator = context.allocator();
      this.side = side;
      this.in = in;
      this.metrics = metrics;
      this.cap = Math.max(1, context.batchRows());
      this.fastPath = kinds.length == 1 && kinds[0] == JoinKeys.Kind.LONG && !nullSafe[0];
      this.oneMatch = type.probeColumnsOnly();
      this.firstKeyMatchSuffices = oneMatch && residual == null;
      this.skipMatchedBuild = type.buildColumnsOnly() ? side.matched : null;
      this.keys = new JoinKeys.Keys(kinds.length);
      this.cp = new int[cap];
      this.cb = new int[cap];
      this.op = new int[cap];
      this.ob = new int[cap];
      this.sel = new int[cap];
    }

    @Override
    public VectorSchemaRoot next() throws java.io.IOException {
      while (true) {
        if (!ready.isEmpty()) {
          return ready.poll();
        }
        if (finished) {
          return null;
        }
        context.checkCancelled();
        if (cur == null) {
          if (!probeDone) {
            VectorSchemaRoot b = in.next();
            if (b == null) {
              probeDone = true;
              // The last copy to finish emits the build rows nobody matched (see BuildSide).
              emittingBuild = type.tracksBuildMatches()
                  && side.probing.decrementAndGet() == 0;
              finished = !emittingBuild;
            } else if (b.getRowCount() == 0) {
              b.close();
            } else {
              startBatch(b);
            }
          } else {
            emitUnmatchedBuild();
          }
          continue;
        }
        processChunk();
      }
    }

    private void startBatch(VectorSchemaRoot b) {
      cur = b;
      curRows = b.getRowCount();
      row = 0;
      nlPos = 0;
      if (metrics != null) {
        metrics.add("probe rows", curRows);
      }
      if (matched.length < curRows) {
        matched = new byte[curRows];
        chain = new int[curRows];
      } else {
        Arrays.fill(matched, 0, curRows, (byte) 0);
      }
      if (kinds.length > 0) {
        JoinKeys.extract(b, probeKeys, kinds, nullSafe, keys);
        long[] h = keys.hashes;
        boolean[] valid = keys.valid;
        int[] heads = side.heads;
        int mask = side.mask;
        for (int i = 0; i < curRows; i++) {
          chain[i] = valid[i] ? heads[(int) h[i] & mask] : 0;
        }
      }
    }

    private void processChunk() {
      int n = kinds.length == 0 ? generateAll() : fastPath ? generateFast() : generateHashed();
      if (n > 0 && !fastPath && kinds.length > 0) {
        n = verify(n);
      }
      if (n > 0 && residual != null) {
        n = applyResidual(n);
      }
      if (n > 0) {
        dispatch(n);
      }
      if (row >= curRows) {
        endBatch();
        flush();
        cur.close();
        cur = null;
      }
    }

    /** Candidates of the single-long-key fast path: compared keys, so already verified. */
    private int generateFast() {
      int n = 0;
      long[] bk = side.lo[0];
      long[] pk = keys.lo[0];
      int[] next = side.next;
      int[] chain = this.chain;
      while (row < curRows) {
        int r = oneMatch && matched[row] != 0 ? 0 : chain[row];
        long k = pk[row];
        while (r != 0) {
          int b = r - 1;
          r = next[b];
          if (bk[b] == k && (skipMatchedBuild == null || skipMatchedBuild[b] == 0)) {
            cp[n] = row;
            cb[n] = b;
            n++;
            if (firstKeyMatchSuffices) {
              r = 0;
            }
            if (n == cap) {
              chain[row] = r;
              if (r == 0) {
                row++;
              }
              return n;
            }
          }
        }
        row++;
      }
      return n;
    }

    /** Candidates whose full hash equals the probe row's; keys are verified afterwards. */
    private int generateHashed() {
      int n = 0;
      long[] bh = side.hashes;
      long[] ph = keys.hashes;
      int[] next = side.next;
      int[] chain = this.chain;
      while (row < curRows) {
        int r = oneMatch && matched[row] != 0 ? 0 : chain[row];
        long h = ph[row];
        while (r != 0) {
          int b = r - 1;
          r = next[b];
          if (bh[b] == h && (skipMatchedBuild == null || skipMatchedBuild[b] == 0)) {
            cp[n] = row;
            cb[n] = b;
            n++;
            if (n == cap) {
              chain[row] = r;
              if (r == 0) {
                row++;
              }
              return n;
            }
          }
        }
        row++;
      }
      return n;
    }

    /** Nested loop: every build row is a candidate of every probe row. */
    private int generateAll() {
      int n = 0;
      int count = side.count;
      while (row < curRows) {
        if (oneMatch && matched[row] != 0) {
          row++;
          nlPos = 0;
          continue;
        }
        int m = Math.min(cap - n, count - nlPos);
        for (int t = 0; t < m; t++) {
          cp[n + t] = row;
          cb[n + t] = nlPos + t;
        }
        n += m;
        nlPos += m;
        if (nlPos >= count) {
          row++;
          nlPos = 0;
        }
        if (n == cap) {
          return n;
        }
      }
      return n;
    }

    /** Keeps the candidates whose keys are equal, one key column at a time. */
    private int verify(int n) {
      for (int c = 0; c < kinds.length && n > 0; c++) {
        boolean ns = nullSafe[c];
        boolean[] bn = side.nulls[c];
        boolean[] pn = keys.nulls[c];
        int m = 0;
        switch (kinds[c]) {
          case LONG -> {
            long[] b = side.lo[c];
            long[] p = keys.lo[c];
            for (int k = 0; k < n; k++) {
              int pi = cp[k];
              int bi = cb[k];
              if (b[bi] == p[pi] && (!ns || bn[bi] == pn[pi])) {
                cp[m] = pi;
                cb[m] = bi;
                m++;
              }
            }
          }
          case LONG2 -> {
            long[] b = side.lo[c];
            long[] p = keys.lo[c];
            long[] bh = side.hi[c];
            long[] ph = keys.hi[c];
            for (int k = 0; k < n; k++) {
              int pi = cp[k];
              int bi = cb[k];
              if (b[bi] == p[pi] && bh[bi] == ph[pi] && (!ns || bn[bi] == pn[pi])) {
                cp[m] = pi;
                cb[m] = bi;
                m++;
              }
            }
          }
          case BYTES -> {
            BaseVariableWidthVector pv = (BaseVariableWidthVector) cur.getVector(probeKeys[c]);
            BaseVariableWidthVector bv =
                (BaseVariableWidthVector) side.rows.getVector(buildKeys[c]);
            ArrowBuf po = pv.getOffsetBuffer();
            ArrowBuf pd = pv.getDataBuffer();
            ArrowBuf bo = bv.getOffsetBuffer();
            ArrowBuf bd = bv.getDataBuffer();
            for (int k = 0; k < n; k++) {
              int pi = cp[k];
              int bi = cb[k];
              boolean eq;
              if (ns && (bn[bi] || pn[pi])) {
                eq = bn[bi] == pn[pi];
              } else {
                eq = JoinKeys.bytesEqual(pd, po.getInt((long) pi * 4), po.getInt((long) pi * 4 + 4),
                    bd, bo.getInt((long) bi * 4), bo.getInt((long) bi * 4 + 4));
              }
              if (eq) {
                cp[m] = pi;
                cb[m] = bi;
                m++;
              }
            }
          }
          default -> throw new AssertionError(kinds[c]);
        }
        n = m;
      }
      return n;
    }

    /** Keeps the candidate pairs for which the residual condition is TRUE. */
    private int applyResidual(int n) {
      List<FieldVector> vectors = new ArrayList<>(pairFields.size());
      int probeCount = cur.getFieldVectors().size();
      int buildCount = side.rows.getFieldVectors().size();
      try {
        for (int j = 0; j < pairFields.size(); j++) {
          boolean isBuild = buildIsLeft ? j < buildCount : j >= probeCount;
          if (!residualUses[j]) {
            vectors.add(nullColumn(pairFields.get(j), n, allocator));
          } else if (isBuild) {
            vectors.add(VectorTake.take(side.rows.getVector(buildIsLeft ? j : j - probeCount),
                cb, n, allocator));
          } else {
            vectors.add(VectorTake.take(cur.getVector(buildIsLeft ? j - buildCount : j), cp, n,
                allocator));
          }
        }
      } catch (RuntimeException | Error e) {
        vectors.forEach(FieldVector::close);
        throw e;
      }
      int m;
      try (VectorSchemaRoot pairs = new VectorSchemaRoot(vectors)) {
        pairs.setRowCount(n);
        m = residual.select(pairs, sel);
      }
      if (m == n) {
        return n;
      }
      for (int k = 0; k < m; k++) {
        int s = sel[k];
        cp[k] = cp[s];
        cb[k] = cb[s];
      }
      return m;
    }

    private void dispatch(int n) {
      if (type.buildColumnsOnly()) {
        byte[] bm = side.matched;
        for (int k = 0; k < n; k++) {
          bm[cb[k]] = 1;
        }
        return;
      }
      if (type.probeColumnsOnly()) {
        for (int k = 0; k < n; k++) {
          matched[cp[k]] = 1;
        }
        return;
      }
      if (type.probeOuter()) {
        for (int k = 0; k < n; k++) {
          matched[cp[k]] = 1;
        }
      }
      if (type.buildOuter()) {
        byte[] bm = side.matched;
        for (int k = 0; k < n; k++) {
          bm[cb[k]] = 1;
        }
      }
      int done = 0;
      while (done < n) {
        if (outN == cap) {
          flush();
        }
        int m = Math.min(cap - outN, n - done);
        System.arraycopy(cp, done, op, outN, m);
        System.arraycopy(cb, done, ob, outN, m);
        outN += m;
        done += m;
      }
    }

    /** Probe rows that the join type emits on their own, once all their candidates were seen. */
    private void endBatch() {
      byte want;
      switch (type) {
        case PROBE_OUTER, FULL, ANTI -> want = 0;
        case SEMI -> want = 1;
        case NULL_AWARE_ANTI -> {
          if (!buildEmpty && buildHasNullKey) {
            return; // x NOT IN (..., NULL, ...) is never TRUE
          }
          boolean empty = buildEmpty;
          boolean[] valid = keys.valid;
          for (int i = 0; i < curRows; i++) {
            if (matched[i] == 0 && (empty || valid[i])) {
              appendSingle(i, -1);
            }
          }
          return;
        }
        default -> {
          return;
        }
      }
      for (int i = 0; i < curRows; i++) {
        if (matched[i] == want) {
          appendSingle(i, -1);
        }
      }
    }

    private void appendSingle(int p, int b) {
      if (outN == cap) {
        flush();
      }
      op[outN] = p;
      ob[outN] = b;
      outN++;
    }

    /** After the last probe: unmatched build rows (outer, anti) or matched ones (build semi). */
    private void emitUnmatchedBuild() {
      byte[] bm = side.matched;
      byte want = type == JoinType.BUILD_SEMI ? (byte) 1 : (byte) 0;
      int count = side.count;
      while (emitPos < count && outN < cap) {
        if (bm[emitPos] == want) {
          op[outN] = -1;
          ob[outN] = emitPos;
          outN++;
        }
        emitPos++;
      }
      flush();
      if (emitPos >= count) {
        finished = true;
      }
    }

    /** Turns the collected output pairs into a batch. */
    private void flush() {
      int n = outN;
      if (n == 0) {
        return;
      }
      outN = 0;
      List<Field> fields = schema.getFields();
      List<FieldVector> vectors = new ArrayList<>(fields.size());
      try {
        int probeCount = probe.schema().getFields().size();
        int buildCount = type.probeColumnsOnly() ? 0 : build.schema().getFields().size();
        for (int j = 0; j < fields.size(); j++) {
          boolean isBuild = buildIsLeft ? j < buildCount : j >= probeCount;
          int col = isBuild ? (buildIsLeft ? j : j - probeCount) : (buildIsLeft ? j - buildCount : j);
          if (!isBuild && cur == null) {
            vectors.add(nullColumn(fields.get(j), n, allocator)); // unmatched build rows
            continue;
          }
          FieldVector source = isBuild ? side.rows.getVector(col) : cur.getVector(col);
          FieldVector target = fields.get(j).createVector(allocator);
          vectors.add(target);
          VectorTake.takeInto(source, isBuild ? ob : op, n, target);
        }
      } catch (RuntimeException | Error e) {
        vectors.forEach(FieldVector::close);
        throw e;
      }
      VectorSchemaRoot out = new VectorSchemaRoot(vectors);
      out.setRowCount(n);
      ready.add(out);
    }

    @Override
    public void close() {
      if (cur != null) {
        cur.close();
        cur = null;
      }
      ready.forEach(VectorSchemaRoot::close);
      ready.clear();
      in.close();
      finished = true;
    }
  }
}
