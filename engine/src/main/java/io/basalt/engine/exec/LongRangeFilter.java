package io.basalt.engine.exec;

import io.basalt.engine.pushdown.CompareOp;
import io.basalt.engine.pushdown.Operand;
import io.basalt.engine.pushdown.ScanPredicate;
import io.basalt.engine.pushdown.ValueDomain;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The fast path of the scan's row filter: a comparison of an integer, date or short-decimal
 * (precision ≤ 18) column with a literal becomes an inclusive range of longs, tested in one typed
 * loop over the surviving rows — no per-row objects or calls. Decimal literals with more
 * fractional digits than the column are rounded to the equivalent bound (x &lt; 1.005 over
 * two-digit values is x ≤ 1.00).
 */
final class LongRangeFilter {
  private LongRangeFilter() {}

  /**
   * Narrows {@code selection} to the rows where {@code c} holds, returning the survivors' count, or
   * -1 when the comparison has no fast path here (the caller judges it row by row).
   */
  static int narrow(ScanPredicate.Compare c, VectorSchemaRoot batch, int position,
      int[] selection, int n) {
    if (position < 0 || !(c.value() instanceof Operand.Literal literal) || literal.value() == null
        || c.op() == CompareOp.NE) {
      return -1;
    }
    FieldVector v = batch.getVector(position);
    long[] range;
    int width;
    if (v instanceof DateDayVector && c.domain() == ValueDomain.DATE
        && literal.value() instanceof Long l) {
      range = range(c.op(), BigDecimal.valueOf(l));
      width = 4;
    } else if (c.domain() == ValueDomain.EXACT && literal.value() instanceof BigDecimal d) {
      if (v instanceof IntVector) {
        range = range(c.op(), d);
        width = 4;
      } else if (v instanceof BigIntVector) {
        range = range(c.op(), d);
        width = 8;
      } else if (v instanceof DecimalVector x && x.getPrecision() <= 18) {
        range = range(c.op(), d.movePointRight(x.getScale()));
        width = 16;
      } else {
        return -1;
      }
    } else {
      return -1;
    }
    if (range == null) {
      return -1;
    }
    long lo = range[0];
    long hi = range[1];
    if (lo > hi) {
      return 0;
    }
    BaseFixedWidthVector fixed = (BaseFixedWidthVector) v;
    ArrowBuf data = fixed.getDataBuffer();
    // Columns a selective load filled have NULL slots for the rows it skipped: test validity too.
    ArrowBuf validity = fixed.getNullCount() == 0 ? null : fixed.getValidityBuffer();
    return narrowRange(data, validity, width, lo, hi, selection, n);
  }

  /*
   * The loops below keep rows without a branch on the outcome: every row is written at the next
   * free slot and the count advances by the test's 0 or 1. Range and key filters keep a
   * data-dependent share of rows (TPC-H Q6: 15 %, then 27 %), where a branch mispredicts often;
   * this was the hottest Java loop of Q6. Writing slot m <= j is safe: slot j was read already.
   * One unsigned comparison tests lo <= value <= hi (for lo <= hi), overflow included.
   */

  /** Values are 4-byte ints at width 4, else the low 8 bytes of each {@code width}-byte slot. */
  private static int narrowRange(ArrowBuf data, ArrowBuf validity, int width, long lo, long hi,
      int[] selection, int n) {
    long span = hi - lo;
    int m = 0;
    if (validity == null) {
      for (int j = 0; j < n; j++) {
        int r = selection[j];
        long value = width == 4 ? data.getInt((long) r * 4) : data.getLong((long) r * width);
        selection[m] = r;
        m += Long.compareUnsigned(value - lo, span) <= 0 ? 1 : 0;
      }
      return m;
    }
    for (int j = 0; j < n; j++) {
      int r = selection[j];
      long value = width == 4 ? data.getInt((long) r * 4) : data.getLong((long) r * width);
      selection[m] = r;
      m += (Long.compareUnsigned(value - lo, span) <= 0 ? 1 : 0) & valid(validity, r);
    }
    return m;
  }

  /** 1 when row {@code r} is not NULL, else 0. */
  private static int valid(ArrowBuf validity, int r) {
    return (validity.getByte(r >>> 3) >>> (r & 7)) & 1;
  }

  /**
   * Narrows {@code selection} to the rows whose value is in the runtime key set {@code k} (NULL
   * never is), or returns -1 when the column is not a 32/64-bit integer or date column.
   */
  static int narrow(ScanPredicate.KeySet k, VectorSchemaRoot batch, int position,
      int[] selection, int n) {
    if (position < 0) {
      return -1;
    }
    FieldVector v = batch.getVector(position);
    int width;
    if (v instanceof DateDayVector && k.domain() == ValueDomain.DATE
        || v instanceof IntVector && k.domain() == ValueDomain.EXACT) {
      width = 4;
    } else if (v instanceof BigIntVector && k.domain() == ValueDomain.EXACT) {
      width = 8;
    } else {
      return -1;
    }
    BaseFixedWidthVector fixed = (BaseFixedWidthVector) v;
    ArrowBuf data = fixed.getDataBuffer();
    boolean nulls = fixed.getNullCount() > 0;
    long lo = k.min();
    long hi = k.max();
    ScanPredicate.LongSet set = k.set();
    long[] bits = set == null ? null : set.bitmap();
    int m = 0;
    if (bits != null) {
      // The common case, dense join keys: one bit read per row, without a branch on the outcome
      // (see narrowRange); a value outside the bitmap reads word 0 and is masked out.
      long base = set.bitmapBase();
      long bitLo = Math.max(lo, base); // the bitmap covers only its own keys' range
      long bitHi = Math.min(hi, base + 64L * bits.length - 1);
      if (bitLo > bitHi) { // the bitmap (never empty) lies outside [lo, hi]
        return 0;
      }
      long span = bitHi - bitLo;
      ArrowBuf validity = nulls ? fixed.getValidityBuffer() : null;
      for (int j = 0; j < n; j++) {
        int r = selection[j];
        long value = width == 4 ? data.getInt((long) r * 4) : data.getLong((long) r * 8);
        long d = value - base;
        int in = Long.compareUnsigned(value - bitLo, span) <= 0 ? 1 : 0;
        int word = (int) (d >>> 6) & -in; // 0 when outside
        int keep = (int) (bits[word] >>> d) & in;
        selection[m] = r;
        m += validity == null ? keep : keep & valid(validity, r);
      }
      return m;
    }
    for (int j = 0; j < n; j++) {
      int r = selection[j];
      long value = width == 4 ? data.getInt((long) r * 4) : data.getLong((long) r * 8);
      if (value >= lo && value <= hi && (set == null || set.contains(value))
          && (!nulls || !fixed.isNull(r))) {
        selection[m++] = r;
      }
    }
    return m;
  }

  /**
   * Narrows {@code selection} to the rows where {@code in} holds (NULL never does), or returns -1
   * when the column is not an integer, date or short-decimal column or a list entry is not a
   * non-NULL literal (the caller judges those row by row). Literals that no value of the column
   * can equal (fractions of its unit, numbers beyond a long) match no row, in IN and NOT IN alike.
   */
  static int narrow(ScanPredicate.InList in, VectorSchemaRoot batch, int position,
      int[] selection, int n) {
    if (position < 0) {
      return -1;
    }
    FieldVector v = batch.getVector(position);
    int width;
    int scale = 0;
    if (v instanceof DateDayVector && in.domain() == ValueDomain.DATE) {
      width = 4;
    } else if (in.domain() != ValueDomain.EXACT) {
      return -1;
    } else if (v instanceof IntVector) {
      width = 4;
    } else if (v instanceof BigIntVector) {
      width = 8;
    } else if (v instanceof DecimalVector x && x.getPrecision() <= 18) {
      width = 16;
      scale = x.getScale();
    } else {
      return -1;
    }
    long[] keys = new long[in.values().size()];
    int count = 0;
    for (Operand operand : in.values()) {
      if (!(operand instanceof Operand.Literal literal) || literal.value() == null) {
        return -1;
      }
      if (in.domain() == ValueDomain.DATE && literal.value() instanceof Long days) {
        keys[count++] = days;
      } else if (in.domain() == ValueDomain.EXACT && literal.value() instanceof BigDecimal d) {
        try {
          keys[count] = d.movePointRight(scale).setScale(0, RoundingMode.UNNECESSARY)
              .longValueExact();
          count++;
        } catch (ArithmeticException e) {
          // a fraction of the column's unit, or beyond a long: equal to no value
        }
      } else {
        return -1;
      }
    }
    keys = java.util.Arrays.stream(keys, 0, count).sorted().distinct().toArray();
    BaseFixedWidthVector fixed = (BaseFixedWidthVector) v;
    ArrowBuf data = fixed.getDataBuffer();
    ArrowBuf validity = fixed.getNullCount() == 0 ? null : fixed.getValidityBuffer();
    int flip = in.negated() ? 1 : 0;
    int m = 0;
    // Branch-free keeping as in narrowRange (TPC-H Q16's p_size IN keeps 8 of 50 values).
    for (int j = 0; j < n; j++) {
      int r = selection[j];
      long value = width == 4 ? data.getInt((long) r * 4) : data.getLong((long) r * width);
      int keep = (contains(keys, value) ? 1 : 0) ^ flip;
      selection[m] = r;
      m += validity == null ? keep : keep & valid(validity, r);
    }
    return m;
  }

  /** Whether sorted {@code keys} holds {@code value}: a scan for short lists, else a search. */
  private static boolean contains(long[] keys, long value) {
    if (keys.length <= 8) {
      boolean found = false;
      for (long k : keys) {
        found |= k == value;
      }
      return found;
    }
    return java.util.Arrays.binarySearch(keys, value) >= 0;
  }

  /**
   * The inclusive long range of {@code value op x}, or null when a bound does not fit a long (the
   * caller then takes the exact path).
   */
  static long[] range(CompareOp op, BigDecimal x) {
    BigDecimal floor = x.setScale(0, RoundingMode.FLOOR);
    BigDecimal ceil = x.setScale(0, RoundingMode.CEILING);
    boolean integral = floor.compareTo(ceil) == 0;
    try {
      return switch (op) {
        case EQ -> integral ? new long[] {floor.longValueExact(), floor.longValueExact()}
            : new long[] {1, 0};
        // v < x: v <= x - 1 for integral x, else v <= floor(x)
        case LT -> new long[] {Long.MIN_VALUE, integral
            ? Math.subtractExact(floor.longValueExact(), 1) : floor.longValueExact()};
        case LE -> new long[] {Long.MIN_VALUE, floor.longValueExact()};
        case GT -> new long[] {integral
            ? Math.addExact(ceil.longValueExact(), 1) : ceil.longValueExact(), Long.MAX_VALUE};
        case GE -> new long[] {ceil.longValueExact(), Long.MAX_VALUE};
        case NE -> null;
      };
    } catch (ArithmeticException e) {
      return null;
    }
  }
}
