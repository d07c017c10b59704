package io.basalt.engine.exec.window;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.exec.setop.ValuesNode;
import io.basalt.engine.exec.sort.RowSpace;
import io.basalt.engine.exec.window.WindowFrame.BoundKind;
import io.basalt.engine.exec.window.WindowFunction.Kind;
import io.basalt.engine.memory.MemoryReservation;
import io.basalt.engine.memory.OperatorMemory;
import io.basalt.engine.spill.SpillFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Window groups that share their PARTITION BY and ORDER BY keys, evaluated in one stream over rows
 * sorted by those keys and numbered by partition and peer group ({@link SortedWindow}), for
 * partitions larger than memory. Each output batch is one batch of the sorted rows with every
 * group's results appended, group after group.
 *
 * <p>Every position a result needs — a frame's start and end, the partition's and the peer
 * group's end, LAG/LEAD rows, FIRST/LAST/NTH_VALUE rows — moves only forward as the current row
 * does, so each is a {@link WindowCursor} reading the file once, and memory stays at one batch per
 * cursor whatever the partition's size. COUNT, SUM and AVG are differences of running sums kept
 * at a frame's end and start cursors (exact for integers and decimals, which wrap around
 * consistently; floating sums only when the frame starts at the partition's first row, as
 * subtracting running floating sums would lose precision); MIN and MAX are running extremes over
 * frames that start at the partition's first row ({@link RunningExtreme}). {@link
 * SortedWindow#unsupported} names what this class cannot do.
 */
final class StreamedWindow implements BatchStream {
  /** Offsets beyond this reach past any partition a file can hold; capping avoids overflow. */
  private static final long MAX_OFFSET = 1L << 48;

  private enum SumKind { NONE, LONG, WIDE, DOUBLE }

  private final ExecContext context;
  private final BufferAllocator allocator;
  private final SpillFile file;
  private final Schema rowSchema;
  private final int width;
  private final int maxBatchRows;
  private final List<Frame> frames = new ArrayList<>();
  private final List<AutoCloseable> owned = new ArrayList<>();
  private final Map<Long, WindowCursor> shifted = new LinkedHashMap<>();
  private final BatchStream current;
  private final WindowCursor partitionEnd;
  private final WindowCursor peerEnd;
  private final MemoryReservation reservation;
  private int cursors;
  private long position;
  private long part = -1;
  private long peer = -1;
  private long partitionStart;
  private long peerStart;
  private long firstPeer;

  /**
   * @param groups groups with the same PARTITION BY and ORDER BY keys
   * @param file the sorted rows: the columns of {@code rowSchema}, then the partition and the peer
   *     number; deleted when this stream closes
   * @param maxBatchRows the most rows of a batch of the file
   * @param maxBatchBytes the most Arrow bytes of a batch of the file
   */
  StreamedWindow(ExecContext context, OperatorMemory memory, List<WindowGroup> groups,
      SpillFile file, Schema rowSchema, int maxBatchRows, long maxBatchBytes) throws IOException {
    this.context = context;
    this.allocator = context.allocator();
    this.file = file;
    this.rowSchema = rowSchema;
    this.width = rowSchema.getFields().size();
    this.maxBatchRows = maxBatchRows;
    BatchStream cur = null;
    try {
      cur = file.read(allocator);
      boolean ranks = false;
      boolean cume = false;
      for (WindowGroup g : groups) {
        for (WindowFunction fn : g.functions()) {
          ranks |= fn.kind() == Kind.PERCENT_RANK || fn.kind() == Kind.CUME_DIST
              || fn.kind() == Kind.NTILE;
          cume |= fn.kind() == Kind.CUME_DIST;
        }
      }
      partitionEnd = ranks ? cursor() : null;
      peerEnd = cume ? cursor() : null;
      for (WindowGroup g : groups) {
        frames.add(new Frame(g));
      }
      current = cur;
      // A batch per cursor, the current one and its output (about as large again). They are
      // bounded whatever the partition, so the booking only makes other operators spill sooner.
      reservation = memory.newReservation("streamed window cursors");
      owned.add(reservation);
      reservation.tryResize(0, (cursors + 2) * maxBatchBytes);
    } catch (IOException | RuntimeException | Error e) {
      if (cur != null) {
        cur.close();
      }
      closeOwned();
      file.delete();
      throw e;
    }
  }

  private WindowCursor cursor() throws IOException {
    cursors++;
    WindowCursor c = new WindowCursor(file, allocator, width);
    owned.add(c);
    return c;
  }

  private static long shift(WindowFunction fn) {
    long k = Math.max(-MAX_OFFSET, Math.min(MAX_OFFSET, fn.parameter()));
    return fn.kind() == Kind.LAG ? -k : k;
  }

  private static SumKind sumKind(WindowFunction fn, Schema schema) {
    if (fn.argument() < 0 || fn.kind() == Kind.COUNT) {
      return SumKind.NONE;
    }
    ArrowType t = schema.getFields().get(fn.argument()).getType();
    if (t instanceof ArrowType.FloatingPoint) {
      return SumKind.DOUBLE;
    }
    // Decimals, and integers under AVG, are summed in 128 bits (as in memory).
    return t instanceof ArrowType.Decimal || fn.kind() == Kind.AVG ? SumKind.WIDE : SumKind.LONG;
  }

  /** An integer-like value (integer, date, timestamp, DECIMAL of up to 18 digits) as a long. */
  private static long longValue(FieldVector v, int index) {
    BaseFixedWidthVector f = (BaseFixedWidthVector) v;
    ArrowBuf buf = f.getDataBuffer();
    return switch (f.getTypeWidth()) {
      case 8 -> buf.getLong((long) index * 8);
      case 4 -> buf.getInt((long) index * 4);
      case 2 -> buf.getShort((long) index * 2);
      case 1 -> buf.getByte(index);
      case 16 -> buf.getLong((long) index * 16);
      default -> throw new IllegalStateException("not an integer-like column: " + v.getField());
    };
  }

  @Override
  public VectorSchemaRoot next() throws IOException {
    VectorSchemaRoot in = current.next(); // never empty: a spill file skips empty batches
    if (in == null) {
      return null;
    }
    context.checkCancelled();
    int n = in.getRowCount();
    List<FieldVector> out = new ArrayList<>();
    try {
      for (Frame f : frames) {
        f.start(in, n);
      }
      BigIntVector parts = (BigIntVector) in.getVector(width);
      BigIntVector peers = (BigIntVector) in.getVector(width + 1);
      for (int i = 0; i < n; i++) {
        row(in, i, parts.get(i), peers.get(i));
      }
      position += n;
      RowSpace space = new RowSpace(List.of(in));
      for (Frame f : frames) {
        f.finish(space, n, out);
      }
      List<FieldVector> vectors = new ArrayList<>(in.getFieldVectors().subList(0, width));
      vectors.addAll(out);
      out.clear();
      in.getVector(width).close();
      in.getVector(width + 1).close();
      VectorSchemaRoot root = new VectorSchemaRoot(vectors);
      root.setRowCount(n);
      return root;
    } catch (IOException | RuntimeException | Error e) {
      for (Frame f : frames) {
        f.discard();
      }
      out.forEach(FieldVector::close);
      in.close();
      throw e;
    }
  }

  /** Evaluates every group for row {@code i} of {@code in} (global position + i). */
  private void row(VectorSchemaRoot in, int i, long p, long q) throws IOException {
    long r = position + i;
    if (p != part) {
      part = p;
      partitionStart = r;
      firstPeer = q;
    }
    if (q != peer) {
      peer = q;
      peerStart = r;
    }
    long pe = -1;
    if (partitionEnd != null) {
      partitionEnd.skipBefore(p);
      while (partitionEnd.valid() && partitionEnd.part() == p) {
        partitionEnd.advance();
      }
      pe = partitionEnd.position();
    }
    long qe = -1;
    if (peerEnd != null) {
      while (peerEnd.valid() && peerEnd.peer() <= q) {
        peerEnd.advance();
      }
      qe = peerEnd.position();
    }
    for (Frame f : frames) {
      f.row(in, i, r, p, q, pe, qe);
    }
  }

  /** One group: its frame's cursors and running sums, and its results for the current batch. */
  private final class Frame {
    private final WindowGroup group;
    private final List<WindowFunction> fns;
    private final WindowCursor frameEnd;
    private final WindowCursor frameStart;
    private final WindowCursor last;
    private final Map<Long, WindowCursor> nth = new LinkedHashMap<>();
    private final SumKind[] sumKinds;
    private final boolean[] wideArgument;
    private final double[] scale;
    private final Sums endSums;
    private final Sums startSums;
    private final RunningExtreme[] extremes;
    private final VectorSchemaRoot[] defaults;
    private WindowResult[] computed;
    private FieldVector[] picked;
    private long endPart = -1;
    private long startPart = -1;

    Frame(WindowGroup group) throws IOException {
      this.group = group;
      this.fns = group.functions();
      int f = fns.size();
      this.sumKinds = new SumKind[f];
      this.wideArgument = new boolean[f];
      this.scale = new double[f];
      this.extremes = new RunningExtreme[f];
      this.defaults = new VectorSchemaRoot[f];
      boolean framed = false;
      for (WindowFunction fn : fns) {
        framed |= fn.kind().framed();
      }
      WindowFrame frame = group.frame();
      frameEnd = framed ? cursor() : null;
      frameStart = framed && frame.lower().kind() != BoundKind.UNBOUNDED_PRECEDING ? cursor()
          : null;
      WindowCursor lastRow = null;
      List<RunningExtreme> listening = new ArrayList<>();
      for (int i = 0; i < f; i++) {
        WindowFunction fn = fns.get(i);
        sumKinds[i] = SumKind.NONE;
        switch (fn.kind()) {
          case LAST_VALUE -> lastRow = lastRow != null ? lastRow : cursor();
          case FIRST_VALUE, NTH_VALUE -> {
            long n = fn.kind() == Kind.FIRST_VALUE ? 1 : fn.parameter();
            if (!nth.containsKey(n)) {
              nth.put(n, cursor());
            }
          }
          case LAG, LEAD -> {
            long shift = shift(fn);
            if (!shifted.containsKey(shift)) {
              shifted.put(shift, cursor());
            }
            if (fn.defaultValue() != null) {
              defaults[i] = ValuesNode.batch(new Schema(List.of(fn.output())),
                  List.<Object[]>of(new Object[] {fn.defaultValue()}), allocator);
              owned.add(defaults[i]);
            }
          }
          case MIN, MAX -> {
            if (frameEnd.valid()) {
              extremes[i] = new RunningExtreme(fn.argument(), fn.kind() == Kind.MAX,
                  frameEnd.batch().getSchema(), frameEnd.batch(), maxBatchRows, allocator);
              owned.add(extremes[i]);
              listening.add(extremes[i]);
            }
          }
          case COUNT, SUM, SUM0, AVG -> sumKinds[i] = sumKind(fn, rowSchema);
          default -> { }
        }
        if (fn.argument() >= 0
            && rowSchema.getFields().get(fn.argument()).getType() instanceof ArrowType.Decimal d) {
          scale[i] = Math.pow(10, d.getScale());
          wideArgument[i] = d.getPrecision() > 18;
        } else {
          scale[i] = 1;
        }
      }
      last = lastRow;
      if (!listening.isEmpty()) {
        frameEnd.listen((batch, next) -> listening.forEach(e -> e.leaving(batch, next)));
      }
      endSums = new Sums(f);
      startSums = new Sums(f);
    }

    /** Sets up the result holders of a batch of {@code n} rows. */
    void start(VectorSchemaRoot in, int n) {
      int f = fns.size();
      computed = new WindowResult[f];
      picked = new FieldVector[f];
      for (int i = 0; i < f; i++) {
        WindowFunction fn = fns.get(i);
        computed[i] = GroupEvaluator.newResult(fn,
            fn.argument() < 0 ? null : in.getVector(fn.argument()).getField().getType(), n);
        if (computed[i].shape == WindowResult.Shape.PICK) {
          picked[i] = fn.output().createVector(allocator);
          picked[i].setInitialCapacity(n);
          picked[i].allocateNew();
        }
      }
    }

    /** Appends this group's result vectors for the batch to {@code out}. */
    void finish(RowSpace space, int n, List<FieldVector> out) {
      for (int i = 0; i < fns.size(); i++) {
        if (picked[i] != null) {
          FieldVector v = picked[i];
          picked[i] = null;
          v.setValueCount(n);
          out.add(v);
        } else {
          out.add(computed[i].vector(space, 0, null, allocator));
        }
      }
      computed = null;
    }

    /** Releases the result vectors of a failed batch. */
    void discard() {
      if (picked != null) {
        for (FieldVector v : picked) {
          if (v != null) {
            v.close();
          }
        }
        picked = null;
      }
    }

    void row(VectorSchemaRoot in, int i, long r, long p, long q, long pe, long qe)
        throws IOException {
      long ps = partitionStart;
      long fs = ps;
      long fe = ps;
      if (frameEnd != null) {
        fe = moveFrameEnd(r, p, q);
        if (frameStart != null) {
          fs = moveFrameStart(r, p, q);
        }
      }
      boolean empty = fe <= fs;
      for (int k = 0; k < fns.size(); k++) {
        WindowFunction fn = fns.get(k);
        WindowResult res = computed[k];
        switch (fn.kind()) {
          case ROW_NUMBER -> res.longs[i] = r - ps + 1;
          case RANK -> res.longs[i] = peerStart - ps + 1;
          case DENSE_RANK -> res.longs[i] = q - firstPeer + 1;
          case PERCENT_RANK -> {
            long size = pe - ps;
            res.doubles[i] = size == 1 ? 0.0 : (double) (peerStart - ps) / (size - 1);
          }
          case CUME_DIST -> res.doubles[i] = (qe - ps) / (double) (pe - ps);
          case NTILE -> res.longs[i] = ntile(fn.parameter(), pe - ps, r - ps);
          case LAG, LEAD -> {
            long target = r + shift(fn);
            WindowCursor c = shifted.get(shift(fn));
            boolean inside = false;
            if (target >= ps) {
              c.advanceTo(target);
              inside = c.valid() && c.part() == p;
            }
            if (inside) {
              copy(picked[k], i, c.batch().getVector(fn.argument()), c.index());
            } else if (fn.defaultColumn() >= 0) {
              copy(picked[k], i, in.getVector(fn.defaultColumn()), i);
            } else if (defaults[k] != null) {
              copy(picked[k], i, defaults[k].getVector(0), 0);
            }
          }
          case FIRST_VALUE, NTH_VALUE -> {
            long nthRow = fn.kind() == Kind.FIRST_VALUE ? 1 : fn.parameter();
            if (!empty && nthRow >= 1 && fs + nthRow - 1 < fe) {
              WindowCursor c = nth.get(nthRow);
              c.advanceTo(fs + nthRow - 1);
              copy(picked[k], i, c.batch().getVector(fn.argument()), c.index());
            }
          }
          case LAST_VALUE -> {
            if (!empty) {
              last.advanceTo(fe - 1);
              copy(picked[k], i, last.batch().getVector(fn.argument()), last.index());
            }
          }
          case MIN, MAX -> {
            if (!empty && extremes[k] != null) {
              extremes[k].copyTo(picked[k], i, frameEnd.batch());
            }
          }
          case COUNT, SUM, SUM0, AVG -> aggregate(k, i, res, empty, fs, fe);
          default -> throw new AssertionError(fn.kind());
        }
      }
    }

    /** Moves the frame-end cursor for current row r (partition p, peer q); returns its position. */
    private long moveFrameEnd(long r, long p, long q) throws IOException {
      WindowCursor c = frameEnd;
      if (endPart != p) {
        c.skipBefore(p);
        endSums.reset();
        for (RunningExtreme e : extremes) {
          if (e != null) {
            e.reset();
          }
        }
        endPart = p;
      }
      WindowFrame frame = group.frame();
      WindowFrame.Bound upper = frame.upper();
      long off = Math.min(upper.offset(), MAX_OFFSET);
      while (c.valid() && c.part() == p) {
        boolean in = switch (upper.kind()) {
          case UNBOUNDED_PRECEDING -> false;
          case PRECEDING -> c.position() < r - off + 1;
          case CURRENT_ROW -> frame.rows() ? c.position() < r + 1 : c.peer() <= q;
          case FOLLOWING -> c.position() < r + off + 1;
          case UNBOUNDED_FOLLOWING -> true;
        };
        if (!in) {
          break;
        }
        endSums.add(c.batch(), c.index());
        for (RunningExtreme e : extremes) {
          if (e != null) {
            e.add(c.batch(), c.index());
          }
        }
        c.advance();
      }
      return c.position();
    }

    /** Moves the frame-start cursor for current row r; returns its position. */
    private long moveFrameStart(long r, long p, long q) throws IOException {
      WindowCursor c = frameStart;
      if (startPart != p) {
        c.skipBefore(p);
        startSums.reset();
        startPart = p;
      }
      WindowFrame frame = group.frame();
      WindowFrame.Bound lower = frame.lower();
      long off = Math.min(lower.offset(), MAX_OFFSET);
      while (c.valid() && c.part() == p) {
        boolean before = switch (lower.kind()) {
          case UNBOUNDED_PRECEDING -> false;
          case PRECEDING -> c.position() < r - off;
          case CURRENT_ROW -> frame.rows() ? c.position() < r : c.peer() < q;
          case FOLLOWING -> c.position() < r + off;
          case UNBOUNDED_FOLLOWING -> true;
        };
        if (!before) {
          break;
        }
        startSums.add(c.batch(), c.index());
        c.advance();
      }
      return c.position();
    }

    private void aggregate(int k, int i, WindowResult res, boolean empty, long fs, long fe) {
      WindowFunction fn = fns.get(k);
      long cnt;
      if (empty) {
        cnt = 0;
      } else if (fn.argument() < 0) {
        cnt = fe - fs;
      } else {
        cnt = endSums.count[k] - (frameStart == null ? 0 : startSums.count[k]);
      }
      if (fn.kind() == Kind.COUNT) {
        res.longs[i] = cnt;
        return;
      }
      boolean fromStart = frameStart != null && !empty;
      switch (sumKinds[k]) {
        case DOUBLE -> {
          // Only frames that start at the partition's first row get here (see unsupported()).
          double sum = empty ? 0 : endSums.dbl[k];
          res.doubles[i] = fn.kind() == Kind.AVG && cnt > 0 ? sum / cnt : sum;
        }
        case LONG -> res.longs[i] = empty ? 0
            : endSums.lo[k] - (fromStart ? startSums.lo[k] : 0);
        case WIDE -> {
          long elo = empty ? 0 : endSums.lo[k];
          long ehi = empty ? 0 : endSums.hi[k];
          long slo = fromStart ? startSums.lo[k] : 0;
          long shi = fromStart ? startSums.hi[k] : 0;
          long lo = elo - slo;
          long borrow = Long.compareUnsigned(elo, slo) < 0 ? 1 : 0;
          long hi = ehi - shi - borrow;
          if (fn.kind() == Kind.AVG) {
            double sum = GroupEvaluator.wideToDouble(hi, lo);
            res.doubles[i] = cnt == 0 ? 0 : sum / scale[k] / cnt;
          } else {
            res.longs[i] = lo;
            if (res.highs != null) {
              res.highs[i] = hi;
            }
          }
        }
        default -> throw new AssertionError(sumKinds[k]);
      }
      if (res.nulls != null) {
        res.nulls[i] = cnt == 0 && fn.kind() != Kind.SUM0;
      }
    }

    /** Per-function running counts and sums of the rows a cursor has passed in its partition. */
    private final class Sums {
      final long[] count;
      final long[] lo;
      final long[] hi;
      final double[] dbl;

      Sums(int f) {
        count = new long[f];
        lo = new long[f];
        hi = new long[f];
        dbl = new double[f];
      }

      void reset() {
        java.util.Arrays.fill(count, 0);
        java.util.Arrays.fill(lo, 0);
        java.util.Arrays.fill(hi, 0);
        java.util.Arrays.fill(dbl, 0);
      }

      void add(VectorSchemaRoot batch, int index) {
        for (int f = 0; f < count.length; f++) {
          WindowFunction fn = fns.get(f);
          if (fn.argument() < 0 || !(fn.kind() == Kind.COUNT || sumKinds[f] != SumKind.NONE)) {
            continue;
          }
          FieldVector v = batch.getVector(fn.argument());
          if (v.isNull(index)) {
            continue;
          }
          count[f]++;
          switch (sumKinds[f]) {
            case DOUBLE -> dbl[f] += v instanceof Float8Vector d ? d.get(index)
                : ((Float4Vector) v).get(index);
            case LONG -> lo[f] += longValue(v, index);
            case WIDE -> {
              long xlo;
              long xhi;
              if (wideArgument[f]) {
                ArrowBuf buf = ((DecimalVector) v).getDataBuffer();
                xlo = buf.getLong((long) index * 16);
                xhi = buf.getLong((long) index * 16 + 8);
              } else {
                xlo = longValue(v, index);
                xhi = xlo >> 63;
              }
              long sum = lo[f] + xlo;
              long carry = Long.compareUnsigned(sum, lo[f]) < 0 ? 1 : 0;
              lo[f] = sum;
              hi[f] += xhi + carry;
            }
            default -> { }
          }
        }
      }
    }
  }

  private static long ntile(long buckets, long size, long j) {
    if (buckets <= 0) {
      throw new IllegalArgumentException("NTILE argument must be positive, got " + buckets);
    }
    long q = size / buckets;
    long r = size % buckets;
    long big = r * (q + 1); // the first r buckets hold q + 1 rows
    return j < big ? j / (q + 1) + 1 : r + (j - big) / q + 1;
  }

  private static void copy(FieldVector out, int i, FieldVector src, int index) {
    if (!src.isNull(index)) {
      out.copyFromSafe(index, i, src);
    }
  }

  private void closeOwned() {
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception e) {
        // Closing releases memory only; nothing to report.
      }
    }
    owned.clear();
  }

  @Override
  public void close() {
    current.close();
    closeOwned();
    file.delete();
  }
}
