package io.basalt.engine.exec.aggregate;

import io.basalt.engine.exec.aggregate.AggregateCall.Function;
import io.basalt.engine.exec.aggregate.Col.BytesCol;
import io.basalt.engine.exec.aggregate.Col.LongCol;
import io.basalt.engine.exec.aggregate.Col.WideCol;
import io.basalt.engine.exec.aggregate.ColumnIO.Kind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The {@link Accumulator} of each aggregate function and argument kind, and {@link #create}, which
 * picks it and checks that the declared output type is one the accumulator writes (so the planner
 * can fall back instead of producing a wrong type).
 */
public final class Accumulators {
  private Accumulators() {}

  /** Makes room in every state of {@code accs} (null entries have none) for {@code groups}. */
  static void ensureGroups(Accumulator[] accs, int groups) {
    for (Accumulator acc : accs) {
      if (acc != null) {
        acc.ensureGroups(groups);
      }
    }
  }

  /** 10^38: DECIMAL(38)'s bound, which a 128-bit sum can exceed. */
  private static final BigInteger DECIMAL38_LIMIT = BigInteger.TEN.pow(38);

  /**
   * The accumulator of {@code call} over an argument of type {@code input} (null when the call has
   * no argument); throws {@link UnsupportedOperationException} when the function, argument type
   * or output type is not supported.
   */
  public static Accumulator create(AggregateCall call, Field input) {
    ArrowType out = call.output().getType();
    Function f = call.function();
    Kind kind = input == null ? null : ColumnIO.kind(input);
    switch (f) {
      case COUNT:
        requireInt(out, f);
        return new Count(input != null);
      case SUM:
      case SUM0: {
        boolean zero = f == Function.SUM0;
        if (kind == Kind.LONG && input.getType() instanceof ArrowType.Int) {
          requireInt(out, f);
          return new SumLong(zero);
        }
        if (kind == Kind.DECIMAL64 || kind == Kind.DECIMAL128) {
          if (!(out instanceof ArrowType.Decimal d)
              || d.getScale() != ((ArrowType.Decimal) input.getType()).getScale()) {
            throw unsupported(f, input, out);
          }
          return new Sum128(zero, kind == Kind.DECIMAL128, d.getPrecision() > 18);
        }
        if (kind == Kind.DOUBLE && out instanceof ArrowType.FloatingPoint) {
          return new SumDouble(zero);
        }
        throw unsupported(f, input, out);
      }
      case AVG:
        if (!(out instanceof ArrowType.FloatingPoint)) {
          throw unsupported(f, input, out);
        }
        if (kind == Kind.DOUBLE) {
          return new AvgDouble();
        }
        if (kind == Kind.LONG && input.getType() instanceof ArrowType.Int) {
          return new Avg128(false, 0);
        }
        if (kind == Kind.DECIMAL64 || kind == Kind.DECIMAL128) {
          return new Avg128(kind == Kind.DECIMAL128, ((ArrowType.Decimal) input.getType()).getScale());
        }
        throw unsupported(f, input, out);
      case MIN:
      case MAX:
        requireSame(f, input, out);
        boolean max = f == Function.MAX;
        return switch (kind) {
          case BYTES -> new MinMaxBytes(max);
          case DECIMAL128 -> new MinMaxWide(max);
          default -> new MinMaxLong(max, kind == Kind.DOUBLE);
        };
      case ANY_VALUE:
      case SINGLE_VALUE:
        requireSame(f, input, out);
        return new AnyValue(kind, f == Function.SINGLE_VALUE);
      case LITERAL:
        return new Literal(call.literal(), out);
      default:
        throw new UnsupportedOperationException(f + " is not computed by an accumulator");
    }
  }

  private static void requireInt(ArrowType out, Function f) {
    if (!(out instanceof ArrowType.Int)) {
      throw new UnsupportedOperationException(f + " with result type " + out);
    }
  }

  private static void requireSame(Function f, Field input, ArrowType out) {
    if (input == null || !input.getType().equals(out)) {
      throw unsupported(f, input, out);
    }
  }

  private static UnsupportedOperationException unsupported(Function f, Field input, ArrowType out) {
    return new UnsupportedOperationException("hash aggregation: " + f + " of "
        + (input == null ? "nothing" : input.getType()) + " as " + out);
  }

  /** Writes a long into an integer vector of any width, failing when it does not fit. */
  static void setInt(FieldVector out, int i, long v) {
    int width = ((BaseFixedWidthVector) out).getTypeWidth();
    if (width < 8) {
      long bound = 1L << (width * 8 - 1);
      if (v < -bound || v >= bound) {
        throw new ArithmeticException("aggregate result " + v + " is out of range of "
            + out.getField().getType());
      }
    }
    ColumnIO.setLong(out, i, v);
  }

  private static void allocate(FieldVector out, int count) {
    out.setInitialCapacity(count);
    out.allocateNew();
  }

  // ---- 128-bit helpers: two's complement (lo, hi) ----

  static BigInteger toBigInteger(long lo, long hi) {
    return BigInteger.valueOf(hi).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
  }

  static double toDouble(long lo, long hi) {
    if (hi == lo >> 63) {
      return lo;
    }
    return hi * 0x1p64 + (lo >>> 1) * 2.0 + (lo & 1);
  }

  // ---- COUNT ----

  static final class Count extends Accumulator {
    private final boolean hasArg;
    long[] counts = new long[16];

    Count(boolean hasArg) {
      this.hasArg = hasArg;
    }

    @Override
    public void ensureGroups(int groups) {
      if (counts.length < groups) {
        counts = Arrays.copyOf(counts, newSize(counts.length, groups));
      }
    }

    @Override
    public void update(Col arg, int[] gids, int[] sel, int count) {
      long[] c = counts;
      if (hasArg && arg.hasNulls) {
        boolean[] nulls = arg.nulls;
        for (int k = 0; k < count; k++) {
          int i = sel == null ? k : sel[k];
          if (!nulls[i]) {
            c[gids[i]]++;
          }
        }
      } else if (sel == null) {
        for (int i = 0; i < count; i++) {
          c[gids[i]]++;
        }
      } else {
        for (int k = 0; k < count; k++) {
          c[gids[sel[k]]]++;
        }
      }
    }

    @Override
    public void merge(Accumulator other, int[] map, int otherGroups) {
      long[] o = ((Count) other).counts;
      for (int g = 0; g < otherGroups; g++) {
        counts[map[g]] += o[g];
      }
    }

    @Override
    public void write(int from, int count, FieldVector out) {
      allocate(out, count);
      if (out instanceof BigIntVector b) {
        for (int i = 0; i < count; i++) {
          b.set(i, counts[from + i]);
        }
      } else {
        for (int i = 0; i < count; i++) {
          setInt(out, i, counts[from + i]);
        }
      }
      out.setValueCount(count);
    }

    @Override
    public ColumnIO.Kind[] stateKinds() {
      return new ColumnIO.Kind[] {ColumnIO.Kind.LONG};
    }

    @Override
    public Col[] exportState(int[] groups, int from, int count) {
      LongCol c = new LongCol(count);
      for (int i = 0; i < count; i++) {
        c.append(counts[groups[from + i]], false);
      }
      return new Col[] {c};
    }

    @Override
    public void mergeState(Col[] state, int[] map, int count) {
      long[] v = ((LongCol) state[0]).values;
      for (int i = 0; i < count; i++) {
        counts[map[i]] += v[i];
      }
    }

    @Override
    public long bytes() {
      return 8L * counts.length;
    }
  }

  // ---- SUM of integers: BIGINT, overflow is an error ----

  static final class SumLong extends Accumulator {
    private final boolean zeroDefault;
    long[] sums = new long[16];
    boolean[] seen = new boolean[16];

    SumLong(boolean zeroDefault) {
      this.zeroDefault = zeroDefault;
    }

    @Override
    public void ensureGroups(int groups) {
      if (sums.length < groups) {
        int n = newSize(sums.length, groups);
        sums = Arrays.copyOf(sums, n);
        seen = Arrays.copyOf(seen, n);
      }
    }

    @Override
    public void update(Col arg, int[] gids, int[] sel, int count) {
      long[] v = ((LongCol) arg).values;
      long[] s = sums;
      boolean[] sn = seen;
      boolean[] nulls = arg.hasNulls ? arg.nulls : null;
      try {
        for (int k = 0; k < count; k++) {
          int i = sel == null ? k : sel[k];
          if (nulls == null || !nulls[i]) {
            int g = gids[i];
            s[g] = Math.addExact(s[g], v[i]);
            sn[g] = true;
          }
        }
      } catch (ArithmeticException e) {
        throw overflow();
      }
    }

    private static ArithmeticException overflow() {
      return new ArithmeticException("BIGINT overflow in SUM; cast the argument to DECIMAL");
    }

    @Override
    public void merge(Accumulator other, int[] map, int otherGroups) {
      SumLong o = (SumLong) other;
      try {
        for (int g = 0; g < otherGroups; g++) {
          if (o.seen[g]) {
            int t = map[g];
            sums[t] = Math.addExact(sums[t], o.sums[g]);
            seen[t] = true;
          }
        }
      } catch (ArithmeticException e) {
        throw overflow();
      }
    }

    @Override
    public void write(int from, int count, FieldVector out) {
      allocate(out, count);
      for (int i = 0; i < count; i++) {
        int g = from + i;
        if (seen[g] || zeroDefault) {
          setInt(out, i, sums[g]);
        }
      }
      out.setValueCount(count);
    }

    @Override
    public ColumnIO.Kind[] stateKinds() {
      return new ColumnIO.Kind[] {ColumnIO.Kind.LONG};
    }

    @Override
    public Col[] exportState(int[] groups, int from, int count) {
      LongCol c = new LongCol(count);
      for (int i = 0; i < count; i++) {
        int g = groups[from + i];
        c.append(sums[g], !seen[g]);
      }
      return new Col[] {c};
    }

    @Override
    public void mergeState(Col[] state, int[] map, int count) {
      LongCol c = (LongCol) state[0];
      try {
        for (int i = 0; i < count; i++) {
          if (!c.isNull(i)) {
            int t = map[i];
            sums[t] = Math.addExact(sums[t], c.values[i]);
            seen[t] = true;
          }
        }
      } catch (ArithmeticException e) {
        throw overflow();
      }
    }

    @Override
    public long bytes() {
      return 9L * sums.length;
    }
  }

  // ---- SUM of decimals: 128-bit, checked against DECIMAL(38) at output ----

  static final class Sum128 extends Accumulator {
    private final boolean zeroDefault;
    private final boolean wideInput;
    private final boolean wideOutput;
    /**
     * A group's sum is {@code (hi, lo)} as a 128-bit integer plus {@code part}, a signed 64-bit
     * sum of narrow inputs not yet carried over. Narrow inputs add to {@code part} alone, moving
     * it into {@code (hi, lo)} only when it would overflow: one array read and write per row
     * instead of two, for DECIMAL(p ≤ 18) sums and for the wide values that fit in 64 bits.
     * Readers {@link #fold} first.
     */
    long[] lo = new long[16];
    long[] hi = new long[16];
    long[] part = new long[16];
    boolean[] seen = new boolean[16];

    Sum128(boolean zeroDefault, boolean wideInput, boolean wideOutput) {
      this.zeroDefault = zeroDefault;
      this.wideInput = wideInput;
      this.wideOutput = wideOutput;
    }

    @Override
    public void ensureGroups(int groups) {
      if (lo.length < groups) {
        int n = newSize(lo.length, groups);
        lo = Arrays.copyOf(lo, n);
        hi = Arrays.copyOf(hi, n);
        part = Arrays.copyOf(part, n);
        seen = Arrays.copyOf(seen, n);
      }
    }

    @Override
    public void update(Col arg, int[] gids, int[] sel, int count) {
      boolean[] nulls = arg.hasNulls ? arg.nulls : null;
      if (!wideInput) {
        long[] v = ((LongCol) arg).values;
        if (sel == null && nulls == null) {
          for (int i = 0; i < count; i++) { // the headline loop (TPC-H Q1)
            addToPart(gids[i], v[i]);
          }
          return;
        }
        for (int k = 0; k < count; k++) {
          int i = sel == null ? k : sel[k];
          if (nulls == null || !nulls[i]) {
            addToPart(gids[i], v[i]);
          }
        }
        return;
      }
      WideCol w = (WideCol) arg;
      long[] wl = w.lo;
      long[] wh = w.hi;
      for (int k = 0; k < count; k++) {
        int i = sel == null ? k : sel[k];
        if (nulls == null || !nulls[i]) {
          long x = wl[i];
          if (wh[i] != x >> 63) { // beyond 64 bits: straight into the 128-bit sum
            add(gids[i], x, wh[i]);
          } else { // wide types often hold narrow values (TPC-H Q1's DECIMAL(31,4) products)
            addToPart(gids[i], x);
          }
        }
      }
    }

    /**
     * Adds {@code x} to group {@code g}'s 64-bit part, carrying the part into the 128-bit sum
     * first when the addition would overflow.
     */
    private void addToPart(int g, long x) {
      long a = part[g];
      long r = a + x;
      if (((a ^ r) & (x ^ r)) < 0) { // the signed sum overflowed: carry a, restart at x
        add(g, a, a >> 63);
        r = x;
      }
      part[g] = r;
      seen[g] = true;
    }

    /** Carries group {@code g}'s pending narrow sum into its 128-bit sum. */
    void fold(int g) {
      long p = part[g];
      if (p != 0) {
        part[g] = 0;
        add(g, p, p >> 63);
      }
    }

    private void add(int g, long xlo, long xhi) {
      long a = lo[g];
      long r = a + xlo;
      lo[g] = r;
      hi[g] += xhi + (Long.compareUnsigned(r, a) < 0 ? 1 : 0);
      seen[g] = true;
    }

    @Override
    public void merge(Accumulator other, int[] map, int otherGroups) {
      Sum128 o = (Sum128) other;
      for (int g = 0; g < otherGroups; g++) {
        if (o.seen[g]) {
          o.fold(g);
          add(map[g], o.lo[g], o.hi[g]);
        }
      }
    }

    @Override
    public void write(int from, int count, FieldVector out) {
      allocate(out, count);
      for (int i = 0; i < count; i++) {
        int g = from + i;
        if (!seen[g] && !zeroDefault) {
          continue;
        }
        fold(g);
        long l = lo[g];
        long h = hi[g];
        boolean fitsLong = h == l >> 63;
        if (!wideOutput && !fitsLong) {
          throw new ArithmeticException("DECIMAL overflow in SUM");
        }
        // |value| < 2^64 * 5e18 < 10^38 needs no check; beyond, compare exactly.
        if (!fitsLong && (h > 5_000_000_000_000_000_000L || h < -5_000_000_000_000_000_000L)
            && toBigInteger(l, h).abs().compareTo(DECIMAL38_LIMIT) >= 0) {
          throw new ArithmeticException("DECIMAL(38) overflow in SUM");
        }
        ColumnIO.setDecimal(out, i, l, h);
      }
      out.setValueCount(count);
    }

    @Override
    public ColumnIO.Kind[] stateKinds() {
      return new ColumnIO.Kind[] {ColumnIO.Kind.DECIMAL128};
    }

    @Override
    public Col[] exportState(int[] groups, int from, int count) {
      WideCol c = new WideCol(count);
      for (int i = 0; i < count; i++) {
        int g = groups[from + i];
        fold(g);
        c.append(lo[g], hi[g], !seen[g]);
      }
      return new Col[] {c};
    }

    @Override
    public void mergeState(Col[] state, int[] map, int count) {
      WideCol c = (WideCol) state[0];
      for (int i = 0; i < count; i++) {
        if (!c.isNull(i)) {
          add(map[i], c.lo[i], c.hi[i]);
        }
      }
    }

    @Override
    public long bytes() {
      return 25L * lo.length;
    }
  }

  // ---- SUM of doubles ----

  static final class SumDouble extends Accumulator {
    private final boolean zeroDefault;
    double[] sums = new double[16];
    boolean[] seen = new boolean[16];

    SumDouble(boolean zeroDefault) {
      this.zeroDefault = zeroDefault;
    }

    @Override
    public void ensureGroups(int groups) {
      if (sums.length < groups) {
        int n = newSize(sums.length, groups);
        sums = Arrays.copyOf(sums, n);
        seen = Arrays.copyOf(seen, n);
      }
    }

    @Override
    public void update(Col arg, int[] gids, int[] sel, int count) {
      long[] v = ((LongCol) arg).values;
      double[] s = sums;
      boolean[] sn = seen;
      boolean[] nulls = arg.hasNulls ? arg.nulls : null;
      for (int k = 0; k < count; k++) {
        int i = sel == null ? k : sel[k];
        if (nulls == null || !nulls[i]) {
          int g = gids[i];
          s[g] += Double.longBitsToDouble(v[i]);
          sn[g] = true;
        }
      }
    }

    @Override
    public void merge(Accumulator other, int[] map, int otherGroups) {
      SumDouble o = (SumDouble) other;
      for (int g = 0; g < otherGroups; g++) {
        if (o.seen[g]) {
          sums[map[g]] += o.sums[g];
          seen[map[g]] = true;
        }
      }
    }

    @Override
    public void write(int from, int count, FieldVector out) {
      allocate(out, count);
      for (int i = 0; i < count; i++) {
        int g = from + i;
        if (seen[g] || zeroDefault) {
          ColumnIO.setLong(out, i, Double.doubleToRawLongBits(sums[g]));
        }
      }
      out.setValueCount(count);
    }

    @Override
    public ColumnIO.Kind[] stateKinds() {
      return new ColumnIO.Kind[] {ColumnIO.Kind.LONG};
    }

    @Override
    public Col[] exportState(int[] groups, int from, int count) {
      LongCol c = new LongCol(count);
      for (int i = 0; i < count; i++) {
        int g = groups[from + i];
        c.append(Double.doubleToRawLongBits(sums[g]), !seen[g]);
      }
      return new Col[] {c};
    }

    @Override
    public void mergeState(Col[] state, int[] map, int count) {
      LongCol c = (LongCol) state[0];
      for (int i = 0; i < count; i++) {
        if (!c.isNull(i)) {
          sums[map[i]] += Double.longBitsToDouble(c.values[i]);
          seen[map[i]] = true;
        }
      }
    }

    @Override
    public long bytes() {
      return 9L * sums.length;
    }
  }

  // ---- AVG ----

  /** AVG's state: a sum and a count of the same groups; the subclasses divide at output. */
  abstract static class SumAndCount<S extends Accumulator> extends Accumulator {
    final S sum;
    final Count count = new Count(true);

    SumAndCount(S sum) {
      this.sum = sum;
    }

    @Override
    public void ensureGroups(int groups) {
      sum.ensureGroups(groups);
      count.ensureGroups(groups);
    }

    @Override
    public void update(Col arg, int[] gids, int[] sel, int n) {
      sum.update(arg, gids, sel, n);
      count.update(arg, gids, sel, n);
    }

    @Override
    public void merge(Accumulator other, int[] map, int otherGroups) {
      SumAndCount<?> o = (SumAndCount<?>) other;
      sum.merge(o.sum, map, otherGroups);
      count.merge(o.count, map, otherGroups);
    }

    @Override
    public ColumnIO.Kind[] stateKinds() {
      return new ColumnIO.Kind[] {sum.stateKinds()[0], ColumnIO.Kind.LONG};
    }

    @Override
    public Col[] exportState(int[] groups, int from, int n) {
      return new Col[] {sum.exportState(groups, from, n)[0], count.exportState(groups, from, n)[0]};
    }

    @Override
    public void mergeState(Col[] state, int[] map, int n) {
      sum.mergeState(new Col[] {state[0]}, map, n);
      count.mergeState(new Col[] {state[1]}, map, n);
    }

    @Override
    public long bytes() {
      return sum.bytes() + count.bytes();
    }
  }

  /** AVG of integers and decimals: exact 128-bit sum and a count, divided at output. */
  static final class Avg128 extends SumAndCount<Sum128> {
    private final double divisor;

    Avg128(boolean wideInput, int scale) {
      super(new Sum128(false, wideInput, true));
      divisor = Math.pow(10, scale);
    }

    @Override
    public void write(int from, int n, FieldVector out) {
      allocate(out, n);
      for (int i = 0; i < n; i++) {
        int g = from + i;
        long c = count.counts[g];
        if (c > 0) {
          sum.fold(g);
          double avg = toDouble(sum.lo[g], sum.hi[g]) / divisor / c;
          ColumnIO.setLong(out, i, Double.doubleToRawLongBits(avg));
        }
      }
      out.setValueCount(n);
    }
  }

  /** AVG of doubles: a double sum and a count. */
  static final class AvgDouble extends SumAndCount<SumDouble> {
    AvgDouble() {
      super(new SumDouble(false));
    }

    @Override
    public void write(int from, int n, FieldVector out) {
      allocate(out, n);
      for (int i = 0; i < n; i++) {
        int g = from + i;
        long c = count.counts[g];
        if (c > 0) {
          ColumnIO.setLong(out, i, Double.doubleToRawLongBits(sum.sums[g] / c));
        }
      }
      out.setValueCount(n);
    }
  }

  // ---- MIN / MAX ----

  /** MIN/MAX of values held as longs: signed order, or double order (NaN greatest) for floats. */
  static final class MinMaxLong extends Accumulator {
    private final boolean max;
    private final boolean doubles;
    final LongCol best = new LongCol(16);

    MinMaxLong(boolean max, boolean doubles) {
      this.max = max;
      this.doubles = doubles;
      best.hasNulls = true;
    }

    @Override
    public void ensureGroups(int groups) {
      if (best.size < groups) {
        best.ensureCapacity(groups);
        Arrays.fill(best.nulls, best.size, groups, true);
        best.size = groups;
      }
    }

    private boolean better(long v, long cur) {
      int c = doubles ? Double.compare(Double.longBitsToDouble(v), Double.longBitsToDouble(cur))
          : Long.compare(v, cur);
      return max ? c > 0 : c < 0;
    }

    @Override
    public void update(Col arg, int[] gids, int[] sel, int count) {
      long[] v = ((LongCol) arg).values;
      long[] b = best.values;
      boolean[] empty = best.nulls;
      boolean[] nulls = arg.hasNulls ? arg.nulls : null;
      for (int k = 0; k < count; k++) {
        int i = sel == null ? k : sel[k];
        if (nulls == null || !nulls[i]) {
          int g = gids[i];
          if (empty[g] || better(v[i], b[g])) {
            b[g] = v[i];
            empty[g] = false;
          }
        }
      }
    }

    @Override
    public void merge(Accumulator other, int[] map, int otherGroups) {
      LongCol o = ((MinMaxLong) other).best;
      for (int g = 0; g < otherGroups; g++) {
        int t = map[g];
        if (!o.nulls[g] && (best.nulls[t] || better(o.values[g], best.values[t]))) {
          best.values[t] = o.values[g];
          best.nulls[t] = false;
        }
      }
    }

    @Override
    public void write(int from, int count, FieldVector out) {
      ColumnIO.write(best, null, from, count, out);
    }

    @Override
    public ColumnIO.Kind[] stateKinds() {
      return new ColumnIO.Kind[] {ColumnIO.Kind.LONG};
    }

    @Override
    public Col[] exportState(int[] groups, int from, int count) {
      return new Col[] {best.gather(groups, from, count)};
    }

    @Override
    public void mergeState(Col[] state, int[] map, int count) {
      LongCol o = (LongCol) state[0];
      for (int i = 0; i < count; i++) {
        int t = map[i];
        if (!o.isNull(i) && (best.nulls[t] || better(o.values[i], best.values[t]))) {
          best.values[t] = o.values[i];
          best.nulls[t] = false;
        }
      }
    }

    @Override
    public long bytes() {
      return best.bytes();
    }
  }

  /** MIN/MAX of 128-bit decimals. */
  static final class MinMaxWide extends Accumulator {
    private final boolean max;
    final WideCol best = new WideCol(16);

    MinMaxWide(boolean max) {
      this.max = max;
      best.hasNulls = true;
    }

    @Override
    public void ensureGroups(int groups) {
      if (best.size < groups) {
        best.ensureCapacity(groups);
        Arrays.fill(best.nulls, best.size, groups, true);
        best.size = groups;
      }
    }

    private boolean better(long lo, long hi, int g) {
      int c = hi != best.hi[g] ? Long.compare(hi, best.hi[g]) : Long.compareUnsigned(lo, best.lo[g]);
      return max ? c > 0 : c < 0;
    }

    private void offer(int g, long lo, long hi) {
      if (best.nulls[g] || better(lo, hi, g)) {
        best.lo[g] = lo;
        best.hi[g] = hi;
        best.nulls[g] = false;
      }
    }

    @Override
    public void update(Col arg, int[] gids, int[] sel, int count) {
      WideCol w = (WideCol) arg;
      for (int k = 0; k < count; k++) {
        int i = sel == null ? k : sel[k];
        if (!w.isNull(i)) {
          offer(gids[i], w.lo[i], w.hi[i]);
        }
      }
    }

    @Override
    public void merge(Accumulator other, int[] map, int otherGroups) {
      WideCol o = ((MinMaxWide) other).best;
      for (int g = 0; g < otherGroups; g++) {
        if (!o.nulls[g]) {
          offer(map[g], o.lo[g], o.hi[g]);
        }
      }
    }

    @Override
    public void write(int from, int count, FieldVector out) {
      ColumnIO.write(best, null, from, count, out);
    }

    @Override
    public ColumnIO.Kind[] stateKinds() {
      return new ColumnIO.Kind[] {ColumnIO.Kind.DECIMAL128};
    }

    @Override
    public Col[] exportState(int[] groups, int from, int count) {
      return new Col[] {best.gather(groups, from, count)};
    }

    @Override
    public void mergeState(Col[] state, int[] map, int count) {
      WideCol o = (WideCol) state[0];
      for (int i = 0; i < count; i++) {
        if (!o.isNull(i)) {
          offer(map[i], o.lo[i], o.hi[i]);
        }
      }
    }

    @Override
    public long bytes() {
      return best.bytes();
    }
  }

  /** MIN/MAX of strings and binaries: unsigned byte order (UTF-8 order is code point order). */
  static final class MinMaxBytes extends Accumulator {
    private final boolean max;
    private static final int ARRAY_HEADER = 16;
    byte[][] best = new byte[16][];
    /** Bytes of the kept values' arrays. */
    private long held;

    MinMaxBytes(boolean max) {
      this.max = max;
    }

    @Override
    public void ensureGroups(int groups) {
      if (best.length < groups) {
        best = Arrays.copyOf(best, newSize(best.length, groups));
      }
    }

    private boolean better(byte[] d, int from, int to, byte[] cur) {
      int c = Arrays.compareUnsigned(d, from, to, cur, 0, cur.length);
      return max ? c > 0 : c < 0;
    }

    @Override
    public void update(Col arg, int[] gids, int[] sel, int count) {
      BytesCol b = (BytesCol) arg;
      for (int k = 0; k < count; k++) {
        int i = sel == null ? k : sel[k];
        if (!b.isNull(i)) {
          int g = gids[i];
          int from = b.offsets[i];
          int to = b.offsets[i + 1];
          byte[] cur = best[g];
          if (cur == null || better(b.data, from, to, cur)) {
            keep(g, Arrays.copyOfRange(b.data, from, to));
          }
        }
      }
    }

    @Override
    public void merge(Accumulator other, int[] map, int otherGroups) {
      byte[][] o = ((MinMaxBytes) other).best;
      for (int g = 0; g < otherGroups; g++) {
        byte[] v = o[g];
        int t = map[g];
        if (v != null && (best[t] == null || better(v, 0, v.length, best[t]))) {
          keep(t, v);
        }
      }
    }

    @Override
    public void write(int from, int count, FieldVector out) {
      BytesCol col = new BytesCol(count);
      for (int i = 0; i < count; i++) {
        byte[] v = best[from + i];
        col.append(v, 0, v == null ? 0 : v.length, v == null);
      }
      ColumnIO.write(col, null, 0, count, out);
    }

    @Override
    public ColumnIO.Kind[] stateKinds() {
      return new ColumnIO.Kind[] {ColumnIO.Kind.BYTES};
    }

    @Override
    public Col[] exportState(int[] groups, int from, int count) {
      BytesCol c = new BytesCol(count);
      for (int i = 0; i < count; i++) {
        byte[] v = best[groups[from + i]];
        c.append(v, 0, v == null ? 0 : v.length, v == null);
      }
      return new Col[] {c};
    }

    @Override
    public void mergeState(Col[] state, int[] map, int count) {
      BytesCol o = (BytesCol) state[0];
      for (int i = 0; i < count; i++) {
        if (o.isNull(i)) {
          continue;
        }
        int t = map[i];
        int from = o.offsets[i];
        int to = o.offsets[i + 1];
        byte[] cur = best[t];
        if (cur == null || better(o.data, from, to, cur)) {
          keep(t, Arrays.copyOfRange(o.data, from, to));
        }
      }
    }

    private void keep(int g, byte[] v) {
      byte[] old = best[g];
      held += v.length + ARRAY_HEADER - (old == null ? 0 : old.length + ARRAY_HEADER);
      best[g] = v;
    }

    @Override
    public long bytes() {
      return 8L * best.length + held;
    }
  }

  // ---- ANY_VALUE / SINGLE_VALUE ----

  /**
   * ANY_VALUE keeps the first non-null value of each group; SINGLE_VALUE keeps its only row's value
   * and fails when a group has a second row. Values are appended to a column of the argument's kind
   * and each group refers to its row there.
   */
  static final class AnyValue extends Accumulator {
    private final boolean single;
    private final Col values;
    int[] ref = new int[16];
    long[] rows = new long[16];
    private int groups;

    AnyValue(Kind kind, boolean single) {
      this.single = single;
      this.values = ColumnIO.newCol(kind, 16);
    }

    @Override
    public void ensureGroups(int n) {
      if (ref.length < n) {
        int size = newSize(ref.length, n);
        ref = Arrays.copyOf(ref, size);
        rows = Arrays.copyOf(rows, size);
      }
      if (groups < n) {
        Arrays.fill(ref, groups, n, -1);
        groups = n;
      }
    }

    private static RuntimeException moreThanOneRow() {
      return new IllegalStateException("more than one row returned by a subquery used as an expression");
    }

    @Override
    public void update(Col arg, int[] gids, int[] sel, int count) {
      for (int k = 0; k < count; k++) {
        int i = sel == null ? k : sel[k];
        int g = gids[i];
        if (single) {
          if (++rows[g] > 1) {
            throw moreThanOneRow();
          }
        } else if (ref[g] >= 0 || arg.isNull(i)) {
          continue;
        }
        ref[g] = values.size();
        values.appendFrom(arg, i);
      }
    }

    @Override
    public void merge(Accumulator other, int[] map, int otherGroups) {
      AnyValue o = (AnyValue) other;
      for (int g = 0; g < otherGroups; g++) {
        int t = map[g];
        if (single) {
          rows[t] += o.rows[g];
          if (rows[t] > 1) {
            throw moreThanOneRow();
          }
        }
        if (o.ref[g] >= 0 && ref[t] < 0) {
          ref[t] = values.size();
          values.appendFrom(o.values, o.ref[g]);
        }
      }
    }

    @Override
    public void write(int from, int count, FieldVector out) {
      ColumnIO.write(values, ref, from, count, out);
    }

    @Override
    public ColumnIO.Kind[] stateKinds() {
      ColumnIO.Kind k = values instanceof BytesCol ? ColumnIO.Kind.BYTES
          : values instanceof WideCol ? ColumnIO.Kind.DECIMAL128 : ColumnIO.Kind.LONG;
      return new ColumnIO.Kind[] {k, ColumnIO.Kind.LONG};
    }

    @Override
    public Col[] exportState(int[] groups, int from, int count) {
      Col v = values.newStorage(count);
      LongCol r = new LongCol(count);
      for (int i = 0; i < count; i++) {
        int g = groups[from + i];
        if (ref[g] >= 0) {
          v.appendFrom(values, ref[g]);
        } else {
          v.appendNull();
        }
        r.append(rows[g], false);
      }
      return new Col[] {v, r};
    }

    @Override
    public void mergeState(Col[] state, int[] map, int count) {
      Col v = state[0];
      long[] r = ((LongCol) state[1]).values;
      for (int i = 0; i < count; i++) {
        int t = map[i];
        if (single) {
          rows[t] += r[i];
          if (rows[t] > 1) {
            throw moreThanOneRow();
          }
        }
        if (!v.isNull(i) && ref[t] < 0) {
          ref[t] = values.size();
          values.appendFrom(v, i);
        }
      }
    }

    @Override
    public long bytes() {
      return 12L * ref.length + values.bytes();
    }
  }

  // ---- LITERAL_AGG ----

  /** Calcite's LITERAL_AGG: the same literal for every group. */
  static final class Literal extends Accumulator {
    private final Object value;

    Literal(Object value, ArrowType out) {
      this.value = value;
      boolean ok = value == null
          || value instanceof Boolean && out instanceof ArrowType.Bool
          || value instanceof Long && out instanceof ArrowType.Int
          || value instanceof Double && out instanceof ArrowType.FloatingPoint
          || value instanceof BigDecimal && out instanceof ArrowType.Decimal
          || value instanceof String && out instanceof ArrowType.Utf8;
      if (!ok) {
        throw new UnsupportedOperationException("LITERAL_AGG of " + value + " as " + out);
      }
    }

    @Override
    public void ensureGroups(int groups) {}

    @Override
    public void update(Col arg, int[] gids, int[] sel, int count) {}

    @Override
    public void merge(Accumulator other, int[] map, int otherGroups) {}

    @Override
    public void write(int from, int count, FieldVector out) {
      allocate(out, count);
      if (value != null) {
        for (int i = 0; i < count; i++) {
          if (out instanceof BitVector b) {
            b.set(i, (Boolean) value ? 1 : 0);
          } else if (out instanceof Float8Vector f) {
            f.set(i, (Double) value);
          } else if (out instanceof Float4Vector f) {
            f.set(i, ((Double) value).floatValue());
          } else if (out instanceof DecimalVector d) {
            d.setSafe(i, ((BigDecimal) value).setScale(d.getScale()));
          } else if (out instanceof VarCharVector v) {
            v.setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8));
          } else {
            setInt(out, i, (Long) value);
          }
        }
      }
      out.setValueCount(count);
    }

    @Override
    public ColumnIO.Kind[] stateKinds() {
      return new ColumnIO.Kind[0];
    }

    @Override
    public Col[] exportState(int[] groups, int from, int count) {
      return new Col[0];
    }

    @Override
    public void mergeState(Col[] state, int[] map, int count) {}

    @Override
    public long bytes() {
      return 0;
    }
  }
}
