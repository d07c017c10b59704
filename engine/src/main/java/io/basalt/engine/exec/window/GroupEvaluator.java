package io.basalt.engine.exec.window;

import io.basalt.engine.exec.QueryRun;
import io.basalt.engine.exec.join.JoinKeys;
import io.basalt.engine.exec.sort.ParallelTasks;
import io.basalt.engine.exec.sort.RowSort;
import io.basalt.engine.exec.sort.RowSpace;
import io.basalt.engine.exec.sort.SortKey;
import io.basalt.engine.exec.sort.SortKeys;
import io.basalt.engine.exec.window.WindowFrame.BoundKind;
import io.basalt.engine.exec.window.WindowFunction.Kind;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Evaluates one {@link WindowGroup} over all input rows of an execution.
 *
 * <p>Rows are hash-partitioned on the PARTITION BY keys into buckets (so that every partition lies
 * in one bucket), each bucket is sorted by (PARTITION BY, ORDER BY) with the sort operator's key
 * encoding and merge sort, and then each bucket is evaluated by one worker: partitions are the runs
 * of equal PARTITION BY keys, peer groups the runs of equal ORDER BY keys. Without PARTITION BY
 * the rows are sorted in parallel runs and merged, and evaluated as one partition.
 *
 * <p>Per partition, frames are computed once as [start, end) row positions (both bounds are
 * non-decreasing along the partition for every frame SQL allows), and every function is one typed
 * loop: ranks from the peer bounds, COUNT/SUM/AVG of integers and decimals as differences of prefix
 * sums (exact in wrap-around arithmetic), floating sums as running sums when one frame end is
 * unbounded (the same order of additions as a direct sum) and through a segment tree otherwise (a
 * difference of floating prefix sums would lose precision and turn infinities into NaN), MIN/MAX
 * through a monotonic deque of candidate rows. DISTINCT aggregates slide a multiset of dense value
 * ids along the frames; IGNORE NULLS looks positions up among the partition's non-NULL rows.
 */
final class GroupEvaluator {
  private final WindowGroup group;
  private final RowSpace space;
  private final int n;
  private final List<WindowResult> results = new ArrayList<>();
  /** Per function: the argument's values as longs (integers), or the low words of decimals. */
  private final long[][] argLongs;
  private final long[][] argHighs;
  private final double[][] argDoubles;
  /** Per function: true where the argument is NULL; null when it never is. */
  private final boolean[][] argNulls;
  /** Per function: 10^scale of a decimal argument of AVG, else 1. */
  private final double[] argScale;
  private final SortKeys.RowComparator[] argOrder;
  private int[] order;
  private int[] buckets;
  private SortKeys.RowComparator partitionCmp;
  private SortKeys.RowComparator peerCmp;
  /**
   * DISTINCT aggregates: per row, the rank of its argument value among the distinct values of its
   * partition (rows of different buckets never share a partition, so buckets share the array).
   */
  private int[] distinctIds;
  private long[] rangeKey;
  private boolean[] rangeNull;
  private final boolean needFrames;
  private final boolean needPeers;

  GroupEvaluator(WindowGroup group, RowSpace space) {
    this.group = group;
    this.space = space;
    this.n = space.rows;
    int f = group.functions().size();
    argLongs = new long[f][];
    argHighs = new long[f][];
    argDoubles = new double[f][];
    argNulls = new boolean[f][];
    argScale = new double[f];
    argOrder = new SortKeys.RowComparator[f];
    boolean frames = false;
    boolean peers = false;
    for (WindowFunction fn : group.functions()) {
      frames |= fn.kind().framed();
      peers |= fn.kind().peered();
    }
    WindowFrame frame = group.frame();
    this.needFrames = frames;
    this.needPeers = peers || (frames && !frame.rows()
        && (frame.lower().kind() == BoundKind.CURRENT_ROW || frame.upper().kind() == BoundKind.CURRENT_ROW
            || frame.rangeOffsets()));
  }

  List<WindowResult> results() {
    return results;
  }

  /** Sorts, evaluates and fills {@link #results}, using the run's workers. */
  void evaluate(QueryRun run) throws Exception {
    for (WindowFunction fn : group.functions()) {
      results.add(newResult(fn));
    }
    readArguments(run);
    arrange(run);
    int bucketCount = buckets.length - 1;
    ParallelTasks.run(run, bucketCount, b -> {
      if (buckets[b + 1] > buckets[b]) {
        new Bucket(buckets[b], buckets[b + 1]).evaluate();
      }
    });
  }

  private WindowResult newResult(WindowFunction fn) {
    return newResult(fn, fn.argument() < 0 ? null : argumentType(fn), n);
  }

  /**
   * The result holder of {@code fn} for {@code n} rows: its shape follows the function and, for
   * SUM, the argument's type ({@code argumentType}, null without an argument).
   */
  static WindowResult newResult(WindowFunction fn, ArrowType argumentType, int n) {
    return switch (fn.kind()) {
      case ROW_NUMBER, RANK, DENSE_RANK, NTILE -> new WindowResult(fn, WindowResult.Shape.LONG, n,
          false);
      case COUNT -> new WindowResult(fn, WindowResult.Shape.LONG, n, false);
      case PERCENT_RANK, CUME_DIST -> new WindowResult(fn, WindowResult.Shape.DOUBLE, n, false);
      case LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE, MIN, MAX ->
          new WindowResult(fn, WindowResult.Shape.PICK, n, true);
      case AVG -> new WindowResult(fn, WindowResult.Shape.DOUBLE, n, true);
      case SUM, SUM0 -> {
        WindowResult.Shape shape = argumentType instanceof ArrowType.FloatingPoint
            ? WindowResult.Shape.DOUBLE
            : argumentType instanceof ArrowType.Decimal ? WindowResult.Shape.DECIMAL
            : WindowResult.Shape.LONG;
        yield new WindowResult(fn, shape, n, fn.kind() == Kind.SUM);
      }
    };
  }

  private ArrowType argumentType(WindowFunction fn) {
    return space.batches.get(0).getVector(fn.argument()).getField().getType();
  }

  // ---------------------------------------------------------------- arguments

  /** Reads what the aggregates need of their argument columns, batch by batch in parallel. */
  private void readArguments(QueryRun run) throws Exception {
    List<WindowFunction> fns = group.functions();
    int batches = space.batches.size();
    for (int f = 0; f < fns.size(); f++) {
      WindowFunction fn = fns.get(f);
      Kind k = fn.kind();
      if (fn.argument() < 0 || !(k == Kind.COUNT || k == Kind.SUM || k == Kind.SUM0 || k == Kind.AVG
          || k == Kind.MIN || k == Kind.MAX || fn.ignoreNulls())) {
        continue;
      }
      boolean anyNull = false;
      for (VectorSchemaRoot b : space.batches) {
        anyNull |= b.getVector(fn.argument()).getNullCount() > 0;
      }
      if (anyNull) {
        argNulls[f] = new boolean[n];
      }
      ArrowType t = argumentType(fn);
      argScale[f] = 1;
      if (k == Kind.SUM || k == Kind.SUM0 || k == Kind.AVG) {
        if (t instanceof ArrowType.FloatingPoint) {
          argDoubles[f] = new double[n];
        } else {
          argLongs[f] = new long[n];
          // Decimals, and integers under AVG, are summed in 128 bits.
          if (t instanceof ArrowType.Decimal d) {
            argHighs[f] = new long[n];
            argScale[f] = Math.pow(10, d.getScale());
          } else if (k == Kind.AVG) {
            argHighs[f] = new long[n];
          }
        }
      }
      int fi = f;
      ParallelTasks.run(run, batches, b -> readArgument(fi, b));
      if (k == Kind.MIN || k == Kind.MAX || fn.distinct()) {
        if (fn.distinct() && distinctIds == null) {
          distinctIds = new int[n];
        }
        SortKeys keys = new SortKeys(space, List.of(SortKey.asc(fn.argument())));
        ParallelTasks.run(run, batches, keys::encodeBatch);
        argOrder[f] = keys.comparator();
      }
    }
    if (needFrames && group.frame().rangeOffsets()) {
      SortKey key = group.orderKeys().get(0);
      rangeKey = new long[n];
      boolean anyNull = false;
      for (VectorSchemaRoot b : space.batches) {
        anyNull |= b.getVector(key.column()).getNullCount() > 0;
      }
      rangeNull = anyNull ? new boolean[n] : null;
      ParallelTasks.run(run, batches, b -> {
        FieldVector v = space.batches.get(b).getVector(key.column());
        int base = space.start[b];
        readIntegers(v, base, v.getValueCount(), rangeKey);
        if (rangeNull != null) {
          for (int i = 0; i < v.getValueCount(); i++) {
            rangeNull[base + i] = v.isNull(i);
          }
        }
      });
    }
  }

  private void readArgument(int f, int b) {
    FieldVector v = space.batches.get(b).getVector(group.functions().get(f).argument());
    int base = space.start[b];
    int count = space.start[b + 1] - base;
    boolean[] nulls = argNulls[f];
    if (nulls != null && v.getNullCount() > 0) {
      for (int i = 0; i < count; i++) {
        nulls[base + i] = v.isNull(i);
      }
    }
    if (argDoubles[f] != null) {
      double[] out = argDoubles[f];
      if (v instanceof Float8Vector d) {
        ArrowBuf buf = d.getDataBuffer();
        for (int i = 0; i < count; i++) {
          out[base + i] = buf.getDouble((long) i * 8);
        }
      } else {
        ArrowBuf buf = ((Float4Vector) v).getDataBuffer();
        for (int i = 0; i < count; i++) {
          out[base + i] = buf.getFloat((long) i * 4);
        }
      }
      if (nulls != null) {
        for (int i = 0; i < count; i++) {
          if (nulls[base + i]) {
            out[base + i] = 0; // NULL adds nothing
          }
        }
      }
    } else if (argLongs[f] != null) {
      long[] lo = argLongs[f];
      long[] hi = argHighs[f];
      if (v instanceof DecimalVector d && d.getPrecision() > 18) {
        ArrowBuf buf = d.getDataBuffer();
        for (int i = 0; i < count; i++) {
          lo[base + i] = buf.getLong((long) i * 16);
          hi[base + i] = buf.getLong((long) i * 16 + 8);
        }
      } else {
        readIntegers(v, base, count, lo);
        if (hi != null) {
          for (int i = 0; i < count; i++) {
            hi[base + i] = lo[base + i] >> 63; // sign extension to 128 bits
          }
        }
      }
      if (nulls != null) {
        for (int i = 0; i < count; i++) {
          if (nulls[base + i]) {
            lo[base + i] = 0;
            if (hi != null) {
              hi[base + i] = 0;
            }
          }
        }
      }
    }
  }

  /** Integer-like values (integers, dates, timestamps, decimals of up to 18 digits) as longs. */
  private static void readIntegers(FieldVector v, int base, int count, long[] out) {
    BaseFixedWidthVector f = (BaseFixedWidthVector) v;
    ArrowBuf buf = f.getDataBuffer();
    switch (f.getTypeWidth()) {
      case 8 -> {
        for (int i = 0; i < count; i++) {
          out[base + i] = buf.getLong((long) i * 8);
        }
      }
      case 4 -> {
        for (int i = 0; i < count; i++) {
          out[base + i] = buf.getInt((long) i * 4);
        }
      }
      case 2 -> {
        for (int i = 0; i < count; i++) {
          out[base + i] = buf.getShort((long) i * 2);
        }
      }
      case 1 -> {
        for (int i = 0; i < count; i++) {
          out[base + i] = buf.getByte(i);
        }
      }
      case 16 -> { // DECIMAL of precision <= 18: the value is the low 64 bits
        for (int i = 0; i < count; i++) {
          out[base + i] = buf.getLong((long) i * 16);
        }
      }
      default -> throw new IllegalStateException("not an integer-like column: " + v.getField());
    }
  }

  // ---------------------------------------------------------------- partitioning and sorting

  /** Fills {@link #order} (row numbers grouped by bucket, sorted within) and {@link #buckets}. */
  private void arrange(QueryRun run) throws Exception {
    int[] pkeys = group.partitionKeys();
    List<SortKey> keys = new ArrayList<>();
    for (int c : pkeys) {
      keys.add(SortKey.asc(c)); // any order groups a partition; only equality matters
    }
    keys.addAll(group.orderKeys());
    if (keys.isEmpty()) {
      order = identity(n);
      buckets = new int[] {0, n};
      return;
    }
    SortKeys encoded = new SortKeys(space, keys);
    ParallelTasks.run(run, space.batches.size(), encoded::encodeBatch);
    SortKeys.RowComparator cmp = encoded.comparator();
    partitionCmp = pkeys.length == 0 ? null : encoded.comparator(0, pkeys.length);
    peerCmp = group.orderKeys().isEmpty() ? null : encoded.comparator(pkeys.length, keys.size());
    int bucketCount = pkeys.length == 0 || run.threads() == 1 || n < 4096
        ? 1 : Integer.highestOneBit(run.threads() * 8);
    if (bucketCount == 1) {
      order = RowSort.parallelSort(run, n, cmp);
      buckets = new int[] {0, n};
      return;
    }
    int[] bucketOf = new int[n];
    Field[] fields = new Field[pkeys.length];
    JoinKeys.Kind[] kinds = new JoinKeys.Kind[pkeys.length];
    boolean[] nullSafe = new boolean[pkeys.length];
    for (int k = 0; k < pkeys.length; k++) {
      fields[k] = space.batches.get(0).getVector(pkeys[k]).getField();
      kinds[k] = JoinKeys.kind(fields[k], fields[k]);
      nullSafe[k] = true; // NULL keys form one partition
    }
    int mask = bucketCount - 1;
    ParallelTasks.run(run, space.batches.size(), b -> {
      JoinKeys.Keys hk = new JoinKeys.Keys(pkeys.length);
      JoinKeys.extract(space.batches.get(b), pkeys, kinds, nullSafe, hk);
      int base = space.start[b];
      long[] h = hk.hashes;
      for (int i = 0; i < hk.rows; i++) {
        bucketOf[base + i] = (int) (h[i] >>> 40) & mask;
      }
    });
    int[] bounds = new int[bucketCount + 1];
    for (int i = 0; i < n; i++) {
      bounds[bucketOf[i] + 1]++;
    }
    for (int b = 0; b < bucketCount; b++) {
      bounds[b + 1] += bounds[b];
    }
    int[] fill = bounds.clone();
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[fill[bucketOf[i]]++] = i;
    }
    int[] tmp = new int[n];
    ParallelTasks.run(run, bucketCount, b -> RowSort.sort(rows, bounds[b], bounds[b + 1], cmp, tmp));
    order = rows;
    buckets = bounds;
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  // ---------------------------------------------------------------- evaluation

  /**
   * One bucket's evaluation: positions [from, to) of {@link #order}, scratch arrays indexed by
   * position - from. Partitions are evaluated one after another, each function over the whole
   * partition before the next function.
   */
  private final class Bucket {
    private final int from;
    private final int to;
    private final int[] peerStart;
    private final int[] peerEnd;
    private final int[] frameStart;
    private final int[] frameEnd;
    private long[] prefix;
    private long[] prefixHigh;
    private int[] counts;
    private double[] tree;
    private int[] deque;
    private int[] nonNull;
    private int[] distinctRows;
    private int[] distinctTmp;
    private int[] multiplicity;
    private int[] stamp;

    Bucket(int from, int to) {
      this.from = from;
      this.to = to;
      int m = to - from;
      peerStart = needPeers ? new int[m] : null;
      peerEnd = needPeers ? new int[m] : null;
      frameStart = needFrames ? new int[m] : null;
      frameEnd = needFrames ? new int[m] : null;
    }

    void evaluate() {
      int ps = from;
      while (ps < to) {
        int pe = ps + 1;
        if (partitionCmp == null) {
          pe = to;
        } else {
          while (pe < to && partitionCmp.compare(order[pe - 1], order[pe]) == 0) {
            pe++;
          }
        }
        partition(ps, pe);
        ps = pe;
      }
    }

    private void partition(int ps, int pe) {
      if (needPeers) {
        peers(ps, pe);
      }
      if (needFrames) {
        frames(ps, pe);
      }
      List<WindowFunction> fns = group.functions();
      for (int f = 0; f < fns.size(); f++) {
        WindowResult r = results.get(f);
        WindowFunction fn = fns.get(f);
        switch (fn.kind()) {
          case ROW_NUMBER -> {
            long[] out = r.longs;
            for (int i = ps; i < pe; i++) {
              out[order[i]] = i - ps + 1;
            }
          }
          case RANK -> {
            long[] out = r.longs;
            for (int i = ps; i < pe; i++) {
              out[order[i]] = peerStart[i - from] - ps + 1;
            }
          }
          case DENSE_RANK -> {
            long[] out = r.longs;
            long rank = 0;
            for (int i = ps; i < pe; i++) {
              if (peerStart[i - from] == i) {
                rank++;
              }
              out[order[i]] = rank;
            }
          }
          case PERCENT_RANK -> {
            double[] out = r.doubles;
            int size = pe - ps;
            for (int i = ps; i < pe; i++) {
              out[order[i]] = size == 1 ? 0.0 : (double) (peerStart[i - from] - ps) / (size - 1);
            }
          }
          case CUME_DIST -> {
            double[] out = r.doubles;
            double size = pe - ps;
            for (int i = ps; i < pe; i++) {
              out[order[i]] = (peerEnd[i - from] - ps) / size;
            }
          }
          case NTILE -> ntile(r.longs, fn.parameter(), ps, pe);
          case LAG, LEAD -> {
            if (fn.ignoreNulls() && argNulls[f] != null) {
              offsetRowIgnoringNulls(r.picks, f, fn, ps, pe);
            } else {
              offsetRow(r.picks, fn, ps, pe);
            }
          }
          case FIRST_VALUE, LAST_VALUE, NTH_VALUE -> {
            if (fn.ignoreNulls() && argNulls[f] != null) {
              frameRowIgnoringNulls(r.picks, f, fn, ps, pe);
            } else {
              frameRow(r.picks, fn, ps, pe);
            }
          }
          case COUNT, SUM, SUM0, AVG -> {
            if (fn.distinct()) {
              distinctAggregate(r, f, ps, pe);
            } else if (fn.kind() == Kind.COUNT) {
              count(r.longs, f, ps, pe);
            } else {
              sum(r, f, ps, pe);
            }
          }
          case MIN, MAX -> minMax(r.picks, f, fn.kind() == Kind.MAX, ps, pe);
          default -> throw new AssertionError(fn.kind());
        }
      }
    }

    /** Peer group bounds (equal ORDER BY keys) of every row; all rows are peers without ORDER BY. */
    private void peers(int ps, int pe) {
      if (peerCmp == null) {
        for (int i = ps; i < pe; i++) {
          peerStart[i - from] = ps;
          peerEnd[i - from] = pe;
        }
        return;
      }
      int start = ps;
      peerStart[ps - from] = ps;
      for (int i = ps + 1; i < pe; i++) {
        if (peerCmp.compare(order[i - 1], order[i]) != 0) {
          start = i;
        }
        peerStart[i - from] = start;
      }
      int end = pe;
      for (int i = pe - 1; i >= ps; i--) {
        peerEnd[i - from] = end;
        if (peerStart[i - from] == i) {
          end = i;
        }
      }
    }

    /** Frame [start, end) of every row, clamped to the partition, end never before start. */
    private void frames(int ps, int pe) {
      WindowFrame frame = group.frame();
      WindowFrame.Bound lower = frame.lower();
      WindowFrame.Bound upper = frame.upper();
      boolean rows = frame.rows();
      // Offsets beyond 2^31 reach past any partition: capping them keeps the arithmetic in range.
      long lowOff = Math.min(lower.offset(), Integer.MAX_VALUE);
      long upOff = Math.min(upper.offset(), Integer.MAX_VALUE);
      for (int i = ps; i < pe; i++) {
        long lo = switch (lower.kind()) {
          case UNBOUNDED_PRECEDING -> ps;
          case PRECEDING -> i - lowOff; // RANGE offsets are replaced below
          case CURRENT_ROW -> rows ? i : peerStart[i - from];
          case FOLLOWING -> i + lowOff;
          case UNBOUNDED_FOLLOWING -> pe;
        };
        long hi = switch (upper.kind()) {
          case UNBOUNDED_PRECEDING -> ps;
          case PRECEDING -> i - upOff + 1;
          case CURRENT_ROW -> rows ? i + 1 : peerEnd[i - from];
          case FOLLOWING -> i + upOff + 1;
          case UNBOUNDED_FOLLOWING -> pe;
        };
        frameStart[i - from] = (int) Math.max(ps, Math.min(pe, lo));
        frameEnd[i - from] = (int) Math.max(ps, Math.min(pe, hi));
      }
      if (!rows) {
        if (lower.hasOffset()) {
          rangeBound(ps, pe, lower, true, frameStart);
        }
        if (upper.hasOffset()) {
          rangeBound(ps, pe, upper, false, frameEnd);
        }
      }
      for (int i = ps; i < pe; i++) {
        int k = i - from;
        int lo = Math.max(ps, Math.min(pe, frameStart[k]));
        int hi = Math.max(lo, Math.min(pe, frameEnd[k]));
        frameStart[k] = lo;
        frameEnd[k] = hi;
      }
    }

    /**
     * A RANGE offset bound of every row: the first row whose ORDER BY value is at or past (lower)
     * or past (upper) the current value moved by the offset, found by one pointer moving forward
     * (the targets move forward with the rows). Rows with a NULL value frame their NULL peers.
     */
    private void rangeBound(int ps, int pe, WindowFrame.Bound bound, boolean lower, int[] out) {
      SortKey key = group.orderKeys().get(0);
      int nnStart = ps;
      int nnEnd = pe;
      if (rangeNull != null) {
        if (key.nullsFirst()) {
          while (nnStart < pe && rangeNull[order[nnStart]]) {
            nnStart++;
          }
        } else {
          while (nnEnd > nnStart && rangeNull[order[nnEnd - 1]]) {
            nnEnd--;
          }
        }
      }
      for (int i = ps; i < nnStart; i++) {
        out[i - from] = lower ? peerStart[i - from] : peerEnd[i - from];
      }
      for (int i = nnEnd; i < pe; i++) {
        out[i - from] = lower ? peerStart[i - from] : peerEnd[i - from];
      }
      boolean desc = key.descending();
      long off = bound.offset();
      // Towards earlier rows is towards smaller values ascending, larger values descending.
      boolean towardsSmaller = (bound.kind() == BoundKind.PRECEDING) != desc;
      long[] keys = rangeKey;
      int p = nnStart;
      for (int i = nnStart; i < nnEnd; i++) {
        long v = keys[order[i]];
        long target = towardsSmaller ? saturatedSub(v, off) : saturatedAdd(v, off);
        if (lower) {
          // First row not before the target.
          while (p < nnEnd && (desc ? keys[order[p]] > target : keys[order[p]] < target)) {
            p++;
          }
        } else {
          // First row past the target.
          while (p < nnEnd && (desc ? keys[order[p]] >= target : keys[order[p]] <= target)) {
            p++;
          }
        }
        out[i - from] = p;
      }
    }

    private void ntile(long[] out, long buckets, int ps, int pe) {
      if (buckets <= 0) {
        throw new IllegalArgumentException("NTILE argument must be positive, got " + buckets);
      }
      long size = pe - ps;
      long q = size / buckets;
      long r = size % buckets;
      long big = r * (q + 1); // the first r buckets hold q + 1 rows
      for (int i = ps; i < pe; i++) {
        long j = i - ps;
        out[order[i]] = j < big ? j / (q + 1) + 1 : r + (j - big) / q + 1;
      }
    }

    private void offsetRow(int[] out, WindowFunction fn, int ps, int pe) {
      long shift = fn.kind() == Kind.LAG ? -fn.parameter() : fn.parameter();
      int missing = fn.defaultColumn() >= 0 || fn.defaultValue() != null
          ? WindowResult.DEFAULT : WindowResult.NULL;
      for (int i = ps; i < pe; i++) {
        long j = i + shift;
        out[order[i]] = j >= ps && j < pe ? order[(int) j] : missing;
      }
    }

    private void frameRow(int[] out, WindowFunction fn, int ps, int pe) {
      long nth = fn.kind() == Kind.NTH_VALUE ? fn.parameter() : 1;
      for (int i = ps; i < pe; i++) {
        int s = frameStart[i - from];
        int e = frameEnd[i - from];
        long pos = fn.kind() == Kind.LAST_VALUE ? e - 1 : s + nth - 1;
        out[order[i]] = s < e && pos >= s && pos < e ? order[(int) pos] : WindowResult.NULL;
      }
    }

    /**
     * The positions in [ps, pe) whose argument is not NULL, in order, into {@link #nonNull}; their
     * count is returned. With {@link #nonNullCounts}, the k-th non-NULL row of any range is one
     * array lookup.
     */
    private int nonNullPositions(int f, int ps, int pe) {
      boolean[] nulls = argNulls[f];
      if (nonNull == null) {
        nonNull = new int[to - from];
      }
      int m = 0;
      for (int i = ps; i < pe; i++) {
        if (!nulls[order[i]]) {
          nonNull[m++] = i;
        }
      }
      return m;
    }

    /** FIRST_VALUE, LAST_VALUE, NTH_VALUE ... IGNORE NULLS: the k-th non-NULL row of the frame. */
    private void frameRowIgnoringNulls(int[] out, int f, WindowFunction fn, int ps, int pe) {
      nonNullPositions(f, ps, pe);
      int[] c = nonNullCounts(f, ps, pe);
      int[] nn = nonNull;
      for (int i = ps; i < pe; i++) {
        int first = c[frameStart[i - from] - ps]; // index of the frame's first non-NULL row
        int end = c[frameEnd[i - from] - ps]; // one past the frame's last
        long idx = switch (fn.kind()) {
          case FIRST_VALUE -> first;
          case LAST_VALUE -> end - 1L;
          default -> first + fn.parameter() - 1;
        };
        out[order[i]] = idx >= first && idx < end ? order[nn[(int) idx]] : WindowResult.NULL;
      }
    }

    /**
     * LAG/LEAD ... IGNORE NULLS: the offset counts non-NULL rows only, starting next to the current
     * row (which itself does not count); offset 0 is the current row.
     */
    private void offsetRowIgnoringNulls(int[] out, int f, WindowFunction fn, int ps, int pe) {
      int total = nonNullPositions(f, ps, pe);
      int[] c = nonNullCounts(f, ps, pe);
      int[] nn = nonNull;
      long shift = fn.kind() == Kind.LAG ? -fn.parameter() : fn.parameter();
      int missing = fn.defaultColumn() >= 0 || fn.defaultValue() != null
          ? WindowResult.DEFAULT : WindowResult.NULL;
      for (int i = ps; i < pe; i++) {
        long idx;
        if (shift == 0) {
          out[order[i]] = order[i];
          continue;
        } else if (shift < 0) {
          idx = c[i - ps] + shift; // c[i - ps] non-NULL rows lie before the current row
        } else {
          idx = c[i - ps + 1] + shift - 1;
        }
        out[order[i]] = idx >= 0 && idx < total ? order[nn[(int) idx]] : missing;
      }
    }

    /**
     * COUNT/SUM/AVG(DISTINCT x): the partition's values get dense ids (by sorting its non-NULL rows
     * on the argument), then a multiset of ids slides along the frames — both frame bounds only
     * move forward — adding a value when its count becomes 1 and removing it when it drops to 0.
     * Integer and decimal sums are exact under removal; a floating sum is recomputed over the
     * frame's distinct values after a removal, because subtracting would drift (and turn an
     * infinity into NaN).
     */
    private void distinctAggregate(WindowResult r, int f, int ps, int pe) {
      int[] ids = distinctIds;
      int m = 0;
      boolean[] nulls = argNulls[f];
      if (distinctRows == null) {
        distinctRows = new int[to - from];
        distinctTmp = new int[to - from];
      }
      int[] rows = distinctRows;
      for (int i = ps; i < pe; i++) {
        int g = order[i];
        if (nulls == null || !nulls[g]) {
          rows[m++] = g;
        }
      }
      SortKeys.RowComparator cmp = argOrder[f];
      RowSort.sort(rows, 0, m, cmp, distinctTmp);
      int distinctValues = 0;
      for (int k = 0; k < m; k++) {
        if (k > 0 && cmp.compare(rows[k - 1], rows[k]) != 0) {
          distinctValues++;
        }
        ids[rows[k]] = distinctValues;
      }
      distinctValues = m == 0 ? 0 : distinctValues + 1;
      if (multiplicity == null || multiplicity.length < distinctValues) {
        multiplicity = new int[Math.max(distinctValues, 16)];
      }
      int[] mult = multiplicity;
      java.util.Arrays.fill(mult, 0, distinctValues, 0);

      Kind kind = r.function.kind();
      long[] lo = argLongs[f];
      long[] hi = argHighs[f];
      double[] dbl = argDoubles[f];
      boolean floating = dbl != null;
      if (floating && (stamp == null || stamp.length < distinctValues)) {
        stamp = new int[Math.max(distinctValues, 16)];
      }
      if (floating) {
        java.util.Arrays.fill(stamp, 0, distinctValues, -1);
      }
      long sumLo = 0;
      long sumHi = 0;
      double sumD = 0;
      boolean stale = false;
      long present = 0;
      int s = ps;
      int e = ps;
      for (int i = ps; i < pe; i++) {
        int fs = frameStart[i - from];
        int fe = frameEnd[i - from];
        while (e < fe) {
          int g = order[e++];
          if (nulls != null && nulls[g]) {
            continue;
          }
          if (mult[ids[g]]++ == 0) {
            present++;
            if (floating) {
              sumD += dbl[g];
            } else if (lo != null) {
              long nlo = sumLo + lo[g];
              long carry = Long.compareUnsigned(nlo, sumLo) < 0 ? 1 : 0;
              sumHi += (hi == null ? 0 : hi[g]) + carry;
              sumLo = nlo;
            }
          }
        }
        while (s < fs) {
          int g = order[s++];
          if (nulls != null && nulls[g]) {
            continue;
          }
          if (--mult[ids[g]] == 0) {
            present--;
            if (floating) {
              stale = true;
            } else if (lo != null) {
              long nlo = sumLo - lo[g];
              long borrow = Long.compareUnsigned(sumLo, lo[g]) < 0 ? 1 : 0;
              sumHi -= (hi == null ? 0 : hi[g]) + borrow;
              sumLo = nlo;
            }
          }
        }
        if (floating && stale) {
          sumD = 0;
          for (int p = fs; p < fe; p++) {
            int g = order[p];
            if ((nulls == null || !nulls[g]) && stamp[ids[g]] != i) {
              stamp[ids[g]] = i;
              sumD += dbl[g];
            }
          }
          stale = false;
        }
        int g = order[i];
        switch (kind) {
          case COUNT -> r.longs[g] = present;
          case AVG -> {
            double sum = floating ? sumD : wideToDouble(sumHi, sumLo);
            r.doubles[g] = present == 0 ? 0 : sum / argScale[f] / present;
          }
          default -> {
            if (floating) {
              r.doubles[g] = sumD;
            } else {
              r.longs[g] = sumLo;
              if (r.highs != null) {
                r.highs[g] = sumHi;
              }
            }
          }
        }
        if (r.nulls != null) {
          r.nulls[g] = present == 0;
        }
      }
    }

    /** counts[k] = non-NULL argument values among positions [ps, ps + k). */
    private int[] nonNullCounts(int f, int ps, int pe) {
      boolean[] nulls = argNulls[f];
      if (counts == null) {
        counts = new int[to - from + 1];
      }
      int[] c = counts;
      c[0] = 0;
      for (int i = ps; i < pe; i++) {
        c[i - ps + 1] = c[i - ps] + (nulls != null && nulls[order[i]] ? 0 : 1);
      }
      return c;
    }

    private void count(long[] out, int f, int ps, int pe) {
      if (group.functions().get(f).argument() < 0 || argNulls[f] == null) {
        for (int i = ps; i < pe; i++) {
          out[order[i]] = frameEnd[i - from] - frameStart[i - from];
        }
        return;
      }
      int[] c = nonNullCounts(f, ps, pe);
      for (int i = ps; i < pe; i++) {
        out[order[i]] = c[frameEnd[i - from] - ps] - c[frameStart[i - from] - ps];
      }
    }

    private void sum(WindowResult r, int f, int ps, int pe) {
      int[] c = nonNullCounts(f, ps, pe);
      boolean[] outNulls = r.nulls;
      if (argDoubles[f] != null) {
        floatingSum(r, f, ps, pe, c);
      } else if (argHighs[f] != null) {
        wideSum(r, f, ps, pe, c);
      } else {
        // 64-bit integers: differences of prefix sums are exact modulo 2^64.
        long[] v = argLongs[f];
        long[] p = prefix(ps, pe);
        p[0] = 0;
        for (int i = ps; i < pe; i++) {
          p[i - ps + 1] = p[i - ps] + v[order[i]];
        }
        long[] out = r.longs;
        for (int i = ps; i < pe; i++) {
          int s = frameStart[i - from] - ps;
          int e = frameEnd[i - from] - ps;
          out[order[i]] = p[e] - p[s];
        }
      }
      if (outNulls != null) {
        for (int i = ps; i < pe; i++) {
          outNulls[order[i]] = c[frameEnd[i - from] - ps] == c[frameStart[i - from] - ps];
        }
      }
    }

    private long[] prefix(int ps, int pe) {
      if (prefix == null) {
        prefix = new long[to - from + 1];
      }
      return prefix;
    }

    /** Decimals (and integers under AVG) in 128 bits: prefix sums of (high, low) words. */
    private void wideSum(WindowResult r, int f, int ps, int pe, int[] c) {
      long[] vlo = argLongs[f];
      long[] vhi = argHighs[f];
      long[] plo = prefix(ps, pe);
      if (prefixHigh == null) {
        prefixHigh = new long[to - from + 1];
      }
      long[] phi = prefixHigh;
      plo[0] = 0;
      phi[0] = 0;
      for (int i = ps; i < pe; i++) {
        int k = i - ps;
        int g = order[i];
        long lo = plo[k] + vlo[g];
        long carry = Long.compareUnsigned(lo, plo[k]) < 0 ? 1 : 0;
        plo[k + 1] = lo;
        phi[k + 1] = phi[k] + vhi[g] + carry;
      }
      boolean avg = r.function.kind() == Kind.AVG;
      double scale = argScale[f];
      for (int i = ps; i < pe; i++) {
        int s = frameStart[i - from] - ps;
        int e = frameEnd[i - from] - ps;
        long lo = plo[e] - plo[s];
        long borrow = Long.compareUnsigned(plo[e], plo[s]) < 0 ? 1 : 0;
        long hi = phi[e] - phi[s] - borrow;
        int g = order[i];
        if (avg) {
          int cnt = c[e] - c[s];
          double sum = wideToDouble(hi, lo);
          r.doubles[g] = cnt == 0 ? 0 : sum / scale / cnt;
        } else if (r.highs != null) {
          r.longs[g] = lo;
          r.highs[g] = hi;
        } else {
          r.longs[g] = lo;
        }
      }
    }

    /**
     * Floating sums: running sums when the frame starts (or ends) at the partition edge, a segment
     * tree for sliding frames.
     */
    private void floatingSum(WindowResult r, int f, int ps, int pe, int[] c) {
      double[] v = argDoubles[f];
      double[] out = r.doubles;
      boolean avg = r.function.kind() == Kind.AVG;
      WindowFrame frame = group.frame();
      if (frame.lower().kind() == BoundKind.UNBOUNDED_PRECEDING) {
        double acc = 0;
        int e = ps;
        for (int i = ps; i < pe; i++) {
          int fe = frameEnd[i - from];
          while (e < fe) {
            acc += v[order[e++]];
          }
          out[order[i]] = acc;
        }
      } else if (frame.upper().kind() == BoundKind.UNBOUNDED_FOLLOWING) {
        double acc = 0;
        int s = pe;
        for (int i = pe - 1; i >= ps; i--) {
          int fs = frameStart[i - from];
          while (s > fs) {
            acc += v[order[--s]];
          }
          out[order[i]] = acc;
        }
      } else {
        int len = pe - ps;
        if (tree == null) {
          tree = new double[2 * (to - from)];
        }
        double[] t = tree;
        for (int k = 0; k < len; k++) {
          t[len + k] = v[order[ps + k]];
        }
        for (int k = len - 1; k >= 1; k--) {
          t[k] = t[2 * k] + t[2 * k + 1];
        }
        for (int i = ps; i < pe; i++) {
          int l = frameStart[i - from] - ps + len;
          int h = frameEnd[i - from] - ps + len;
          double acc = 0;
          while (l < h) {
            if ((l & 1) != 0) {
              acc += t[l++];
            }
            if ((h & 1) != 0) {
              acc += t[--h];
            }
            l >>= 1;
            h >>= 1;
          }
          out[order[i]] = acc;
        }
      }
      if (avg) {
        for (int i = ps; i < pe; i++) {
          int cnt = c[frameEnd[i - from] - ps] - c[frameStart[i - from] - ps];
          if (cnt > 0) {
            out[order[i]] /= cnt;
          }
        }
      }
    }

    /**
     * MIN/MAX as the front of a deque of candidate positions whose values strictly increase (MIN)
     * or decrease (MAX) from front to back: a new row evicts every candidate it beats, a candidate
     * leaves at the front once the frame start passes it. O(1) amortized per row.
     */
    private void minMax(int[] out, int f, boolean max, int ps, int pe) {
      if (deque == null) {
        deque = new int[to - from];
      }
      int[] dq = deque;
      boolean[] nulls = argNulls[f];
      SortKeys.RowComparator cmp = argOrder[f];
      int head = 0;
      int tail = 0;
      int e = ps;
      for (int i = ps; i < pe; i++) {
        int fe = frameEnd[i - from];
        while (e < fe) {
          int g = order[e];
          if (nulls == null || !nulls[g]) {
            while (tail > head) {
              int c = cmp.compare(order[dq[tail - 1]], g);
              if (max ? c <= 0 : c >= 0) {
                tail--;
              } else {
                break;
              }
            }
            dq[tail++] = e;
          }
          e++;
        }
        int fs = frameStart[i - from];
        while (tail > head && dq[head] < fs) {
          head++;
        }
        out[order[i]] = tail > head ? order[dq[head]] : WindowResult.NULL;
      }
    }
  }

  static long saturatedAdd(long a, long b) {
    long s = a + b;
    return ((a ^ s) & (b ^ s)) < 0 ? Long.MAX_VALUE : s;
  }

  static long saturatedSub(long a, long b) {
    long d = a - b;
    return ((a ^ b) & (a ^ d)) < 0 ? Long.MIN_VALUE : d;
  }

  /** The 128-bit integer {@code hi * 2^64 + lo} (lo unsigned) as a double. */
  static double wideToDouble(long hi, long lo) {
    // hi * 2^64 + lo would cancel two huge terms when the value fits in 64 bits.
    return hi == lo >> 63 ? (double) lo : hi * 0x1p64 + unsignedToDouble(lo);
  }

  private static double unsignedToDouble(long x) {
    double d = (double) (x >>> 1) * 2.0;
    return d + (x & 1);
  }
}
